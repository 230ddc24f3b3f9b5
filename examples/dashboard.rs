//! The Grafana dashboard of `deploy/grafana/demo-exporter.json`, in short:
//! its variables, then each panel with its type, its unit and its PromQL
//! queries. (`tests/prometheus/run.sh` runs every one of these queries
//! against a real Prometheus; this example only reads the file.)
//!
//! Run it: `cargo run --example dashboard`

use serde_json::Value;

const DASHBOARD: &str = include_str!("../deploy/grafana/demo-exporter.json");

// ANCHOR: report
pub fn report() -> String {
    let dash: Value = serde_json::from_str(DASHBOARD).expect("the dashboard is JSON");
    let text = |v: &Value| v.as_str().unwrap_or("-").to_owned();
    let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let variables: Vec<String> =
        list(&dash["templating"]["list"]).iter().map(|v| text(&v["name"])).collect();
    let panels = list(&dash["panels"]);
    let mut out = format!(
        "{}: {} panels, variables {}\n",
        text(&dash["title"]),
        panels.len(),
        variables.join(", ")
    );
    for panel in &panels {
        let unit = text(&panel["fieldConfig"]["defaults"]["unit"]);
        out += &format!(
            "{} ({}, unit {unit})\n",
            text(&panel["title"]),
            text(&panel["type"])
        );
        for target in list(&panel["targets"]) {
            out += &format!("    {}\n", text(&target["expr"]));
        }
    }
    out
}
// ANCHOR_END: report

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}
