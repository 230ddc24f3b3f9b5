#!/usr/bin/env bash
# Integration test of the web configuration (`--web.config.file`):
# demo-exporter beside Debian's prometheus-node-exporter 1.5, which is built
# on exporter-toolkit 0.8.2, the reference implementation of the format.
#
#  1. exporter-toolkit's own test configurations (Debian's
#     golang-github-prometheus-exporter-toolkit-dev, read where installed,
#     never copied): each exporter started with each file; both must start
#     or both refuse (Go's error text in both logs where promreg keeps
#     Go's), and a started pair answers a first request alike. The
#     departures rustls forces are listed below and checked to be exactly
#     those.
#  2. A test CA made here with openssl: TLS with basic auth, and the three
#     kinds of client-certificate checks; each exporter is sent the same
#     requests (no credentials, a wrong password, the right one, a client
#     certificate from the CA, a self-signed one, plain HTTP) and must give
#     the same outcome.
#  3. A real Prometheus scrapes both over HTTPS with basic auth: both
#     targets up; a job with a wrong password is down.
#  4. The file is read again on each connection and request: a new
#     password and a new certificate take effect without a restart.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v prometheus-node-exporter >/dev/null || missing+=(prometheus-node-exporter)
command -v prometheus >/dev/null || missing+=(prometheus)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v openssl >/dev/null || missing+=(openssl)
toolkit=/usr/share/gocode/src/github.com/prometheus/exporter-toolkit/web/testdata
[ -d "$toolkit" ] || missing+=(golang-github-prometheus-exporter-toolkit-dev)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
cargo build -q --features demo-exporter --bin demo-exporter
demo=$PWD/target/debug/demo-exporter

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

passed=0
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { passed=$((passed + 1)); echo "ok: $*"; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start KIND CONFIG: starts node or demo with CONFIG on a free port. Sets
# port, pid, log, and state: "serving" once it listens, or "refused" if it
# exits first.
start() {
    local kind=$1 config=$2
    port=$(free_port)
    log="$work/$kind.$port.log"
    if [ "$kind" = node ]; then
        prometheus-node-exporter --collector.disable-defaults --web.listen-address "127.0.0.1:$port" \
            --web.config.file "$config" >"$log" 2>&1 &
    else
        "$demo" --web.listen-address "127.0.0.1:$port" --web.config.file "$config" >"$log" 2>&1 &
    fi
    pid=$!
    pids+=("$pid")
    for _ in $(seq 100); do
        if ! kill -0 "$pid" 2>/dev/null; then state=refused; return; fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then state=serving; return; fi
        sleep 0.05
    done
    fail "$kind with $config neither served nor exited in 5s"
}

stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }

# outcome CURL-ARGS...: the HTTP status, or how the connection failed
# (curl's exit codes differ between Go's and rustls' alerts, so every
# TLS failure is one outcome).
outcome() {
    local code rc=0
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@") || rc=$?
    case $rc in
        0) echo "$code" ;;
        35 | 55 | 56 | 58 | 60 | 16 | 92) echo "tls-error" ;;
        *) echo "curl-error-$rc" ;;
    esac
}

# first_request: what a started exporter answers to a bare request, over
# TLS (not verified) if it speaks TLS, else plain HTTP.
first_request() {
    local https http
    https=$(outcome -k "https://127.0.0.1:$port/metrics")
    if [ "$https" = tls-error ] || [[ "$https" == curl-error* ]]; then
        http=$(outcome "http://127.0.0.1:$port/metrics")
        if [ "$http" = 400 ]; then echo "https $https"; else echo "http $http"; fi
    else
        echo "https $https"
    fi
}

# Go's error text, from node-exporter's log (go-kit's logfmt).
node_error() { sed -n 's/.* err="\(.*\)"$/\1/p; s/.* err=\([^" ]*\)$/\1/p' "$1" | tail -1 | sed 's/\\"/"/g'; }

