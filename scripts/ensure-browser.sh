#!/usr/bin/env bash
# Install Debian's Chromium for the end-to-end browser tests, when it is missing.
#
#   scripts/ensure-browser.sh        # quiet and quick when /usr/bin/chromium is there
#
# Used by .ci/run, and by test.sh when CI=true or REQUIRE_BROWSER=1. Playwright drives this
# browser (executable_path); it never downloads a browser of its own. `apt-get update` runs only
# when the install fails without it (a new machine's package lists may be missing or old).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || {
  echo "$(basename "$0"): $CHROMIUM saknas och apt-get finns inte; installera Chromium själv." >&2
  exit 1
}

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "$(basename "$0"): $CHROMIUM saknas; installera den som root (apt-get install chromium)." >&2
    exit 1
  }
  as_root=(sudo)
fi

install_chromium() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends chromium >/dev/null
}

echo "Installerar Debians chromium för webbläsartesterna …" >&2
if ! install_chromium 2>/dev/null; then
  "${as_root[@]}" apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null
  install_chromium
fi
[ -x "$CHROMIUM" ] || {
  echo "$(basename "$0"): installationen gav ingen $CHROMIUM." >&2
  exit 1
}
