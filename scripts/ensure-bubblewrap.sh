#!/usr/bin/env bash
# Generated code runs in a bubblewrap sandbox and the sandbox tests need the real one: install Debian's once.
# setpriv, prlimit and timeout (util-linux, coreutils) come with every Debian system.
set -euo pipefail
command -v bwrap >/dev/null && exit 0
echo "installing Debian's bubblewrap for the sandbox…"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq bubblewrap >/dev/null
command -v bwrap >/dev/null || { echo "bubblewrap did not install: bwrap is not on PATH" >&2; exit 1; }
