#!/usr/bin/env bash
# Integration test: demo-exporter scraped by a real Prometheus server.
#
# Starts demo-exporter and Prometheus (Debian's package, installed if
# missing) on 127.0.0.1, three times: as configured by default, where the
# exporter serves the text format; with OpenMetrics enabled in the exporter,
# which Prometheus prefers (and stores the exporter's exemplars); and with
# native histograms enabled in Prometheus, where it asks for protobuf and
# stores the scrape duration as a native histogram. Then an app with exemplars
# (examples/axum_service.rs) scraped by a Prometheus that stores them. Each
# time it waits (bounded) for the
# target to be up, checks through Prometheus' HTTP API that the exporter's
# series arrived, and checks in the exporter's access log which format was
# served. `promtool check metrics` must pass on the text output. Everything
# it starts is stopped when it ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
    apt-get update -qq && apt-get install -y -qq prometheus >/dev/null
fi
cargo build -q --features demo-exporter --bin demo-exporter
exporter=target/debug/demo-exporter

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_for SECONDS DESCRIPTION COMMAND...: retries COMMAND once a second.
wait_for() {
    local seconds=$1 what=$2
    shift 2
    for _ in $(seq "$seconds"); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    echo "FAIL: $what not after ${seconds}s" >&2
    return 1
}

fail() {
    echo "FAIL: $*" >&2
    echo "--- exporter log" >&2; tail -20 "$work/exporter.log" >&2 || true
    echo "--- prometheus log" >&2; tail -20 "$work/prometheus.log" >&2 || true
    exit 1
}

start_exporter() { # start_exporter [EXPORTER FLAGS...]
    exporter_port=$(free_port)
    "$exporter" --web.listen-address "127.0.0.1:$exporter_port" --log.level debug "$@" >>"$work/exporter.log" 2>&1 &
    exporter_pid=$!
    pids+=("$exporter_pid")
    wait_for 30 "exporter health" curl -sf "http://127.0.0.1:$exporter_port/healthz" || fail "exporter start"
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

start_exporter
echo "promtool check metrics on the exporter's text output"
curl -sf "http://127.0.0.1:$exporter_port/metrics" >"$work/metrics.txt"
promtool check metrics <"$work/metrics.txt" || fail "promtool check metrics"
stop "$exporter_pid"

query() { # query PROMQL: the JSON answer of an instant query
    curl -sf "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1"
}

# grep reads its input whole (no -q): under pipefail, `curl | grep -q` fails
# when grep exits on a match while curl is still writing.
has_result() { query "$1" | grep '"result":\[{' >/dev/null; }

scrape_with() { # scrape_with MODE EXPECTED_CONTENT_TYPE EXPORTER_FLAG PROMETHEUS_FLAG
    local mode=$1 content_type=$2 exporter_flag=$3 prometheus_flag=$4
    if [ -n "$exporter_flag" ]; then start_exporter "$exporter_flag"; else start_exporter; fi
    prom_port=$(free_port)
    cat >"$work/prometheus-$mode.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: demo
    static_configs:
      - targets: ["127.0.0.1:$exporter_port"]
YML
    local log_start
    log_start=$(wc -l <"$work/exporter.log")
    prometheus --config.file "$work/prometheus-$mode.yml" --web.listen-address "127.0.0.1:$prom_port" \
        --storage.tsdb.path "$work/data-$mode" ${prometheus_flag:+"$prometheus_flag"} >"$work/prometheus.log" 2>&1 &
    local prom_pid=$!
    pids+=("$prom_pid")
    wait_for 60 "Prometheus ($mode) ready" curl -sf "http://127.0.0.1:$prom_port/-/ready" || fail "prometheus start"
    wait_for 60 "target up ($mode)" has_result 'up{job="demo"} == 1' || fail "target up"
    for q in 'demo_up == 1' 'demo_exporter_scrapes_total > 0' 'demo_cpu_seconds_total' \
        'demo_memory_bytes{kind="total"} > 0' 'process_start_time_seconds' 'demo_exporter_build_info == 1' \
        'promhttp_metric_handler_requests_total{code="200"}'; do
        wait_for 15 "series $q ($mode)" has_result "$q" || fail "series $q"
    done
    local storage=""
    case $mode in text) storage=classic ;; protobuf) storage=native ;; esac
    if [ -n "$storage" ]; then
        # Every expression of the Grafana dashboard and of the recording
        # rules that reads what this Prometheus stores (the scrape
        # duration's classic series, or its native histogram) returns data
        # (a rate needs two samples: give it a moment).
        while IFS= read -r q; do
            wait_for 20 "dashboard/rule query $q" has_result "$q" || fail "query $q"
        done < <(python3 tests/deploy/queries.py demo "$storage")
        echo "ok: every dashboard and recording-rule query on $storage storage returns data"
    fi
    if [ "$mode" = openmetrics ]; then
        # Each scrape leaves its number as the scrape duration's exemplar.
        wait_for 20 "demo-exporter's exemplars" scrape_exemplar_stored || fail "no scrape exemplar stored"
        echo "ok: the scrape duration's exemplars stored"
    fi
    tail -n +"$((log_start + 1))" "$work/exporter.log" | grep 'GET /metrics 200' | grep "content-type=\"$content_type" >/dev/null \
        || fail "exporter did not serve $content_type to Prometheus ($mode)"
    echo "ok: $mode: target up, series arrived, served $content_type"
    stop "$prom_pid"
    stop "$exporter_pid"
}

