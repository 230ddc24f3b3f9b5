//! `demo-exporter`: the exporter of the article this project grows from
//! (631068264/demo_exporter in Go), built on promreg. It serves this host's
//! load, memory and CPU time, read from /proc on every scrape, plus its own
//! process and build metrics, at `/metrics` on port 9121.
//!
//! Run it: `cargo run --release --features demo-exporter --bin demo-exporter`, then open
//! <http://localhost:9121/>.

mod flags;
mod host;
mod pages;

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use clap::error::ErrorKind;
use promreg::http::{
    HandlerOpts, ServeOpts, bind, handler_for, instrument_metric_handler, serve_until,
};
use promreg::{
    BuildInfoCollector, Collector, ProcessCollector, ProcessCollectorOpts, Registry,
};

use flags::Flags;
use host::HostCollector;
use pages::{Site, route};

// ANCHOR: main
fn main() -> ExitCode {
    let flags = match Flags::try_parse() {
        Ok(flags) => flags,
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            return fail(first_line(&err.to_string()).trim_start_matches("error: "));
        }
    };
    init_logging(&flags.log_level);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(err) => return fail(&format!("starting the runtime: {err}")),
    };
    let result = runtime.block_on(run(flags));
    // A gather stuck in a collector holds a blocking thread: exit without
    // waiting for it.
    runtime.shutdown_background();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}
// ANCHOR_END: main

// ANCHOR: run
async fn run(flags: Flags) -> Result<(), String> {
    let registry = Arc::new(Registry::new());
    let collectors: [Box<dyn Collector>; 3] = [
        Box::new(HostCollector::new(&flags.namespace)),
        Box::new(ProcessCollector::new(ProcessCollectorOpts::default())),
        Box::new(BuildInfoCollector::new(
            "demo_exporter",
            env!("CARGO_PKG_VERSION"),
            revision(),
            "main",
        )),
    ];
    for c in collectors {
        registry.register(c).map_err(|e| format!("registering a collector: {e}"))?;
    }
    let opts = HandlerOpts {
        error_log: Some(Arc::new(|line: &str| log::error!("{line}"))),
        registry: Some(registry.clone()),
        max_requests_in_flight: flags.max_requests,
        enable_openmetrics: flags.enable_openmetrics,
        ..HandlerOpts::default()
    };
    let metrics =
        instrument_metric_handler(&registry, handler_for(registry.clone(), opts));
    // A bad web config is refused before the port is taken.
    if let Some(path) = &flags.web_config_file {
        check_web_config(path)?;
    }
    let listener = bind(&flags.listen_address)
        .await
        .map_err(|e| format!("listen tcp {}: {e}", flags.listen_address))?;
    let site = Arc::new(Site { telemetry_path: flags.telemetry_path.clone(), metrics });
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    log::info!("listening on {local}, metrics at {}", flags.telemetry_path);
    let serve_opts = ServeOpts {
        error_log: Some(Arc::new(|line: &str| log::warn!("{line}"))),
        web_config_file: flags.web_config_file.clone(),
        ..ServeOpts::default()
    };
    // On SIGTERM: stop accepting, let scrapes in flight finish (for at
    // most the grace period), then return.
    let shutdown = async {
        shutdown_signal().await;
        log::info!("shutting down");
    };
    serve_until(listener, serve_opts, shutdown, move |req| route(site.clone(), req))
        .await
        .map_err(|e| e.to_string())
}
// ANCHOR_END: run

// ANCHOR: check_web_config
/// Checks the web config file as exporter-toolkit does at start, and says
/// what it turns on.
fn check_web_config(path: &Path) -> Result<(), String> {
    let config = promreg::web::validate(path)
        .map_err(|e| format!("web config file {}: {e}", path.display()))?;
    let tls = if config.tls_enabled() { "enabled" } else { "disabled" };
    let users = config.basic_auth_users.len();
    // What rustls leaves out of the file, the server logs when it starts.
    log::info!("web config {}: TLS is {tls}, {users} basic auth users", path.display());
    Ok(())
}
// ANCHOR_END: check_web_config

/// Ctrl-C or SIGTERM (what Kubernetes sends).
async fn shutdown_signal() {
    let mut term =
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => return std::future::pending().await,
        };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

/// The git revision, when the build was given one.
fn revision() -> &'static str {
    option_env!("DEMO_EXPORTER_REVISION").unwrap_or("unknown")
}

fn init_logging(level: &str) {
    env_logger::Builder::new().parse_filters(level).format_timestamp_millis().init();
}

// ANCHOR: fail
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// One line on stderr, and a failing exit.
fn fail(message: &str) -> ExitCode {
    eprintln!("demo-exporter: {message}");
    ExitCode::FAILURE
}
// ANCHOR_END: fail
