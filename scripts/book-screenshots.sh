#!/usr/bin/env bash
# Screenshots of three chapters of the book, in the light theme and in a
# dark one (mdBook's `navy`, which a reader whose system prefers dark gets),
# made by headless Chromium from the built book served on 127.0.0.1. For
# looking at: the diagrams on their own background, Go's listings wrapped,
# the project's listings within the page.
#
#   bash scripts/book-screenshots.sh [OUT_DIR]     (default: target/book-screenshots)
#
# Installs Debian's chromium and mdBook when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/book-screenshots}
mkdir -p "$out"
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
command -v mdbook >/dev/null || cargo install mdbook --locked --version 0.5.4
mdbook build book >/dev/null 2>&1

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory book/book >/dev/null 2>&1 &
server=$!
profile=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$profile"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done

shoot() { # shoot PAGE THEME: the page at 1280x4800, in that theme
    local page=$1 theme=$2 dark=()
    [ "$theme" = dark ] && dark=(--force-dark-mode --blink-settings=preferredColorScheme=0)
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile/$theme" --hide-scrollbars --window-size=1280,4800 \
        "${dark[@]}" --screenshot="$out/${page%.html}-$theme.png" \
        "http://127.0.0.1:$port/$page" >/dev/null 2>&1
    echo "$out/${page%.html}-$theme.png"
}
for page in histograms.html gather.html register.html; do
    for theme in light dark; do shoot "$page" "$theme"; done
done
