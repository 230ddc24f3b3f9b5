//! A port of client_golang's desc tests: every case of `tests/golden/desc_ids.tsv`
//! (written by the Go original) gives the same id, dimension hash, `String()`
//! and error in promreg.

mod common;

use common::{golden_tsv, tsv_escape};
use promreg::{Desc, Labels, build_fq_name, labels};

/// The inputs of each case, as `tests/go/golden.go` lists them.
fn case(name: &str) -> Desc {
    let none = Labels::new;
    match name {
        "plain" => Desc::new("test", "help", &[], none()),
        "var_a" => Desc::new("test", "help", &["a"], none()),
        "other_help" => Desc::new("test", "other help", &["a"], none()),
        "const_a1" => Desc::new("test", "help", &[], labels! {"a" => "1"}),
        "const_b1" => Desc::new("test", "help", &[], labels! {"b" => "1"}),
        "const_a1_b2" => Desc::new("test", "help", &[], labels! {"a" => "1", "b" => "2"}),
        "xy_a1" => Desc::new("test", "help", &["x", "y"], labels! {"a" => "1"}),
        "yx_a1" => Desc::new("test", "help", &["y", "x"], labels! {"a" => "1"}),
        "colon_name" => Desc::new("a:b", "h", &[], none()),
        "namespaced" => Desc::new(
            "bec_demo_requests_total",
            "A counter.",
            &[],
            labels! {"env" => "prod", "zone" => "a"},
        ),
        "quoted" => Desc::new("q", "say \"hi\"\\ \n", &["v"], labels! {"c" => "x\ny"}),
        "utf8" => Desc::new("u", "Björn", &[], labels! {"l" => "佖佥"}),
        "empty_help" => Desc::new("e", "", &[], none()),
        "bad_empty" => Desc::new("", "h", &[], none()),
        "bad_digit" => Desc::new("1abc", "h", &[], none()),
        "bad_dash" => Desc::new("a-b", "h", &[], none()),
        "bad_var" => Desc::new("ok", "h", &["__x"], none()),
        "bad_var_colon" => Desc::new("ok", "h", &["a:b"], none()),
        "bad_const" => Desc::new("ok", "h", &[], labels! {"__x" => "1"}),
        "bad_const_digit" => Desc::new("ok", "h", &[], labels! {"1a" => "1"}),
        "dup_var" => Desc::new("ok", "h", &["a", "a"], none()),
        "dup_const_var" => Desc::new("ok", "h", &["a"], labels! {"a" => "1"}),
        "many" => {
            Desc::new("m", "h", &["c", "a", "b"], labels! {"z" => "26", "y" => "25"})
        }
        other => panic!("unknown desc case {other}"),
    }
}

#[test]
fn ids_hashes_strings_and_errors_equal_go() {
    let rows = golden_tsv("desc_ids.tsv");
    assert_eq!(rows.len(), 23, "every case of the Go program is checked");
    for row in rows {
        let desc = case(&row[0]);
        let got = [
            format!("{:#018x}", desc.id()),
            format!("{:#018x}", desc.dim_hash()),
            tsv_escape(&desc.to_string()),
            desc.err().map_or("-".to_owned(), |e| tsv_escape(&e.to_string())),
        ];
        assert_eq!(got.as_slice(), &row[1..], "case {}", row[0]);
    }
}

#[test]
fn const_label_names_are_not_part_of_the_id() {
    let a = case("const_a1");
    let b = case("const_b1");
    assert_eq!(a.id(), b.id());
    assert_ne!(a.dim_hash(), b.dim_hash());
}

#[test]
fn invalid_desc_carries_its_error() {
    let d = Desc::new_invalid("boom");
    assert_eq!(d.err().unwrap().to_string(), "boom");
    assert_eq!(
        d.to_string(),
        r#"Desc{fqName: "", help: "", constLabels: {}, variableLabels: []}"#
    );
    assert_eq!(d.id(), 0);
}

/// Go's `TestBuildFQName`.
#[test]
fn build_fq_name_joins_non_empty_parts() {
    let cases = [
        (("a", "b", "c"), "a_b_c"),
        (("", "b", "c"), "b_c"),
        (("a", "", "c"), "a_c"),
        (("", "", "c"), "c"),
        (("a", "b", ""), ""),
        (("a", "", ""), ""),
        (("", "b", ""), ""),
        ((" ", "", ""), ""),
    ];
    for ((ns, sub, name), want) in cases {
        assert_eq!(build_fq_name(ns, sub, name), want, "{ns:?} {sub:?} {name:?}");
    }
}
