#!/usr/bin/env bash
# Runs the client_golang benchmark suite and TestTextBytes; raw Go output on stdout.
# BENCHTIME (default 1s) sets -benchtime.
set -euo pipefail

cd "$(dirname "$0")"

CLIENT_GOLANG=/usr/share/gocode/src/github.com/prometheus/client_golang
if ! command -v go >/dev/null 2>&1 || [ ! -d "$CLIENT_GOLANG" ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y golang-go golang-github-prometheus-client-golang-dev >&2
fi

# GOPATH mode, offline: Debian's Go sources under /usr/share/gocode. This
# works from a directory outside GOPATH (the package gets a local import path).
export GO111MODULE=off
export GOPATH="/usr/share/gocode:${HOME}/go"
export GOFLAGS=""
export GOPROXY=off

go test -run XXX -bench 'Gather|HotPaths' -benchmem -count=1 -benchtime="${BENCHTIME:-1s}" .
go test -run XXX -bench Scaling -cpu "${SCALING_THREADS:-1,2,4,8}" -count=1 -benchtime="${SCALING_BENCHTIME:-300ms}" .
go test -run '^TestTextBytes$' -count=1 -v .
