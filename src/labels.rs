//! Label names and values: the rules a name must follow, the `Labels` map,
//! and building the sorted label pairs a metric writes. Mirrors `labels.go`
//! (and `MakeLabelPairs` from `value.go`) in client_golang 1.14, which uses the
//! legacy name rules: metric names `[a-zA-Z_:][a-zA-Z0-9_:]*`, label names
//! `[a-zA-Z_][a-zA-Z0-9_]*` (no colon), and no `__` prefix for user labels.

use std::collections::BTreeMap;

use crate::proto::LabelPair;

/// Label names mapped to label values, as Go's `prometheus.Labels`.
///
/// A `BTreeMap` rather than a `HashMap` so that iteration is sorted by name,
/// which is the order every label list in a metric must have anyway.
pub type Labels = BTreeMap<String, String>;

/// Builds [`Labels`] from `name => value` pairs.
///
/// ```
/// let l = promreg::labels! { "env" => "prod", "zone" => "a" };
/// assert_eq!(l["env"], "prod");
/// ```
#[macro_export]
macro_rules! labels {
    ($($name:expr => $value:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut l = $crate::Labels::new();
        $( l.insert(::std::string::String::from($name), ::std::string::String::from($value)); )*
        l
    }};
}

/// Whether `name` is a valid metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
pub fn is_valid_metric_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().enumerate().all(|(i, b)| {
            b.is_ascii_alphabetic()
                || b == b'_'
                || b == b':'
                || (i > 0 && b.is_ascii_digit())
        })
}

/// Whether `name` is a valid label name: `[a-zA-Z_][a-zA-Z0-9_]*`.
pub fn is_valid_label_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().enumerate().all(|(i, b)| {
            b.is_ascii_alphabetic() || b == b'_' || (i > 0 && b.is_ascii_digit())
        })
}

/// Go's `checkLabelName`: valid, and not reserved for Prometheus' own use
/// (names starting with `__`).
pub(crate) fn check_label_name(name: &str) -> bool {
    is_valid_label_name(name) && !name.starts_with("__")
}

/// One `LabelPair` with both fields set.
pub(crate) fn label_pair(name: &str, value: &str) -> LabelPair {
    let mut pair = LabelPair::new();
    pair.name = Some(name.into());
    pair.value = Some(value.into());
    pair
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_names() {
        for ok in ["a", "a:b", "_x", ":x", "a1", "A_Z:9"] {
            assert!(is_valid_metric_name(ok), "{ok}");
        }
        for bad in ["", "1abc", "a-b", "a b", "é", "a.b"] {
            assert!(!is_valid_metric_name(bad), "{bad}");
        }
    }

    #[test]
    fn label_names() {
        for ok in ["a", "_x", "a1", "__reserved_but_valid"] {
            assert!(is_valid_label_name(ok), "{ok}");
        }
        for bad in ["", "1a", "a:b", "a-b", "é"] {
            assert!(!is_valid_label_name(bad), "{bad}");
        }
        assert!(!check_label_name("__x"));
        assert!(check_label_name("_x"));
    }
}
