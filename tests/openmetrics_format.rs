//! Port of prometheus/common 0.39 expfmt's `TestCreateOpenMetrics` and
//! `TestOpenMetricsCreateError` (`expfmt/openmetrics_create_test.go`): each
//! case builds the Go test's `MetricFamily` with promreg's protobuf types and
//! checks that `metric_family_to_openmetrics` writes exactly Go's text (and
//! reports its length), or fails with an error whose text starts as Go's does.

use promreg::encode::metric_family_to_openmetrics;
use promreg::proto::{Exemplar, Metric, MetricFamily, MetricType};
use protobuf::MessageField;
use protobuf::well_known_types::timestamp::Timestamp;

// Builders standing in for Go's `&dto.X{...}` literals: `common::build`.
mod common;

use common::build::*;

/// An exemplar; `timestamp` is (seconds, nanos), as Go's `time.Unix(sec, nsec)`.
fn exemplar(
    pairs: &[(&str, &str)],
    value: f64,
    timestamp: Option<(i64, i32)>,
) -> Exemplar {
    let mut ex = Exemplar::new();
    ex.label = labels(pairs);
    ex.value = Some(value);
    if let Some((seconds, nanos)) = timestamp {
        let mut ts = Timestamp::new();
        ts.seconds = seconds;
        ts.nanos = nanos;
        ex.timestamp = MessageField::some(ts);
    }
    ex
}

/// Attaches `ex` to the histogram bucket at index `bucket`.
fn with_bucket_exemplar(mut m: Metric, bucket: usize, ex: Exemplar) -> Metric {
    m.histogram.mut_or_insert_default().bucket[bucket].exemplar = MessageField::some(ex);
    m
}

// ---- TestCreateOpenMetrics ----

struct Case {
    what: &'static str,
    input: MetricFamily,
    out: &'static str,
}

