#!/usr/bin/env bash
# Create .venv (if missing) and install the project into it (when pyproject.toml changed).
#
#   scripts/ensure-venv.sh          # the application
#   scripts/ensure-venv.sh dev      # the application and what the tests need
#
# Used by run.sh and test.sh; PYTHON names the interpreter to use (default python3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

EXTRAS="${1:-}"
PYTHON="${PYTHON:-python3}"
VENV=.venv
VERSION_CHECK='import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'

fail() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

command -v "$PYTHON" >/dev/null 2>&1 ||
  fail "hittar inte $PYTHON. Installera Python 3.11 eller senare, eller ange tolk: PYTHON=python3.12"
if ! "$PYTHON" -c "$VERSION_CHECK"; then
  found=$("$PYTHON" -c 'import platform; print(platform.python_version())')
  fail "Problemorienterat kräver Python 3.11 eller senare; $PYTHON är $found. Ange en nyare tolk: PYTHON=python3.12"
fi
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c "$VERSION_CHECK"; then
  fail "$VENV använder en Python äldre än 3.11. Ta bort den (rm -rf $VENV) och kör igen."
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Skapar virtuell miljö i $VENV …" >&2
  if ! "$PYTHON" -m venv "$VENV"; then
    rm -rf "$VENV"
    fail "kunde inte skapa $VENV. På Debian/Ubuntu behövs paketet python3-venv."
  fi
fi

wanted=$("$VENV/bin/python" -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')
stamp_for() { echo "$VENV/.installed-${1:-base}"; }
is_current() { [ -f "$(stamp_for "$1")" ] && [ "$(cat "$(stamp_for "$1")")" = "$wanted" ]; }

# The dev install contains the base install, so it satisfies a request for either.
if is_current "$EXTRAS" || is_current dev; then
  exit 0
fi
target="."
[ -n "$EXTRAS" ] && target=".[$EXTRAS]"
echo "Installerar Problemorienterat${EXTRAS:+ ($EXTRAS)} i $VENV (första gången tar det en stund) …" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$target"
echo "$wanted" >"$(stamp_for "$EXTRAS")"
