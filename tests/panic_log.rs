//! A panicking collector is reported once per gather, in one line, and the
//! program's own panic hook still sees every other panic. The panic hook is
//! process-wide, so the test runs its scenario in a child process (this
//! test binary again) and reads the child's stderr whole.

mod common;

use std::process::Command;

use common::TestCollector;
use promreg::Registry;

const CHILD: &str = "PROMREG_PANIC_LOG_CHILD";

#[test]
fn a_collector_panic_is_one_line_and_the_programs_hook_stays() {
    if std::env::var_os(CHILD).is_some() {
        return child();
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_collector_panic_is_one_line_and_the_programs_hook_stays",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "child failed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let line = format!(
        "gather: prometheus collector panic recovered: boom \
         (collector panic_log::common::TestCollector, at tests/panic_log.rs:{})\n",
        PANIC_LINE
    );
    let expected =
        format!("program's hook: before\n{line}{line}{line}program's hook: after\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), expected);
}

const PANIC_LINE: u32 = line!() + 10;

/// The program sets its hook first, as a program with a crash reporter
/// does; the registry's gathers recover the collector's panic three times;
/// then the program panics elsewhere, twice.
fn child() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.payload().downcast_ref::<&str>().copied().unwrap_or("?");
        eprintln!("program's hook: {message}");
    }));
    let boom = TestCollector::unchecked(|_| panic!("boom"));
    let _ = std::panic::catch_unwind(|| panic!("before"));
    let reg = Registry::new();
    reg.register(Box::new(boom)).unwrap();
    for _ in 0..3 {
        eprintln!("gather: {}", reg.gather().unwrap_err());
    }
    let _ = std::panic::catch_unwind(|| panic!("after"));
}