fn create_cases() -> Vec<Case> {
    let latency_buckets = [(100.0, 123), (120.0, 412), (144.0, 592), (172.8, 1524)];
    let mut latency_buckets_with_inf = latency_buckets.to_vec();
    latency_buckets_with_inf.push((f64::INFINITY, 2693));
    let latency_out = r#"# HELP request_duration_microseconds The response latency.
# TYPE request_duration_microseconds histogram
request_duration_microseconds_bucket{le="100.0"} 123
request_duration_microseconds_bucket{le="120.0"} 412
request_duration_microseconds_bucket{le="144.0"} 592
request_duration_microseconds_bucket{le="172.8"} 1524
request_duration_microseconds_bucket{le="+Inf"} 2693
request_duration_microseconds_sum 1.7560473e+06
request_duration_microseconds_count 2693
"#;
    // `time.Unix(12345, 600000000)` in the Go test.
    let open_metrics_timestamp = (12345, 600_000_000);

    vec![
        Case {
            what: "0: counter, timestamp given, no _total suffix",
            input: family(
                Some("name"),
                Some("two-line\n doc  str\\ing"),
                Some(MetricType::COUNTER),
                vec![
                    counter(&[("labelname", "val1"), ("basename", "basevalue")], 42.0),
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
# TYPE name unknown
name{labelname="val1",basename="basevalue"} 42.0
name{labelname="val2",basename="basevalue"} 0.23 1.23456789e+06
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
            out: r#"# HELP gauge_name gauge\ndoc\nstr\"ing
# TYPE gauge_name gauge
gauge_name{name_1="val with\nnew line",name_2="val with \\backslash and \"quotes\""} +Inf
gauge_name{name_1="Björn",name_2="佖佥"} 3.14e+42
"#,
        },
        Case {
            what: "2: unknown, no help, one sample without labels and -Inf as value, another with one label",
            input: family(
                Some("unknown_name"),
                None,
                Some(MetricType::UNTYPED),
                vec![
                    untyped(&[], f64::NEG_INFINITY),
                    untyped(&[("name_1", "value 1")], -1.23e-45),
                ],
            ),
            out: r#"# TYPE unknown_name unknown
unknown_name -Inf
unknown_name{name_1="value 1"} -1.23e-45
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
summary_name{quantile="0.99"} 0.0
summary_name_sum -3.4567
summary_name_count 42
summary_name{name_1="value 1",name_2="value 2",quantile="0.5"} 1.0
summary_name{name_1="value 1",name_2="value 2",quantile="0.9"} 2.0
summary_name{name_1="value 1",name_2="value 2",quantile="0.99"} 3.0
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
            what: "6: histogram with missing +Inf bucket but with different exemplars",
            input: family(
                Some("request_duration_microseconds"),
                Some("The response latency."),
                Some(MetricType::HISTOGRAM),
                vec![with_bucket_exemplar(
                    with_bucket_exemplar(
                        histogram(&[], 2693, 1756047.3, &latency_buckets),
                        1,
                        exemplar(&[("foo", "bar")], 119.9, Some(open_metrics_timestamp)),
                    ),
                    2,
                    exemplar(&[("foo", "baz"), ("dings", "bums")], 140.14, None),
                )],
            ),
            out: r#"# HELP request_duration_microseconds The response latency.
# TYPE request_duration_microseconds histogram
request_duration_microseconds_bucket{le="100.0"} 123
request_duration_microseconds_bucket{le="120.0"} 412 # {foo="bar"} 119.9 12345.6
request_duration_microseconds_bucket{le="144.0"} 592 # {foo="baz",dings="bums"} 140.14
request_duration_microseconds_bucket{le="172.8"} 1524
request_duration_microseconds_bucket{le="+Inf"} 2693
request_duration_microseconds_sum 1.7560473e+06
request_duration_microseconds_count 2693
"#,
        },
        Case {
            what: "7: simple counter",
            input: family(
                Some("foos_total"),
                Some("Number of foos."),
                Some(MetricType::COUNTER),
                vec![counter(&[], 42.0)],
            ),
            out: r#"# HELP foos Number of foos.
# TYPE foos counter
foos_total 42.0
"#,
        },
        Case {
            what: "8: no metric",
            input: family(
                Some("name_total"),
                Some("doc string"),
                Some(MetricType::COUNTER),
                vec![],
            ),
            out: r#"# HELP name doc string
# TYPE name counter
"#,
        },
    ]
}

#[test]
fn create_openmetrics() {
    let cases = create_cases();
    assert_eq!(cases.len(), 9);
    let mut failures = Vec::new();
    for case in &cases {
        let mut out = Vec::with_capacity(case.out.len());
        match metric_family_to_openmetrics(&mut out, &case.input) {
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

// ---- TestOpenMetricsCreateError ----

struct ErrorCase {
    what: &'static str,
    input: MetricFamily,
    err: &'static str,
}

fn create_error_cases() -> Vec<ErrorCase> {
    vec![
        ErrorCase {
            what: "0: no metric name",
            input: family(
                None,
                Some("doc string"),
                Some(MetricType::UNTYPED),
                vec![untyped(&[], f64::NEG_INFINITY)],
            ),
            err: "MetricFamily has no name",
        },
        ErrorCase {
            what: "1: wrong type",
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
fn openmetrics_create_error() {
    let cases = create_error_cases();
    assert_eq!(cases.len(), 2);
    let mut failures = Vec::new();
    for case in &cases {
        let mut out = Vec::new();
        match metric_family_to_openmetrics(&mut out, &case.input) {
            Ok(n) => failures.push(format!("{}: expected error, got Ok({n})", case.what)),
            Err(err) => {
                let got = err.to_string();
                if !got.starts_with(case.err) {
                    failures.push(format!(
                        "{}: expected error starting with {:?}, got {got:?}",
                        case.what, case.err
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each encoding error's whole text equals Go's (`encode_om_*` in
/// `errors.tsv`); a family without metrics is no error in OpenMetrics.
#[test]
fn encoding_errors_equal_go() {
    for (case, mf) in encode_error_cases() {
        let golden = format!("encode_om_{case}");
        let mut out = Vec::new();
        match metric_family_to_openmetrics(&mut out, &mf) {
            Ok(_) => assert_eq!(common::golden_error(&golden), "-", "{case} succeeded"),
            Err(err) => {
                common::assert_golden_error(&golden, &err.to_string());
                assert!(out.is_empty(), "{case}");
            }
        }
    }
}

/// An exemplar timestamp outside protobuf's range fails with
/// `Timestamp.CheckValid`'s text, as expfmt returns it (the same text Go's
/// `NewMetricWithExemplars` gives for year 10000).
#[test]
fn an_exemplar_timestamp_out_of_range_is_go_s_error() {
    let mut m = counter(&[], 1.0);
    m.counter.mut_or_insert_default().exemplar =
        MessageField::some(exemplar(&[("a", "b")], 1.0, Some((253_402_300_800, 0))));
    let mf = family(Some("x_total"), Some("h"), Some(MetricType::COUNTER), vec![m]);
    let err = metric_family_to_openmetrics(&mut Vec::new(), &mf).unwrap_err();
    assert_eq!(err.to_string(), common::golden_error("exemplar_const_timestamp"));
    let mut m = counter(&[], 1.0);
    m.counter.mut_or_insert_default().exemplar =
        MessageField::some(exemplar(&[("a", "b")], 1.0, Some((5, -1))));
    let mf = family(Some("x_total"), Some("h"), Some(MetricType::COUNTER), vec![m]);
    let err = metric_family_to_openmetrics(&mut Vec::new(), &mf).unwrap_err();
    assert_eq!(
        err.to_string(),
        "proto: timestamp (seconds:5 nanos:-1) has out-of-range nanos"
    );
}
