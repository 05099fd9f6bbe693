#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it (and CJK fonts for Chinese pages) when missing.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing Debian chromium and fonts-noto-cjk for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
cat >&2 <<MSG
The browser tests need Debian's Chromium at $CHROMIUM, which is missing.
Install it as root:  apt-get install chromium fonts-noto-cjk
(make test installs it by itself when run as root on Debian.)
MSG
exit 1
