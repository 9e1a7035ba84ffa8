#!/usr/bin/env bash
# Start Problemorienterat with the demo municipality on http://127.0.0.1:8000/
#
#   ./run.sh                     # first run: creates .venv and installs; then serves
#   ./run.sh --port 9000         # any `problemorienterat serve` option passes through
#   PYTHON=python3.12 ./run.sh   # choose the interpreter (3.11 or later)
#
# Data goes to the per-user data directory unless PROBLEMORIENTERAT_DATA_DIR (or
# PROBLEMORIENTERAT_DATABASE_URL) says otherwise. The demo is loaded only into an empty store.
# The project is reinstalled into .venv only when pyproject.toml has changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
scripts/ensure-venv.sh
exec .venv/bin/problemorienterat serve --demo "$@"