echo "== 1. exporter-toolkit's test configurations"
cp -r "$toolkit" "$work/testdata"
# What rustls cannot do (see src/web/tls.rs): node serves, demo refuses.
declare -A departs=(
    [web_config_noAuth_noHTTP2.good.yml]="only a CBC suite, TLS 1.2 at most"
    [web_config_noAuth_someCurves.good.yml]="only the P-521 curve"
)
# Where the error is the YAML parser's or the file system's, not one of
# exporter-toolkit's own texts, the texts differ (both name the problem).
declare -A own_text=(
    [web_config_junk.yml]=1 [web_config_junk_key.yml]=1 [web_config_noAuth_certPath_invalid.bad.yml]=1
    [web_config_noAuth_keyPath_invalid.bad.yml]=1 [web_config_noAuth_certPath_keyPath_invalid.bad.yml]=1
    [web_config_auth_clientCAs_invalid.bad.yml]=1
)
for config in "$work"/testdata/*.yml; do
    name=$(basename "$config")
    start node "$config"; node_state=$state node_log=$log
    node_answer=""; [ "$node_state" = serving ] && node_answer=$(first_request)
    stop
    start demo "$config"; demo_state=$state demo_log=$log
    demo_answer=""; [ "$demo_state" = serving ] && demo_answer=$(first_request)
    stop
    if [ -n "${departs[$name]:-}" ]; then
        [ "$node_state $demo_state" = "serving refused" ] || fail "$name: expected node serving and demo refusing (${departs[$name]}), got $node_state/$demo_state"
        ok "$name: node serves, demo refuses as documented (${departs[$name]}): $(tail -1 "$demo_log")"
        continue
    fi
    [ "$node_state" = "$demo_state" ] || { cat "$node_log" "$demo_log"; fail "$name: node $node_state, demo $demo_state"; }
    [ "$node_answer" = "$demo_answer" ] || fail "$name: node answered '$node_answer', demo '$demo_answer'"
    if [ "$node_state" = refused ]; then
        err=$(node_error "$node_log")
        [ -n "$err" ] || { cat "$node_log"; fail "$name: no error in node's log"; }
        if [ -z "${own_text[$name]:-}" ]; then
            grep -qF -- "$err" "$demo_log" || { cat "$demo_log"; fail "$name: demo's error is not Go's: $err"; }
            ok "$name: both refuse, with Go's text: $err"
        else
            ok "$name: both refuse (Go: $err; promreg: $(tail -1 "$demo_log"))"
        fi
    else
        ok "$name: both serve, first request: $node_answer"
    fi
done

echo "== 2. a test CA: TLS, basic auth, client certificates"
pki=$work/pki
mkdir -p "$pki"
(
    cd "$pki"
    ec() { openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" 2>/dev/null; }
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=promreg-test-ca 2>/dev/null
    ec server localhost
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile server.ext 2>/dev/null
    ec client prometheus
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 2 -extfile client.ext 2>/dev/null
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout stranger.key -out stranger.crt -days 2 -subj /CN=stranger -addext extendedKeyUsage=clientAuth 2>/dev/null
)
hash=$(htpasswd -nbBC 10 prom s3cret | cut -d: -f2)
write_config() { # write_config FILE CLIENT_AUTH [USERS_YAML]
    {
        echo "tls_server_config:"
        echo "  cert_file: pki/server.crt"
        echo "  key_file: pki/server.key"
        if [ "$2" != none ]; then
            echo "  client_auth_type: $2"
            if [[ "$2" == *Verify* ]]; then echo "  client_ca_file: pki/ca.crt"; fi
        fi
        echo "http_server_config:"
        echo "  headers:"
        echo "    X-Frame-Options: deny"
        if [ -n "${3:-}" ]; then printf 'basic_auth_users:\n%s\n' "$3"; fi
    } >"$1"
}
write_config "$work/auth.yml" none "  prom: $hash"
write_config "$work/mtls.yml" RequireAndVerifyClientCert
write_config "$work/mtls-optional.yml" VerifyClientCertIfGiven
write_config "$work/any-cert.yml" RequireAnyClientCert
requests() { # every request's outcome, one per line
    local url="https://127.0.0.1:$port/metrics" tls=(--cacert "$pki/ca.crt")
    echo "no credentials: $(outcome "${tls[@]}" "$url")"
    echo "wrong password: $(outcome "${tls[@]}" -u prom:wrong "$url")"
    echo "unknown user: $(outcome "${tls[@]}" -u nobody:s3cret "$url")"
    echo "right password: $(outcome "${tls[@]}" -u prom:s3cret "$url")"
    echo "client cert from the CA: $(outcome "${tls[@]}" --cert "$pki/client.crt" --key "$pki/client.key" "$url")"
    echo "self-signed client cert: $(outcome "${tls[@]}" --cert "$pki/stranger.crt" --key "$pki/stranger.key" "$url")"
    echo "plain HTTP: $(outcome "http://127.0.0.1:$port/metrics")"
    echo "X-Frame-Options: $(curl -s -o /dev/null -D - "${tls[@]}" --cert "$pki/client.crt" --key "$pki/client.key" "$url" | tr -d '\r' | sed -n 's/^[Xx]-[Ff]rame-[Oo]ptions: //p')"
}
for config in auth mtls mtls-optional any-cert; do
    start node "$work/$config.yml"
    [ "$state" = serving ] || fail "node refused $config.yml"
    requests >"$work/$config.node"
    stop
    start demo "$work/$config.yml"
    [ "$state" = serving ] || { cat "$log"; fail "demo refused $config.yml"; }
    requests >"$work/$config.demo"
    stop
    diff "$work/$config.node" "$work/$config.demo" || fail "$config.yml: node (<) and demo (>) answer differently"
    ok "$config.yml: the same $(wc -l <"$work/$config.node") outcomes: $(tr '\n' ';' <"$work/$config.demo")"
done
grep -qx "wrong password: 401" "$work/auth.demo" && grep -qx "right password: 200" "$work/auth.demo" \
    && grep -qx "no credentials: tls-error" "$work/mtls.demo" && grep -qx "client cert from the CA: 200" "$work/mtls.demo" \
    || fail "the outcomes are not the expected ones"

echo "== 3. a real Prometheus scrapes both over HTTPS with basic auth"
start node "$work/auth.yml"
[ "$state" = serving ] || fail "node refused auth.yml"
node_port=$port
start demo "$work/auth.yml"
[ "$state" = serving ] || fail "demo refused auth.yml"
demo_port=$port
prom_port=$(free_port)
job() { # job NAME PORT PASSWORD
    printf '  - job_name: %s\n    scheme: https\n    tls_config: {ca_file: %s}\n' "$1" "$pki/ca.crt"
    printf '    basic_auth: {username: prom, password: %s}\n' "$3"
    printf "    static_configs: [{targets: ['127.0.0.1:%s']}]\n" "$2"
}
{
    printf 'global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n'
    job node "$node_port" s3cret
    job demo "$demo_port" s3cret
    job demo_wrong_password "$demo_port" wrong
} >"$work/prometheus.yml"
prometheus --config.file "$work/prometheus.yml" --web.listen-address "127.0.0.1:$prom_port" \
    --storage.tsdb.path "$work/tsdb" >"$work/prometheus.log" 2>&1 &
pids+=("$!")
up_of() { curl -s "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=up{job=\"$1\"}" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "none")' 2>/dev/null || echo none; }
for _ in $(seq 40); do
    [ "$(up_of node) $(up_of demo) $(up_of demo_wrong_password)" = "1 1 0" ] && break
    sleep 1
done
states="node $(up_of node), demo $(up_of demo), demo_wrong_password $(up_of demo_wrong_password)"
[ "$states" = "node 1, demo 1, demo_wrong_password 0" ] || { tail -20 "$work/prometheus.log"; fail "Prometheus sees $states"; }
ok "Prometheus over HTTPS with basic auth: $states"
series=$(curl -s "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode 'query=demo_up{job="demo"}')
grep -q '"value":\[[0-9.]*,"1"\]' <<<"$series" || fail "demo_up not stored: $series"
ok "demo_up stored from the HTTPS scrape"

echo "== 4. the file is read again: a new password, a new certificate, without a restart"
new_hash=$(htpasswd -nbBC 10 prom n3w | cut -d: -f2)
sed -i "s|  prom: .*|  prom: $new_hash|" "$work/auth.yml"
(
    cd "$pki"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr -subj /CN=renewed 2>/dev/null
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile server.ext 2>/dev/null
)
serial_now=$(openssl x509 -in "$pki/server.crt" -noout -serial)
for target in "node $node_port" "demo $demo_port"; do
    set -- $target
    old=$(outcome --cacert "$pki/ca.crt" -u prom:s3cret "https://127.0.0.1:$2/metrics")
    new=$(outcome --cacert "$pki/ca.crt" -u prom:n3w "https://127.0.0.1:$2/metrics")
    served=$(openssl s_client -connect "127.0.0.1:$2" </dev/null 2>/dev/null | openssl x509 -noout -serial)
    [ "$old $new" = "401 200" ] || fail "$1 after the password change: old $old, new $new"
    [ "$served" = "$serial_now" ] || fail "$1 serves $served, the file holds $serial_now"
    ok "$1: the new password works and the old does not; the renewed certificate is served"
done

echo "web config: $passed passed, 0 failed"
