//! The text parser against Go's: every case of `tests/golden/text_parse.tsv`
//! (the input's bytes, and what expfmt's `TextParser` made of them: the
//! families' protobuf bytes, or the error text) parsed by promreg.

mod common;

use promreg::encode::TextParser;
use protobuf::Message;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn parses_as_go_parses() {
    let mut parser = TextParser::default();
    let rows = common::golden_tsv("text_parse.tsv");
    for row in &rows {
        let [case, input, want] = row.as_slice() else { panic!("row {row:?}") };
        let got = match parser.text_to_metric_families(&common::unhex(input)) {
            Ok(families) => {
                let each: Vec<String> = families
                    .values()
                    .map(|mf| hex(&mf.write_to_bytes().unwrap()))
                    .collect();
                format!("ok:{}", each.join(","))
            }
            Err(err) => format!("error:{}", common::tsv_escape(&err.to_string())),
        };
        assert_eq!(
            &got,
            want,
            "case {case}: input {:?}",
            String::from_utf8_lossy(&common::unhex(input))
        );
    }
    assert!(rows.len() >= 80, "{} cases", rows.len());
}
