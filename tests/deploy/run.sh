#!/usr/bin/env bash
# Checks deploy/: the Prometheus config and rules (promtool, with the unit
# tests of tests/deploy/rules_test.yml making each alert fire, or not), the
# Kubernetes manifests and the Helm chart (rendered by tests/deploy/helmrender,
# since Helm is not packaged where this runs), and the Grafana dashboard.
# Installs what it needs from Debian and PyPI when missing.
# Prints `deploy: N passed, M failed` over all of it.
set -euo pipefail
cd "$(dirname "$0")/../.."

gocode=/usr/share/gocode/src
if ! command -v go >/dev/null || [ ! -d "$gocode/github.com/Masterminds/sprig" ] || [ ! -d "$gocode/gopkg.in/yaml.v3" ]; then
    apt-get update -qq
    apt-get install -y -qq golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev >/dev/null
fi
command -v promtool >/dev/null || { apt-get update -qq && apt-get install -y -qq prometheus >/dev/null; }
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q pyyaml

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# counted NAME COMMAND...: runs COMMAND (its output in the log) as one check.
counted() {
    local name=$1
    shift
    if "$@" >"$work/out" 2>&1; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name:"
        sed 's/^/    /' "$work/out"
        failed=$((failed + 1))
    fi
}

counted "promtool check rules" promtool check rules deploy/prometheus/rules.yml
counted "promtool check config" promtool check config deploy/prometheus/prometheus.yml

# Each test group of rules_test.yml on its own, so each counts: one file per
# group, its rule_files made absolute (promtool reads them relative to the
# test file).
python3 - "$work" <<'PY'
import os, sys, yaml
work = sys.argv[1]
src = os.path.abspath("tests/deploy/rules_test.yml")
with open(src) as fh:
    suite = yaml.safe_load(fh)
rules = [os.path.normpath(os.path.join(os.path.dirname(src), f)) for f in suite["rule_files"]]
for i, group in enumerate(suite["tests"]):
    one = dict(suite, rule_files=rules, tests=[group])
    with open(os.path.join(work, f"rules_test_{i:02d}.yml"), "w") as fh:
        yaml.safe_dump(one, fh, sort_keys=False)
    with open(os.path.join(work, f"rules_test_{i:02d}.name"), "w") as fh:
        fh.write(group["name"])
PY
groups=0
for test in "$work"/rules_test_*.yml; do
    groups=$((groups + 1))
    counted "promtool test rules: $(cat "${test%.yml}.name")" promtool test rules "$test"
done
# A suite that lost its groups must not pass by testing nothing.
[ "$groups" -ge 4 ] || { echo "FAIL rules_test.yml: $groups test groups, want at least 4"; failed=$((failed + 1)); }

set +e
python3 tests/deploy/check.py env GO111MODULE=off GOPROXY=off GOPATH="/usr/share/gocode:${HOME:-/tmp}/go" \
    go run ./tests/deploy/helmrender >"$work/check.out" 2>&1
set -e
cat "$work/check.out"
summary=$(sed -nE 's/^manifests: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$work/check.out")
if [ -n "$summary" ]; then
    read -r p f <<<"$summary"
    passed=$((passed + p))
    failed=$((failed + f))
else
    echo "FAIL check.py ended without its summary"
    failed=$((failed + 1))
fi

echo "deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
