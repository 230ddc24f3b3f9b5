#!/usr/bin/env bash
# Builds demo-exporter as the Dockerfile does (scripts/build-static.sh),
# checks that it is fully static, and runs it: /healthz must answer.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v file >/dev/null || { apt-get update -qq && apt-get install -y -qq file >/dev/null; }

binary=$(bash scripts/build-static.sh)
# (Not `tee /dev/stderr`: reopening stderr would truncate a log file.)
kind=$(file "$binary")
echo "$kind"
grep -qE 'statically linked|static-pie linked' <<<"$kind" || { echo "FAIL: not statically linked"; exit 1; }
if ldd "$binary" 2>&1 | grep -q '=>'; then
    echo "FAIL: ldd lists shared libraries"; ldd "$binary"; exit 1
fi
echo "ldd: $(ldd "$binary" 2>&1 | head -1)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# Run it with an empty environment and no file system around it but /proc,
# as near to `FROM scratch` as a test can get without a container engine.
env -i "$binary" --web.listen-address "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    if [ "$(curl -sf "http://127.0.0.1:$port/healthz" 2>/dev/null)" = ok ]; then
        # The body is read whole before grep: `curl | grep -q` under pipefail
        # fails at random, when grep exits on its match while curl still
        # writes (curl's exit 23).
        body=$(curl -sf "http://127.0.0.1:$port/metrics") || { echo "FAIL: /metrics did not answer 200"; exit 1; }
        grep -q '^demo_up 1$' <<<"$body" || { echo "FAIL: no demo_up 1 in:"; grep '^demo_' <<<"$body"; exit 1; }
        echo "static build: 1 passed, 0 failed"
        exit 0
    fi
    sleep 0.2
done
echo "FAIL: the static binary did not answer /healthz"
exit 1
