#!/usr/bin/env bash
# The browser the dashboards' browser test drives: Debian's chromium (never a downloaded browser build).
# Installs it when it is missing and this machine can (root and apt-get); otherwise says what to install and
# exits 0, so `make test` goes on and the browser test is skipped with the same advice (under CI=true the test
# fails instead of skipping).
set -uo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the browser test (apt-get install chromium)"
    if apt-get update -qq && apt-get install -y -qq chromium >/dev/null; then
        exit 0
    fi
    echo "apt-get could not install chromium" >&2
fi
echo "NOTE: no /usr/bin/chromium: the dashboards' browser test will be skipped." \
     "Install Debian's chromium as root (apt-get install -y chromium) to run it." >&2
exit 0
