//! A batch job that reports to a Pushgateway, as the Go docs' example of
//! the `push` package does: how long its run took and, if it succeeded,
//! when. The Pushgateway keeps them for Prometheus to scrape after the job
//! has gone.
//!
//! `cargo run --example batch_job --features push -- http://127.0.0.1:9091`

use std::process::ExitCode;
use std::time::Instant;

use promreg::push::Pusher;
use promreg::{Gauge, Opts};

fn main() -> ExitCode {
    let gateway =
        std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9091".to_owned());
    match run(&gateway) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("could not push to the Pushgateway: {err}");
            ExitCode::FAILURE
        }
    }
}

// ANCHOR: run
/// One run of the job, reported to the Pushgateway at `gateway`.
pub fn run(gateway: &str) -> Result<(), promreg::push::PushError> {
    let duration = Gauge::new(Opts::new(
        "db_backup_duration_seconds",
        "The duration of the last DB backup in seconds.",
    ));
    let last_success = Gauge::new(Opts::new(
        "db_backup_last_success_timestamp_seconds",
        "The timestamp of the last successful completion of a DB backup.",
    ));
    let started = Instant::now();
    let ok = back_up_the_database();
    duration.set(started.elapsed().as_secs_f64());
    // The duration is pushed on every run; the time of success only when
    // the run succeeded, so `add` leaves the last success in place.
    let mut pusher = Pusher::new(gateway, "db_backup")
        .collector(Box::new(duration))
        .grouping("db", "customers");
    if ok {
        last_success.set_to_current_time();
        pusher = pusher.collector(Box::new(last_success));
    }
    pusher.add()
}
// ANCHOR_END: run

/// The job's work.
fn back_up_the_database() -> bool {
    std::thread::sleep(std::time::Duration::from_millis(20));
    true
}
