//! Content negotiation: which format to answer a scrape with, from its
//! `Accept` header. Mirrors expfmt's `Negotiate` and
//! `NegotiateIncludingOpenMetrics` (prometheus/common 0.39) and the
//! goautoneg parser they use, including its quirks: no case folding, a bad
//! `q` counts as 0, and a malformed clause is skipped, never an error.

use crate::encode::Format;

/// One clause of an `Accept` header.
#[derive(Debug, Default)]
struct Accept<'a> {
    media_type: &'a str,
    subtype: &'a str,
    q: f64,
    params: Vec<(&'a str, &'a str)>,
}

impl Accept<'_> {
    fn param(&self, name: &str) -> &str {
        // Like a Go map: a later parameter of the same name wins.
        self.params.iter().rev().find(|(n, _)| *n == name).map_or("", |(_, v)| v)
    }
}

const PROTO_TYPE: &str = "application/vnd.google.protobuf";
const PROTO_PROTOCOL: &str = "io.prometheus.client.MetricFamily";
const OPENMETRICS_TYPE: &str = "application/openmetrics-text";

// ANCHOR: negotiate
/// Go's `Negotiate`: protobuf if asked for, else the text format.
pub fn negotiate(accept: Option<&str>) -> Format {
    negotiate_with(accept, false)
}

/// Go's `NegotiateIncludingOpenMetrics`: as [`negotiate`], and OpenMetrics
/// (version 0.0.1 or unversioned) when that is what the client prefers.
pub fn negotiate_including_openmetrics(accept: Option<&str>) -> Format {
    negotiate_with(accept, true)
}

fn negotiate_with(accept: Option<&str>, openmetrics: bool) -> Format {
    for clause in parse_accept(accept.unwrap_or("")) {
        let version = clause.param("version");
        let full_type = (clause.media_type, clause.subtype);
        if is(full_type, PROTO_TYPE) && clause.param("proto") == PROTO_PROTOCOL {
            match clause.param("encoding") {
                "delimited" => return Format::ProtoDelim,
                "text" => return Format::ProtoText,
                "compact-text" => return Format::ProtoCompact,
                _ => {}
            }
        }
        if full_type == ("text", "plain") && (version == "0.0.4" || version.is_empty()) {
            return Format::Text;
        }
        if openmetrics
            && is(full_type, OPENMETRICS_TYPE)
            && (version == "0.0.1" || version.is_empty())
        {
            return Format::OpenMetrics;
        }
    }
    Format::Text
}
// ANCHOR_END: negotiate

fn is((media_type, subtype): (&str, &str), full: &str) -> bool {
    full.split_once('/') == Some((media_type, subtype))
}

/// goautoneg's `ParseAccept`: clauses in preference order.
fn parse_accept(header: &str) -> Vec<Accept<'_>> {
    let mut clauses: Vec<Accept<'_>> =
        header.split(',').filter_map(parse_clause).collect();
    sort_like_go(&mut clauses);
    clauses
}

fn parse_clause(part: &str) -> Option<Accept<'_>> {
    let mut pieces = part.trim_matches(' ').split(';');
    let media_range = pieces.next().unwrap_or("");
    let mut halves = media_range.split('/');
    let media_type = halves.next().unwrap_or("").trim_matches(' ');
    let subtype = match (halves.next(), halves.next()) {
        (None, _) if media_type == "*" => "*",
        (Some(sub), None) => sub.trim_matches(' '),
        _ => return None,
    };
    let mut clause = Accept { media_type, subtype, q: 1.0, params: Vec::new() };
    for param in pieces {
        let Some((token, value)) = param.split_once('=') else { continue };
        let token = token.trim_matches(' ');
        if token == "q" {
            // Go parses with bitSize 32 (so the value is a float32's) and
            // keeps 0 when parsing fails; the value is not trimmed.
            clause.q = value.parse::<f32>().map_or(0.0, f64::from);
        } else {
            clause.params.push((token, value.trim_matches(' ')));
        }
    }
    Some(clause)
}

/// goautoneg's order, "higher q, then a concrete type, then a concrete
/// subtype", is not a strict order, so the result depends on the sorting
/// algorithm: Go's `sort.Sort` uses insertion sort for up to 12 elements,
/// and so does this (for any length).
fn sort_like_go(clauses: &mut [Accept<'_>]) {
    for i in 1..clauses.len() {
        let mut j = i;
        while j > 0 && less(&clauses[j], &clauses[j - 1]) {
            clauses.swap(j, j - 1);
            j -= 1;
        }
    }
}

fn less(a: &Accept<'_>, b: &Accept<'_>) -> bool {
    a.q > b.q
        || (a.media_type != "*" && b.media_type == "*")
        || (a.subtype != "*" && b.subtype == "*")
}
