//! The command line, as the article's Go exporter has it (Go's `flag`
//! package there, `clap` here): each flag can also come from an environment
//! variable, and a bad value is refused before anything starts.

use std::path::PathBuf;

use clap::Parser;

// ANCHOR: flags
/// A Prometheus exporter built on promreg: this host's load, memory and CPU
/// time, and the exporter's own process metrics.
#[derive(Parser, Debug)]
#[command(name = "demo-exporter", version)]
pub struct Flags {
    /// Address to listen on for the web interface and telemetry
    /// (`host:port`, or `:port` for every interface).
    #[arg(long = "web.listen-address", env = "LISTEN_ADDRESS", default_value = ":9121")]
    pub listen_address: String,

    /// Path under which to expose metrics.
    #[arg(long = "web.telemetry-path", env = "WEB_TELEMETRY_PATH",
          default_value = "/metrics", value_parser = telemetry_path)]
    pub telemetry_path: String,

    /// Namespace (name prefix) of the exporter's metrics.
    #[arg(long = "metric.namespace", env = "METRIC_NAMESPACE", default_value = "demo",
          value_parser = namespace)]
    pub namespace: String,

    /// Only log messages of this level or above.
    #[arg(long = "log.level", env = "LOG_LEVEL", default_value = "info",
          value_parser = ["debug", "info", "warn", "error"])]
    pub log_level: String,

    /// Offer OpenMetrics to scrapers that prefer it (Prometheus does); off
    /// by default, as in Go's promhttp.
    #[arg(long = "web.enable-openmetrics", env = "WEB_ENABLE_OPENMETRICS")]
    pub enable_openmetrics: bool,

    /// A web configuration file (exporter-toolkit's format): TLS, client
    /// certificates, basic auth, response headers.
    #[arg(long = "web.config.file", env = "WEB_CONFIG_FILE")]
    pub web_config_file: Option<PathBuf>,

    /// Concurrent scrapes allowed; more get 503 (0: no limit).
    #[arg(long = "web.max-requests", env = "WEB_MAX_REQUESTS", default_value_t = 40)]
    pub max_requests: usize,
}
// ANCHOR_END: flags

// ANCHOR: telemetry_path
/// The telemetry path must be a path, and not one the exporter uses itself.
fn telemetry_path(path: &str) -> Result<String, String> {
    if !path.starts_with('/') {
        return Err(format!("{path:?} must start with /"));
    }
    if ["/", "/health", "/healthz"].contains(&path) {
        return Err(format!("{path:?} is taken by the exporter's own pages"));
    }
    Ok(path.to_owned())
}
// ANCHOR_END: telemetry_path

// ANCHOR: namespace
/// Every metric name starts with the namespace, so it must be a valid name.
fn namespace(ns: &str) -> Result<String, String> {
    if promreg::is_valid_metric_name(ns) {
        Ok(ns.to_owned())
    } else {
        Err(format!("{ns:?} is not a valid metric name prefix"))
    }
}
// ANCHOR_END: namespace
