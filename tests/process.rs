//! The process and build-info collectors on this very process: Go's names
//! and help texts, plausible values, and a clean pedantic gather.

use std::time::{SystemTime, UNIX_EPOCH};

use promreg::{BuildInfoCollector, ProcessCollector, ProcessCollectorOpts, Registry};

#[test]
fn process_metrics_of_this_process() {
    let reg = Registry::new_pedantic();
    reg.register(Box::new(ProcessCollector::new(ProcessCollectorOpts::default())))
        .unwrap();
    let _open = std::fs::File::open("Cargo.toml").unwrap(); // at least one fd
    let families = reg.gather().unwrap();
    let names: Vec<&str> = families.iter().map(|f| f.name()).collect();
    assert_eq!(
        names,
        [
            "process_cpu_seconds_total",
            "process_max_fds",
            "process_open_fds",
            "process_resident_memory_bytes",
            "process_start_time_seconds",
            "process_virtual_memory_bytes",
            "process_virtual_memory_max_bytes",
        ]
    );
    let value = |name: &str| {
        let f = families.iter().find(|f| f.name() == name).unwrap();
        let m = &f.metric[0];
        m.gauge
            .as_ref()
            .map(|g| g.value())
            .or(m.counter.as_ref().map(|c| c.value()))
            .unwrap()
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64();
    let start = value("process_start_time_seconds");
    assert!(start <= now + 1.0 && start > now - 3600.0, "start {start}, now {now}");
    assert!(value("process_open_fds") >= 1.0);
    assert!(value("process_max_fds") >= value("process_open_fds"));
    assert!(value("process_resident_memory_bytes") > 1e5);
    assert!(
        value("process_virtual_memory_bytes") >= value("process_resident_memory_bytes")
    );
    assert!(value("process_cpu_seconds_total") >= 0.0);
    let help = &families[0].help();
    assert_eq!(*help, "Total user and system CPU time spent in seconds.");
}

#[test]
fn namespaced_process_metrics() {
    let reg = Registry::new();
    let opts = ProcessCollectorOpts { namespace: "demo".into(), report_errors: true };
    reg.register(Box::new(ProcessCollector::new(opts))).unwrap();
    let families = reg.gather().unwrap();
    assert!(families.iter().all(|f| f.name().starts_with("demo_process_")));
    assert_eq!(families.len(), 7);
}

#[test]
fn build_info() {
    let reg = Registry::new_pedantic();
    reg.register(Box::new(BuildInfoCollector::new(
        "demo_exporter",
        "1.2.3",
        "abc",
        "main",
    )))
    .unwrap();
    let families = reg.gather().unwrap();
    let mut out = Vec::new();
    promreg::encode::metric_family_to_text(&mut out, &families[0]).unwrap();
    let expected = format!(
        "# HELP demo_exporter_build_info A metric with a constant '1' value labeled by version, revision, branch, rustversion from which demo_exporter was built, and the os and arch for the build.\n\
         # TYPE demo_exporter_build_info gauge\n\
         demo_exporter_build_info{{arch=\"{}\",branch=\"main\",os=\"{}\",revision=\"abc\",rustversion=\"{}\",version=\"1.2.3\"}} 1\n",
        std::env::consts::ARCH,
        std::env::consts::OS,
        promreg::RUSTC_VERSION
    );
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    assert!(promreg::RUSTC_VERSION.starts_with("1."), "{}", promreg::RUSTC_VERSION);
}
