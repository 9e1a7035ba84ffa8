#!/usr/bin/env bash
# Set everything up and run the whole test suite (SQLite and, when reachable, PostgreSQL).
#
#   ./test.sh                        # everything
#   ./test.sh tests/unit -k cheers   # any pytest arguments pass through
#   REQUIRE_POSTGRES=1 ./test.sh     # fail, not skip, when PostgreSQL is unreachable (CI)
#   REQUIRE_BROWSER=1 ./test.sh      # install Debian's chromium if missing; e2e tests never skip
#   REQUIRE_PDF=1 ./test.sh          # install Pango, fonts, poppler-utils; PDF tests never skip
#   ./test.sh -m "not e2e"           # leave out the browser tests
#   PYTEST_WORKERS=0 ./test.sh ...   # one process (default: 2, a test module per process)
#
# PostgreSQL tests use PROBLEMORIENTERAT_TEST_POSTGRES_URL
# (default postgresql://postgres@127.0.0.1:5432/test); each test works in a schema of its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
scripts/ensure-venv.sh dev
# CI=true (as in CI) or REQUIRE_BROWSER=1: the end-to-end tests must run, so install the browser.
if [ "${CI:-}" = "true" ] || [ "${REQUIRE_BROWSER:-}" = "1" ]; then
  scripts/ensure-browser.sh
fi
# CI=true, REQUIRE_BROWSER=1 or REQUIRE_PDF=1: the PDF tests must run, so install Pango, the
# fonts and poppler-utils (pdftotext, pdftoppm).
if [ "${CI:-}" = "true" ] || [ "${REQUIRE_BROWSER:-}" = "1" ] || [ "${REQUIRE_PDF:-}" = "1" ]; then
  scripts/ensure-pdf.sh
fi
# Two processes by default (pytest-xdist), each taking whole modules (--dist loadfile): the
# modules' shared installations and servers are made once, and a module's tests keep their order.
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadfile "$@"
