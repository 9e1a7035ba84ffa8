#!/usr/bin/env bash
# Start Problemorienterat with the demo municipality on http://127.0.0.1:8000/
#
#   ./run.sh                 # first run: creates .venv and installs; then serves
#   ./run.sh --port 9000     # any `problemorienterat serve` option passes through
#   PYTHON=python3.12 ./run.sh
#
# Data goes to the per-user data directory unless PROBLEMORIENTERAT_DATA_DIR (or
# PROBLEMORIENTERAT_DATABASE_URL) says otherwise. Reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.installed-pyproject-sha256"
VERSION_CHECK='import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'

fail() {
  echo "run.sh: $*" >&2
  exit 1
}

command -v "$PYTHON" >/dev/null 2>&1 ||
  fail "hittar inte $PYTHON. Installera Python 3.11 eller senare, eller ange tolk: PYTHON=python3.12 ./run.sh"
if ! "$PYTHON" -c "$VERSION_CHECK"; then
  found=$("$PYTHON" -c 'import platform; print(platform.python_version())')
  fail "Problemorienterat kräver Python 3.11 eller senare; $PYTHON är $found. Ange en nyare tolk: PYTHON=python3.12 ./run.sh"
fi

if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c "$VERSION_CHECK"; then
  fail "$VENV använder en Python äldre än 3.11. Ta bort den (rm -rf $VENV) och kör igen."
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Skapar virtuell miljö i $VENV …" >&2
  if ! "$PYTHON" -m venv "$VENV"; then
    rm -rf "$VENV"
    fail "kunde inte skapa $VENV. På Debian/Ubuntu behövs paketet python3-venv (apt install python3-venv)."
  fi
fi

wanted=$("$VENV/bin/python" -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$wanted" ]; then
  echo "Installerar Problemorienterat och dess beroenden i $VENV (första gången tar det en stund) …" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e .
  echo "$wanted" >"$STAMP"
fi

exec "$VENV/bin/problemorienterat" serve --demo "$@"
