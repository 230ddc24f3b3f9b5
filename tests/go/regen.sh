#!/usr/bin/env bash
# Regenerates tests/golden/ from the Prometheus Go client (client_golang 1.14,
# prometheus/common 0.39 as packaged by Debian) using tests/go/golden.go.
# Usage: tests/go/regen.sh [OUTDIR]   (default tests/golden)
set -euo pipefail

cd "$(dirname "$0")/../.."

GOCODE=/usr/share/gocode
if ! command -v go >/dev/null 2>&1 || [ ! -d "$GOCODE/src/github.com/prometheus/client_golang" ]; then
    SUDO=
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update
    $SUDO apt-get install -y golang-go golang-github-prometheus-client-golang-dev
fi

# An optional argument writes elsewhere (scripts/test.sh uses it to check
# that the committed files are exactly what Go produces).
out="${1:-tests/golden}"
GO111MODULE=off GOFLAGS= GOPATH="$GOCODE:${HOME:-/tmp}/go" go run ./tests/go "$out"
echo "golden files written to $out/"
