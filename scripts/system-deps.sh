#!/usr/bin/env bash
# System packages the test suite uses: redis-server (Redis Streams worker tests) and chromium
# (the HTML report is checked in a real headless browser). Installs them with apt-get when
# missing and allowed (root or sudo); otherwise says what to install and fails.
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${need[*]} (Debian packages)" >&2
if [ "$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
  echo "system-deps: please install: apt-get install -y ${need[*]}" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${need[@]}" >/dev/null
