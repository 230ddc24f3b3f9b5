"""Prints every PromQL expression of the Grafana dashboard and of the
recording rules, one per line, with Grafana's variables filled in for a
Prometheus scraping demo-exporter as job JOB (the integration test runs
each one against a real Prometheus).

demo-exporter's scrape duration is a histogram with classic and native
buckets. A Prometheus 2.42 with native histograms enabled stores only the
native histogram (no _bucket, _sum or _count series); one without stores only
the classic series. So STORAGE says which it is: `classic` leaves out the
queries that read only the native histogram, `native` those that read only
its classic series. A query that reads both (with `or`) is always printed.

Usage: python3 tests/deploy/queries.py JOB classic|native
"""
import json
import os
import re
import sys

import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
job, storage = sys.argv[1], sys.argv[2]
if storage not in ("classic", "native"):
    sys.exit(f"queries.py: storage must be classic or native, not {storage!r}")
HISTOGRAM = re.compile(r"demo_exporter_scrape_duration_seconds(_bucket|_sum|_count)?\b")


def stored(expr):
    """Whether Prometheus has the series EXPR reads, under STORAGE."""
    kinds = {"classic" if m.group(1) else "native" for m in HISTOGRAM.finditer(expr)}
    return not kinds or storage in kinds


with open(os.path.join(ROOT, "deploy", "grafana", "demo-exporter.json")) as fh:
    dash = json.load(fh)
for panel in dash["panels"]:
    for target in panel["targets"]:
        expr = target["expr"].replace("$__rate_interval", "1m").replace("$job", job).replace("$instance", ".*")
        if stored(expr):
            print(" ".join(expr.split()))
with open(os.path.join(ROOT, "deploy", "prometheus", "rules.yml")) as fh:
    rules = yaml.safe_load(fh)
for group in rules["groups"]:
    for rule in group["rules"]:
        if "record" in rule and stored(rule["expr"]):
            print(" ".join(rule["expr"].replace("[5m]", "[1m]").split()))
