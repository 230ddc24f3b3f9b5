//! The book cannot drift from the code: every `{{#include}}` in `book/src`
//! names a file and anchor that exist, and every example output shown in
//! the book (`book/src/output/`) is what the example prints today. Run with
//! `BOOK_BLESS=1` to rewrite the outputs after a deliberate change.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../examples/collectors.rs"]
mod collectors;
#[path = "../examples/counters.rs"]
mod counters;
#[path = "../examples/custom_exporter.rs"]
mod custom_exporter;
#[path = "../examples/dashboard.rs"]
mod dashboard;
#[path = "../examples/data_model.rs"]
mod data_model;
#[path = "../examples/descs.rs"]
mod descs;
#[path = "../examples/encoders.rs"]
mod encoders;
#[path = "../examples/exemplars.rs"]
mod exemplars;
#[path = "../examples/gather_checks.rs"]
mod gather_checks;
#[path = "../examples/http_handler.rs"]
mod http_handler;
#[path = "../examples/pond.rs"]
mod pond;
#[path = "../examples/register_checks.rs"]
mod register_checks;
#[path = "../examples/vecs.rs"]
mod vecs;

fn book() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("book/src")
}

/// Compares `got` with `book/src/output/<name>.txt` (or rewrites it).
fn assert_output(name: &str, got: &str) {
    let path = book().join("output").join(format!("{name}.txt"));
    if std::env::var_os("BOOK_BLESS").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let shown = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        got, shown,
        "the book shows another output for {name}; run with BOOK_BLESS=1 if that is intended"
    );
}

/// A panic's report names the collector's module path and the source file,
/// which differ when an example is compiled into this test: shown as
/// `cargo run --example` prints them.
fn as_run_alone(report: &str) -> String {
    report.replace("book::", "").replace("tests/../examples/", "examples/")
}

