#!/usr/bin/env bash
# The browser tests drive Debian's chromium through playwright-core (no browser download): install it once.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
echo "installing Debian's chromium for the browser tests…"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
[ -x "$browser" ] || { echo "chromium did not install at $browser" >&2; exit 1; }