scrape_with text "text/plain; version=0.0.4" "" ""
exemplars() { # exemplars PROMQL: the JSON answer of an exemplar query over the last 10 minutes
    curl -sf "http://127.0.0.1:$prom_port/api/v1/query_exemplars" \
        --data-urlencode "query=$1" --data-urlencode "start=$(($(date +%s) - 600))" \
        --data-urlencode "end=$(($(date +%s) + 60))"
}
# scrape_exemplar_stored: Prometheus' exemplar API returns an exemplar
# {scrape="N"} of demo-exporter's scrape duration.
scrape_exemplar_stored() {
    exemplars demo_exporter_scrape_duration_seconds_bucket | grep -Eq '"labels":\{"scrape":"[0-9]+"\}'
}
scrape_with openmetrics "application/openmetrics-text; version=0.0.1" --web.enable-openmetrics \
    --enable-feature=exemplar-storage
scrape_with protobuf "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited" \
    "" --enable-feature=native-histograms
# Exemplars: the axum example leaves each request's trace ID as an
# exemplar; Prometheus with exemplar storage scrapes it over OpenMetrics,
# and its exemplar API returns the trace IDs the test sent.
# start_example NAME PATH: builds and starts an example serving on a free
# port, waits (bounded) until PATH answers; sets app_port and app_pid.
start_example() {
    cargo build -q --example "$1"
    app_port=$(free_port)
    "target/debug/examples/$1" "127.0.0.1:$app_port" >>"$work/exporter.log" 2>&1 &
    app_pid=$!
    pids+=("$app_pid")
    wait_for 30 "$1 up" curl -sf "http://127.0.0.1:$app_port$2" || fail "$1 start"
}

# start_prometheus MODE JOB FEATURE: Prometheus scraping app_port every
# second as job JOB, with --enable-feature=FEATURE; waits until it is
# ready; sets prom_port and prom_pid.
start_prometheus() {
    local mode=$1 job=$2 feature=$3
    prom_port=$(free_port)
    cat >"$work/prometheus-$mode.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: $job
    static_configs:
      - targets: ["127.0.0.1:$app_port"]
YML
    prometheus --config.file "$work/prometheus-$mode.yml" --web.listen-address "127.0.0.1:$prom_port" \
        --storage.tsdb.path "$work/data-$mode" --enable-feature="$feature" >"$work/prometheus.log" 2>&1 &
    prom_pid=$!
    pids+=("$prom_pid")
    wait_for 60 "Prometheus ($mode) ready" curl -sf "http://127.0.0.1:$prom_port/-/ready" || fail "prometheus start"
}

exemplars_scraped() {
    start_example axum_service /
    start_prometheus exemplars app exemplar-storage
    wait_for 60 "target up (exemplars)" has_result 'up{job="app"} == 1' || fail "target up"
    local run=$$-$RANDOM trace
    for trace in "a-$run" "b-$run" "c-$run"; do
        curl -sf -H "x-trace-id: $trace" "http://127.0.0.1:$app_port/items" >/dev/null || fail "request $trace"
        # One scrape at least between requests: each exemplar is seen.
        sleep 2.5
    done
    for series in app_requests_total app_request_seconds_bucket; do
        for trace in "a-$run" "b-$run" "c-$run"; do
            wait_for 15 "exemplar $trace on $series" eval "exemplars $series | grep '\"trace_id\":\"$trace\"' >/dev/null" \
                || fail "exemplar $trace on $series: $(exemplars "$series")"
        done
    done
    echo "ok: exemplars: Prometheus stored the trace IDs of 3 requests on the counter and the histogram"
    stop "$prom_pid"
    stop "$app_pid"
}
exemplars_scraped

# Native histograms: Prometheus with the feature on asks for protobuf,
# stores the example's native histogram, and its median from
# histogram_quantile is the true median (1 s) within the buckets' 10%.
native_histogram_scraped() {
    start_example native_histograms /metrics
    start_prometheus native job native-histograms
    local q='histogram_quantile(0.5, rate(job_work_seconds[1m]))'
    median_ok() {
        query "$q" | python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
median = float(result[0]["value"][1])
print(median)
sys.exit(0 if abs(median - 1.0) <= 0.1 else 1)'
    }
    wait_for 60 "$q within 10% of 1" median_ok || fail "median: $(query "$q")"
    echo "ok: native histogram: stored from protobuf, median $(median_ok) (true median 1)"
    # (Prometheus 2.42 with the feature on keeps only the native buckets of
    # a histogram that has both; 2.45 added scrape_classic_histograms.)
    stop "$prom_pid"
    stop "$app_pid"
}
native_histogram_scraped
echo "prometheus integration: 5 passed, 0 failed"
