#!/usr/bin/env bash
# Checks deploy/: the Kubernetes manifests and the Helm chart (rendered by
# tests/deploy/helmrender, since Helm is not packaged where this runs), the
# Grafana dashboard, and the Prometheus config and rules (promtool).
# Installs what it needs from Debian and PyPI when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

gocode=/usr/share/gocode/src
if ! command -v go >/dev/null || [ ! -d "$gocode/github.com/Masterminds/sprig" ] || [ ! -d "$gocode/gopkg.in/yaml.v3" ]; then
    apt-get update -qq
    apt-get install -y -qq golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev >/dev/null
fi
command -v promtool >/dev/null || { apt-get update -qq && apt-get install -y -qq prometheus >/dev/null; }
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q pyyaml

promtool check rules deploy/prometheus/rules.yml
promtool check config deploy/prometheus/prometheus.yml
python3 tests/deploy/check.py env GO111MODULE=off GOPROXY=off GOPATH="/usr/share/gocode:${HOME:-/tmp}/go" \
    go run ./tests/deploy/helmrender
