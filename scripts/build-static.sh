#!/usr/bin/env bash
# Builds a fully static demo-exporter (glibc with crt-static: no dynamic
# loader, no shared libraries), as the Dockerfile does, so that it runs
# alone in a `FROM scratch` image. Prints the binary's path.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$(rustc -vV | sed -n 's/^host: //p')
RUSTFLAGS="-C target-feature=+crt-static" \
    cargo build --release --locked --features demo-exporter --bin demo-exporter \
        --target "$target" >&2
echo "target/$target/release/demo-exporter"
