#!/usr/bin/env bash
# Runs every check promreg has: formatting, lints, the Go golden files, the
# tests, the examples, demo-exporter scraped by a real Prometheus, the
# deployment files, the static build, and the book (mdBook).
# Installs what it needs (Go, client_golang, Prometheus and the Pushgateway
# from Debian) when missing. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step says when it starts, so a slow one shows in the log.
step() { printf '\n==> %s (at %dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

step "protoc, for a benchmark peer's protobuf encoder (a dev-dependency's build script)"
command -v protoc >/dev/null || { apt-get update -qq && apt-get install -y -qq protobuf-compiler; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, all features, warnings are errors)"
cargo clippy --all-targets --all-features -- -D warnings

step "the core alone: builds and lints with no default features, and depends on nothing else"
cargo clippy --lib --no-default-features -- -D warnings
core_deps=$(cargo tree -e normal --no-default-features --depth 1 --prefix none | tail -n +2 | cut -d' ' -f1 | sort | tr '\n' ' ')
echo "core dependencies: $core_deps"
[ "$core_deps" = "crossbeam-channel crossbeam-utils itoa nohash-hasher parking_lot protobuf ryu xxhash-rust " ] \
    || { echo "the core's dependencies changed: $core_deps"; exit 1; }

step "the minimum supported Rust version (rust-version in Cargo.toml) builds the library and demo-exporter"
msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
rustup toolchain list | grep -q "^$msrv" || rustup toolchain install "$msrv" --profile minimal
# The library and the binary; tests, benches and examples build with the
# dev-dependencies (criterion, the peer clients), whose own minimum Rust is
# theirs, not promreg's promise.
cargo "+$msrv" check --lib --bins --all-features
cargo "+$msrv" check --lib --no-default-features

step "cargo doc: every public item documented, no broken links (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features

step "cargo package: the crate could be published"
cargo package --list --allow-dirty
cargo package --allow-dirty -q

step "golden files are exactly what the Go original writes"
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
bash tests/go/regen.sh "$fresh" >/dev/null
cp tests/golden/README.md "$fresh/README.md"
diff -r tests/golden "$fresh"

step "cargo test"
cargo test --all-features 2>&1 | tee "$fresh/cargo-test.log"
cargo_tests=$(grep -oE 'test result: ok\. [0-9]+ passed' "$fresh/cargo-test.log" | awk '{n += $4} END {print n + 0}')

step "push: a real Pushgateway (Debian's prometheus-pushgateway) pushed to, added to, deleted from"
command -v prometheus-pushgateway >/dev/null || { apt-get update -qq && apt-get install -y -qq prometheus-pushgateway; }
cargo test --all-features --test push -- --ignored 2>&1 | tee "$fresh/push.log"
grep -q "test result: ok. 3 passed" "$fresh/push.log" || { echo "the Pushgateway tests did not all run"; exit 1; }

step "loom models of the lock-free structures (hot/cold lanes, the adder), every interleaving"
# A target directory of their own: the cfg changes every crate's build.
RUSTFLAGS="--cfg promreg_loom" CARGO_TARGET_DIR=target/loom LOOM_MAX_PREEMPTIONS=3 \
    cargo test --lib --release loom_models 2>&1 | tee "$fresh/loom.log"
grep -q "test result: ok. 4 passed" "$fresh/loom.log" || { echo "the loom models did not all run"; exit 1; }

step "benches compile and run once"
# Criterion's test mode (each benchmark once), in the test profile the
# cargo test step has built already: a release build of the benches and
# the peer clients took a third of the run. benches/compare.sh measures in
# release.
cargo test --benches --all-features

step "demo-exporter scraped by a real Prometheus server"
bash tests/prometheus/run.sh 2>&1 | grep -v '^ts=' || { echo "prometheus integration failed"; exit 1; }

step "web config: TLS, client certificates, basic auth, beside Debian's node-exporter (exporter-toolkit)"
bash tests/web/run.sh 2>&1 | tee "$fresh/web.log"
web_checks=$(sed -n 's/^web config: \([0-9]*\) passed, 0 failed$/\1/p' "$fresh/web.log")
[ -n "$web_checks" ] || { echo "the web config test did not finish"; exit 1; }

step "deployment files: manifests, Helm chart, dashboard, Prometheus config and rules"
bash tests/deploy/run.sh

step "static build: what the Dockerfile builds runs alone"
bash tests/deploy/static.sh

step "the book builds, with no warnings (includes and outputs are checked by cargo test)"
command -v mdbook >/dev/null || cargo install mdbook --locked --version 0.5.4
book_log=$(mdbook build book 2>&1)
echo "$book_log"
if grep -qiE 'warn|error' <<<"$book_log"; then echo "mdbook reported problems"; exit 1; fi

step "the two ways of embedding a client, run and scraped"
# Starts an example that prints "listening on ADDR" on its first line,
# requests the given path of the app (none if empty), scrapes
# ADDR/metrics, and stops it.
scrape_example() {
    local name=$1 path=$2; shift 2
    cargo build -q --example "$name" "$@"
    "target/debug/examples/$name" 127.0.0.1:0 >"$fresh/$name.out" 2>&1 &
    local pid=$! addr=""
    for _ in $(seq 100); do
        addr=$(sed -n 's/^listening on //p' "$fresh/$name.out")
        [ -n "$addr" ] && break
        sleep 0.1
    done
    [ -n "$addr" ] || { echo "$name did not start"; cat "$fresh/$name.out"; kill "$pid"; return 1; }
    if [ -n "$path" ]; then curl -sf "http://$addr$path" >/dev/null; fi
    curl -sf "http://$addr/metrics" >"$fresh/$name.metrics"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}
scrape_example axum_service /items
grep -qx 'app_requests_total{code="200",route="/items"} 1' "$fresh/axum_service.metrics"
grep -qx 'app_request_seconds_count{route="/items"} 1' "$fresh/axum_service.metrics"
grep -qx 'promhttp_metric_handler_requests_total{code="200"} 0' "$fresh/axum_service.metrics"
echo "axum_service: its routes counted, /metrics served by promreg's handler"
scrape_example blocking_server '' --no-default-features
grep -qx 'blocking_scrapes_total 1' "$fresh/blocking_server.metrics"
grep -q '^blocking_start_time_seconds [0-9.e+]*$' "$fresh/blocking_server.metrics"
echo "blocking_server: served with the http feature off"

step "examples run"
out=$(cargo run -q --example custom_exporter)
grep -q '^demo_up 1$' <<<"$out"
grep -q '^demo_up 0$' <<<"$out"
grep -q '^demo_exporter_scrapes_total 2$' <<<"$out"
echo "custom_exporter: ok"

# Every step above stops the script on failure: reaching here means all
# passed. One closing line: the cargo tests plus the other steps' checks.
step "summary"
echo "cargo tests: $cargo_tests; steps after them: Pushgateway (3 tests), web config ($web_checks checks), Prometheus integration, deployment files, static build, book, embedding examples, examples"
echo "ci: $((cargo_tests + 3 + web_checks + 6)) passed, 0 failed"
