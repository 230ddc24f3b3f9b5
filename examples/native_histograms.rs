//! A native histogram served over protobuf, as Prometheus scrapes it with
//! `--enable-feature=native-histograms`: a job records how long its work
//! takes, in one histogram at about 10% resolution over any range, with no
//! bucket layout to choose (and classic buckets kept for dashboards that
//! need them).
//!
//! The "work" is simulated: a thousand durations spread evenly over six
//! decades (a millisecond to a thousand seconds, median one second),
//! recorded again each second. `tests/prometheus/run.sh` has a real
//! Prometheus scrape it and checks the median it computes.
//!
//! Run it: `cargo run --example native_histograms [ADDRESS]` (default
//! `127.0.0.1:9101`; port 0 picks a free one).

use std::sync::Arc;
use std::time::Duration;

use promreg::http::{HandlerOpts, handler_for, serve};
use promreg::{Histogram, HistogramOpts, Registry};

/// The simulated durations: 10^(-3 + 6 (i + 1/2) / 1000), i < 1000.
pub fn durations() -> impl Iterator<Item = f64> {
    (0..1000).map(|i| 10f64.powf(-3.0 + 6.0 * (f64::from(i) + 0.5) / 1000.0))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:9101".to_owned());
    let registry = Arc::new(Registry::new());
    let work = Histogram::new(
        HistogramOpts::new("job_work_seconds", "How long each piece of work took.")
            .buckets(vec![0.01, 0.1, 1.0, 10.0, 100.0])
            .native_histogram_bucket_factor(1.1)
            .native_histogram_max_bucket_number(160),
    );
    registry.register(Box::new(work.clone())).unwrap_or_else(|err| panic!("{err}"));
    std::thread::spawn(move || {
        loop {
            durations().for_each(|d| work.observe(d));
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    let handler = handler_for(registry, HandlerOpts::default());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening on {}", listener.local_addr()?);
    serve(listener, move |req| {
        let handler = handler.clone();
        async move { handler.handle(req.headers()).await }
    })
    .await
}
