#!/usr/bin/env bash
# Runs the Go benchmarks and the criterion benches on the same workloads and
# prints one table: time per series for promreg, client_golang, `prometheus`
# and `prometheus-client`, the ratio of promreg to the best peer, the
# allocations per gather, and the bytes of text output (which must be equal
# for promreg, client_golang and `prometheus`). Installs Go and client_golang
# from Debian if missing. Timings are noisy: compare within one run.
#
#   bash benches/compare.sh            # about 6 minutes
#   MEASURE=1 bash benches/compare.sh  # quicker, noisier
set -euo pipefail
cd "$(dirname "$0")/.."

measure=${MEASURE:-3}
warmup=${WARMUP:-1}
out=target/compare
mkdir -p "$out"
# metrics-exporter-prometheus' protobuf encoder is built with protoc.
command -v protoc >/dev/null || { apt-get update -qq && apt-get install -y -qq protobuf-compiler >&2; }
rm -rf target/criterion

echo "== criterion: gather (promreg, prometheus, prometheus-client)" >&2
cargo bench --bench gather -- --warm-up-time "$warmup" --measurement-time "$measure" --noplot >"$out/gather.log" 2>&1
echo "== criterion: hot paths" >&2
cargo bench --bench hot_paths -- --warm-up-time "$warmup" --measurement-time "$measure" --noplot >"$out/hot_paths.log" 2>&1
echo "== allocations and text size per gather" >&2
cargo bench --bench allocs 2>/dev/null | grep -E '^(allocs|textbytes|memory) ' >"$out/allocs.txt"
echo "== throughput against threads" >&2
cargo bench --bench scaling 2>/dev/null | grep '^scaling ' >"$out/scaling.txt"
echo "== Go (client_golang 1.14)" >&2
BENCHTIME=${GO_BENCHTIME:-1s} bash benches/go/run.sh >"$out/go.txt" 2>&1

python3 benches/report.py target/criterion "$out/go.txt" "$out/allocs.txt" "$out/scaling.txt"
