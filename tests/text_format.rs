//! Port of prometheus/common 0.39 expfmt's `TestCreate` and `TestCreateError`
//! (`expfmt/text_create_test.go`): each case builds the Go test's
//! `MetricFamily` with promreg's protobuf types and checks that
//! `metric_family_to_text` writes exactly Go's text (and reports its length),
//! or fails with an error whose text starts as Go's does.

use promreg::encode::metric_family_to_text;
use promreg::proto::{MetricFamily, MetricType};

// Builders standing in for Go's `&dto.X{...}` literals: `common::build`.
mod common;

use common::build::*;

// ---- TestCreate ----

struct Case {
    what: &'static str,
    input: MetricFamily,
    out: &'static str,
}

fn create_cases() -> Vec<Case> {
    let latency_buckets = [(100.0, 123), (120.0, 412), (144.0, 592), (172.8, 1524)];
    let mut latency_buckets_with_inf = latency_buckets.to_vec();
    latency_buckets_with_inf.push((f64::INFINITY, 2693));
    let latency_out = "\
# HELP request_duration_microseconds The response latency.
# TYPE request_duration_microseconds histogram
request_duration_microseconds_bucket{le=\"100\"} 123
request_duration_microseconds_bucket{le=\"120\"} 412
request_duration_microseconds_bucket{le=\"144\"} 592
request_duration_microseconds_bucket{le=\"172.8\"} 1524
request_duration_microseconds_bucket{le=\"+Inf\"} 2693
request_duration_microseconds_sum 1.7560473e+06
request_duration_microseconds_count 2693
";

    vec![
        Case {
            what: "0: counter, NaN as value, timestamp given",
            input: family(
                Some("name"),
                Some("two-line\n doc  str\\ing"),
                Some(MetricType::COUNTER),
                vec![
                    counter(
                        &[("labelname", "val1"), ("basename", "basevalue")],
                        f64::NAN,
                    ),
                    with_timestamp(
                        counter(
                            &[("labelname", "val2"), ("basename", "basevalue")],
                            0.23,
                        ),
                        1234567890,
                    ),
                ],
            ),
            out: r#"# HELP name two-line\n doc  str\\ing
# TYPE name counter
name{labelname="val1",basename="basevalue"} NaN
name{labelname="val2",basename="basevalue"} 0.23 1234567890
"#,
        },
        Case {
            what: "1: gauge, some escaping required, +Inf as value, multi-byte characters in label values",
            input: family(
                Some("gauge_name"),
                Some("gauge\ndoc\nstr\"ing"),
                Some(MetricType::GAUGE),
                vec![
                    gauge(
                        &[
                            ("name_1", "val with\nnew line"),
                            ("name_2", "val with \\backslash and \"quotes\""),
                        ],
                        f64::INFINITY,
                    ),
                    gauge(&[("name_1", "Björn"), ("name_2", "佖佥")], 3.14e42),
                ],
            ),
            out: r#"# HELP gauge_name gauge\ndoc\nstr"ing
# TYPE gauge_name gauge
gauge_name{name_1="val with\nnew line",name_2="val with \\backslash and \"quotes\""} +Inf
gauge_name{name_1="Björn",name_2="佖佥"} 3.14e+42
"#,
        },
        Case {
            what: "2: untyped, no help, one sample without labels and -Inf as value, another with one label",
            input: family(
                Some("untyped_name"),
                None,
                Some(MetricType::UNTYPED),
                vec![
                    untyped(&[], f64::NEG_INFINITY),
                    untyped(&[("name_1", "value 1")], -1.23e-45),
                ],
            ),
            out: r#"# TYPE untyped_name untyped
untyped_name -Inf
untyped_name{name_1="value 1"} -1.23e-45
"#,
        },
        Case {
            what: "3: summary",
            input: family(
                Some("summary_name"),
                Some("summary docstring"),
                Some(MetricType::SUMMARY),
                vec![
                    summary(
                        &[],
                        42,
                        -3.4567,
                        &[(0.5, -1.23), (0.9, 0.2342354), (0.99, 0.0)],
                    ),
                    summary(
                        &[("name_1", "value 1"), ("name_2", "value 2")],
                        4711,
                        2010.1971,
                        &[(0.5, 1.0), (0.9, 2.0), (0.99, 3.0)],
                    ),
                ],
            ),
            out: r#"# HELP summary_name summary docstring
# TYPE summary_name summary
summary_name{quantile="0.5"} -1.23
summary_name{quantile="0.9"} 0.2342354
summary_name{quantile="0.99"} 0
summary_name_sum -3.4567
summary_name_count 42
summary_name{name_1="value 1",name_2="value 2",quantile="0.5"} 1
summary_name{name_1="value 1",name_2="value 2",quantile="0.9"} 2
summary_name{name_1="value 1",name_2="value 2",quantile="0.99"} 3
summary_name_sum{name_1="value 1",name_2="value 2"} 2010.1971
summary_name_count{name_1="value 1",name_2="value 2"} 4711
"#,
        },
        Case {
            what: "4: histogram",
            input: family(
                Some("request_duration_microseconds"),
                Some("The response latency."),
                Some(MetricType::HISTOGRAM),
                vec![histogram(&[], 2693, 1756047.3, &latency_buckets_with_inf)],
            ),
            out: latency_out,
        },
        Case {
            what: "5: histogram with missing +Inf bucket",
            input: family(
                Some("request_duration_microseconds"),
                Some("The response latency."),
                Some(MetricType::HISTOGRAM),
                vec![histogram(&[], 2693, 1756047.3, &latency_buckets)],
            ),
            out: latency_out,
        },
        Case {
            what: "6: no metric type, should result in default type counter",
            input: family(
                Some("name"),
                Some("doc string"),
                None,
                vec![counter(&[], f64::NEG_INFINITY)],
            ),
            out: r#"# HELP name doc string
# TYPE name counter
name -Inf
"#,
        },
    ]
}

#[test]
fn create() {
    let cases = create_cases();
    assert_eq!(cases.len(), 7);
    let mut failures = Vec::new();
    for case in &cases {
        let mut out = Vec::with_capacity(case.out.len());
        match metric_family_to_text(&mut out, &case.input) {
            Err(err) => failures.push(format!("{}: error: {err}", case.what)),
            Ok(n) => {
                if n != case.out.len() {
                    failures.push(format!(
                        "{}: expected {} bytes written, got {n}",
                        case.what,
                        case.out.len()
                    ));
                }
                if n != out.len() {
                    failures.push(format!(
                        "{}: returned {n} bytes but wrote {}",
                        case.what,
                        out.len()
                    ));
                }
                let got = String::from_utf8_lossy(&out);
                if got != case.out {
                    failures.push(format!(
                        "{}: expected out={:?}, got {:?}",
                        case.what, case.out, got
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- TestCreateError ----

struct ErrorCase {
    what: &'static str,
    input: MetricFamily,
    err: &'static str,
}

fn create_error_cases() -> Vec<ErrorCase> {
    vec![
        ErrorCase {
            what: "0: no metric",
            input: family(
                Some("name"),
                Some("doc string"),
                Some(MetricType::COUNTER),
                vec![],
            ),
            err: "MetricFamily has no metrics",
        },
        ErrorCase {
            what: "1: no metric name",
            input: family(
                None,
                Some("doc string"),
                Some(MetricType::UNTYPED),
                vec![untyped(&[], f64::NEG_INFINITY)],
            ),
            err: "MetricFamily has no name",
        },
        ErrorCase {
            what: "2: wrong type",
            input: family(
                Some("name"),
                Some("doc string"),
                Some(MetricType::COUNTER),
                vec![untyped(&[], f64::NEG_INFINITY)],
            ),
            err: "expected counter in metric",
        },
    ]
}

#[test]
fn create_error() {
    let cases = create_error_cases();
    assert_eq!(cases.len(), 3);
    let mut failures = Vec::new();
    for case in &cases {
        let mut out = Vec::new();
        match metric_family_to_text(&mut out, &case.input) {
            Ok(n) => failures.push(format!("{}: expected error, got Ok({n})", case.what)),
            Err(err) => {
                let got = err.to_string();
                if !got.starts_with(case.err) {
                    failures.push(format!(
                        "{}: expected error starting with {:?}, got {got:?}",
                        case.what, case.err
                    ));
                }
                if !out.is_empty() {
                    failures.push(format!(
                        "{}: wrote {} bytes despite the error",
                        case.what,
                        out.len()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each encoding error's whole text equals Go's (`encode_text_*` in
/// `errors.tsv`), the family or metric inside printed as Go prints it; and
/// nothing is written.
#[test]
fn encoding_errors_equal_go() {
    for (case, mf) in encode_error_cases() {
        let mut out = Vec::new();
        let err = metric_family_to_text(&mut out, &mf).expect_err(case);
        common::assert_golden_error(&format!("encode_text_{case}"), &err.to_string());
        assert!(out.is_empty(), "{case}");
    }
}