/// Scrape durations differ from run to run: shown as `<seconds>`.
fn without_durations(text: &str) -> String {
    text.lines()
        .map(|l| match l.split_once("_duration_seconds ") {
            Some((name, _)) if !l.starts_with('#') => {
                format!("{name}_duration_seconds <seconds>")
            }
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn example_outputs_are_what_the_book_shows() {
    assert_output("collectors", &collectors::report());
    assert_output("counters", &counters::report());
    assert_output("custom_exporter", &without_durations(&custom_exporter::report()));
    assert_output("dashboard", &dashboard::report());
    assert_output("data_model", &data_model::report());
    assert_output("descs", &descs::report());
    assert_output("encoders", &encoders::report());
    assert_output("exemplars", &exemplars::report());
    assert_output("gather_checks", &as_run_alone(&gather_checks::report()));
    assert_output("http_handler", &http_handler::report());
    assert_output("pond", &pond::report());
    assert_output("register_checks", &register_checks::report());
    assert_output("vecs", &vecs::report());
}

/// demo-exporter, with none of the environment variables its flags read
/// (every `env = "..."` of `flags.rs`): the caller's settings must not
/// change what the book shows.
fn demo_exporter() -> Command {
    let flags = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bin/demo-exporter/flags.rs"),
    )
    .unwrap();
    let vars: Vec<&str> = flags
        .split("env = \"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert!(vars.len() >= 6, "only {vars:?} found in flags.rs");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_demo-exporter"));
    for var in vars {
        cmd.env_remove(var);
    }
    cmd
}

#[test]
fn demo_exporter_help_is_what_the_book_shows() {
    let out = demo_exporter().arg("--help").output().unwrap();
    assert!(out.status.success());
    assert_output("demo-exporter-help", &String::from_utf8(out.stdout).unwrap());
    let out = demo_exporter().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_output("demo-exporter-version", &String::from_utf8(out.stdout).unwrap());
}

/// A running exporter, stopped when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The book's `curl -s localhost:9121/metrics | grep -E '^(# |demo_up )'`:
/// every HELP and TYPE line, and `demo_up` (values that change from run to
/// run are left out).
#[test]
fn demo_exporter_metrics_are_what_the_book_shows() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let child = demo_exporter()
        .args(["--web.listen-address", &addr])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _running = Running(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut stream = loop {
        match TcpStream::connect(&addr) {
            Ok(s) => break s,
            Err(e) => {
                assert!(
                    Instant::now() < deadline,
                    "demo-exporter did not listen on {addr}: {e}"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    };
    write!(stream, "GET /metrics HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    assert!(
        head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"),
        "{head}"
    );
    let shown: String = body
        .lines()
        .filter(|l| l.starts_with("# ") || l.starts_with("demo_up "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_output("demo-exporter-metrics", &shown);
}

/// Every `{{#include path}}` and `{{#include path:anchor}}` resolves.
#[test]
fn every_include_exists() {
    let mut checked = 0;
    for entry in std::fs::read_dir(book()).unwrap() {
        let page = entry.unwrap().path();
        if page.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&page).unwrap();
        for include in text.split("{{#include ").skip(1) {
            let target = include.split("}}").next().unwrap().trim();
            check_include(&page, target);
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} includes: has the book lost its listings?");
}

fn check_include(page: &Path, target: &str) {
    // `file`, `file:anchor`, or `file:start:end` (line numbers, either may be empty).
    let (file, rest) = target.split_once(':').unwrap_or((target, ""));
    let anchor = Some(rest)
        .filter(|r| !r.is_empty() && !r.chars().all(|c| c.is_ascii_digit() || c == ':'));
    let path = page.parent().unwrap().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: includes {}: {e}", page.display(), path.display())
    });
    if let Some(anchor) = anchor {
        let start = anchor_line(&text, "ANCHOR:", anchor);
        let end = anchor_line(&text, "ANCHOR_END:", anchor);
        assert!(
            matches!((start, end), (Some(s), Some(e)) if s < e),
            "{}: {} has no anchor {anchor} (start line {start:?}, end line {end:?})",
            page.display(),
            path.display()
        );
    }
}

/// The first line holding `marker` followed by exactly the name `anchor`
/// (mdBook's rule: the name is the run of letters, digits, `_` and `-`
/// after the marker, so `ANCHOR: observe_all` is not `observe`).
fn anchor_line(text: &str, marker: &str, anchor: &str) -> Option<usize> {
    text.lines().position(|line| {
        line.match_indices(marker).any(|(i, _)| {
            let name = line[i + marker.len()..].trim_start();
            let end = name
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(name.len());
            &name[..end] == anchor
        })
    })
}

/// Where the book's Go listings come from: the sources the test command
/// installs, never a copy in the repository.
const GOCODE: &str = "/usr/share/gocode/src/github.com/prometheus/";

/// And client_golang's examples, which Debian installs as documentation.
const GO_EXAMPLES: &str = "/usr/share/doc/golang-github-prometheus-client-golang-dev/";

/// Every Go listing is pinned: it includes a range of an installed
/// client_golang 1.14 (or prometheus/common 0.39) file, the line just above
/// it links the same lines on GitHub at that release's tag, and the comment
/// above that names the code the range must start with, so a different
/// version installed, or a range that drifted, fails here.
#[test]
fn go_listings_start_where_the_book_says_and_link_the_same_lines() {
    let mut pinned = 0;
    for entry in std::fs::read_dir(book()).unwrap() {
        let page = entry.unwrap().path();
        if page.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&page).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(target) =
                line.strip_prefix("{{#include ").and_then(|l| l.strip_suffix("}}"))
            else {
                continue;
            };
            // `repo/path:start:end`, the examples being client_golang's.
            let go = match (target.strip_prefix(GOCODE), target.strip_prefix(GO_EXAMPLES))
            {
                (Some(go), _) => go.to_owned(),
                (None, Some(example)) => format!("client_golang/{example}"),
                (None, None) => continue,
            };
            check_go_listing(&page, &go, target, &lines[..i]);
            pinned += 1;
        }
    }
    assert!(pinned >= 3, "only {pinned} Go listings: has the book lost them?");
}

/// `go` is `repo/path:start:end`, `target` the include's own path and
/// range; `before` the page's lines above it.
fn check_go_listing(page: &Path, go: &str, target: &str, before: &[&str]) {
    let page = page.display();
    let mut parts = go.rsplitn(3, ':');
    let (end, start, file) =
        (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
    let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
    let (repo, path) = file.split_once('/').unwrap();
    let tag = match repo {
        "client_golang" => "v1.14.0",
        "common" => "v0.39.0",
        other => panic!("{page}: a Go listing from {other}, which the book does not pin"),
    };
    let installed = target.rsplitn(3, ':').nth(2).unwrap();
    let source = std::fs::read_to_string(installed).unwrap_or_else(|e| {
        panic!("{page}: {installed}: {e} (scripts/test.sh installs Debian's golang-github-prometheus-*-dev)")
    });
    let source: Vec<&str> = source.lines().collect();
    assert!(
        start >= 1 && start <= end && end <= source.len(),
        "{page}: {file}:{start}:{end} is out of the file"
    );
    // Above the include: the code fence, the link, the comment.
    let mut above = before.iter().rev().filter(|l| !l.trim().is_empty());
    assert_eq!(
        above.next().copied(),
        Some("```go"),
        "{page}: {file}: the listing is not in a go block"
    );
    let link = above.next().copied().unwrap_or("");
    let url = format!(
        "https://github.com/prometheus/{repo}/blob/{tag}/{path}#L{start}-L{end})"
    );
    assert!(
        link.ends_with(&url),
        "{page}: the link above {file}:{start}:{end} is not {url}: {link}"
    );
    let comment = above.next().copied().unwrap_or("");
    let first =
        comment.strip_prefix("<!-- go-starts: ").and_then(|c| c.strip_suffix(" -->"));
    let first = first.unwrap_or_else(|| {
        panic!("{page}: no go-starts comment above {file}: {comment}")
    });
    assert_eq!(
        source[start - 1].trim(),
        first,
        "{page}: {file} line {start} is not where the listing should start"
    );
    // Each listing is whole declarations: its last line closes one at the
    // left margin (the first such line after the start is the usual end).
    let closes = (start - 1..source.len()).find(|&i| source[i] == "}").map(|i| i + 1);
    assert_eq!(
        source[end - 1],
        "}",
        "{page}: {file}:{start}:{end} does not end where a declaration closes \
         (line {closes:?} does)"
    );
}

/// `benches/WORKLOADS.md` is the shared workload definitions, copied so the
/// repository is whole: where the shared file is at hand, the copy's body
/// is the same text.
#[test]
fn the_workloads_copy_is_the_shared_file() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let copy = std::fs::read_to_string(root.join("benches/WORKLOADS.md")).unwrap();
    assert!(
        copy.contains("| `counter_vec_10k` |"),
        "benches/WORKLOADS.md lost its table"
    );
    let Ok(shared) = std::fs::read_to_string(root.join("../shared/bench/WORKLOADS.md"))
    else {
        return; // A clone without the shared directory beside it.
    };
    let (heading, body) = shared.split_once('\n').unwrap();
    assert!(copy.starts_with(heading), "the copy's heading differs");
    assert!(
        copy.ends_with(body),
        "benches/WORKLOADS.md differs from ../shared/bench/WORKLOADS.md"
    );
}

/// The widest a listing line may be, in columns (a tab is four): what the
/// book's page shows without scrolling.
const LISTING_WIDTH: usize = 90;

/// Every listing of the project's own files fits the page. Go's listings
/// (client_golang's lines run to 176 columns) and example outputs (Go's
/// error texts are long) are wrapped by the book's style sheet instead
/// (book/theme/listings.css), and so are not held to the limit here.
#[test]
fn listings_of_the_project_fit_the_page() {
    let mut too_wide = Vec::new();
    for entry in std::fs::read_dir(book()).unwrap() {
        let page = entry.unwrap().path();
        if page.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&page).unwrap();
        for include in text.split("{{#include ").skip(1) {
            let target = include.split("}}").next().unwrap().trim();
            let (file, rest) = target.split_once(':').unwrap_or((target, ""));
            let wrapped = [".txt", ".md", ".json"].iter().any(|e| file.ends_with(e));
            if file.starts_with(GOCODE) || file.starts_with(GO_EXAMPLES) || wrapped {
                continue;
            }
            let source =
                std::fs::read_to_string(page.parent().unwrap().join(file)).unwrap();
            let lines: Vec<&str> = source.lines().collect();
            let region = match rest.split(':').collect::<Vec<_>>()[..] {
                [""] => &lines[..],
                [anchor] => {
                    let start = anchor_line(&source, "ANCHOR:", anchor).unwrap();
                    let end = anchor_line(&source, "ANCHOR_END:", anchor).unwrap();
                    &lines[start + 1..end]
                }
                [start, end] => {
                    let start = start.parse::<usize>().map_or(0, |s| s - 1);
                    let end = end.parse::<usize>().unwrap_or(lines.len());
                    &lines[start..end]
                }
                _ => panic!("{}: an include of another form: {target}", page.display()),
            };
            for line in region.iter().filter(|l| !l.contains("ANCHOR")) {
                let width = line.replace('\t', "    ").chars().count();
                if width > LISTING_WIDTH {
                    too_wide
                        .push(format!("{} ({target}): {width}: {line}", page.display()));
                }
            }
        }
    }
    assert!(
        too_wide.is_empty(),
        "listing lines wider than {LISTING_WIDTH}:\n{}",
        too_wide.join("\n")
    );
}
