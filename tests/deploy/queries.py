"""Prints every PromQL expression of the Grafana dashboard and of the
recording rules, one per line, with Grafana's variables filled in for a
Prometheus scraping demo-exporter as job JOB (the integration test runs
each one against a real Prometheus).

Usage: python3 tests/deploy/queries.py JOB
"""
import json
import os
import sys

import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
job = sys.argv[1]
with open(os.path.join(ROOT, "deploy", "grafana", "demo-exporter.json")) as fh:
    dash = json.load(fh)
for panel in dash["panels"]:
    for target in panel["targets"]:
        expr = target["expr"].replace("$__rate_interval", "1m").replace("$job", job).replace("$instance", ".*")
        print(" ".join(expr.split()))
with open(os.path.join(ROOT, "deploy", "prometheus", "rules.yml")) as fh:
    rules = yaml.safe_load(fh)
for group in rules["groups"]:
    for rule in group["rules"]:
        if "record" in rule:
            print(" ".join(rule["expr"].replace("[5m]", "[1m]").split()))
