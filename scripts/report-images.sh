#!/usr/bin/env bash
# Images of the year's report's PDF pages for docs/reports.md: the demo municipality (Kungsör,
# the story of 2026) loaded into a temporary store, its report made as PDF, each page drawn
# with pdftoppm into docs/screenshots/rapport-sida-N.png.
#
#   scripts/report-images.sh          # needs the dev venv and scripts/ensure-pdf.sh's packages
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/ensure-venv.sh dev
scripts/ensure-pdf.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

.venv/bin/python - "$work" <<'PY'
import sys
from pathlib import Path

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from problemorienterat.demo import load_demo
from problemorienterat.reports.html import report_document
from problemorienterat.reports.pdf import render_pdf
from problemorienterat.reports.year_report import build_year_report

work = Path(sys.argv[1])
app = ProblemorienteratApp.from_settings(Settings(data_dir=work / "data"))
demo = load_demo(app, year=2026)
report = build_year_report(app, demo.municipality, 2026)
(work / "arsrapport.pdf").write_bytes(render_pdf(report_document(report), created=report.as_of))
app.close()
PY

rm -f docs/screenshots/rapport-sida-*.png
pdftoppm -r 60 -png "$work/arsrapport.pdf" docs/screenshots/rapport-sida
ls docs/screenshots/rapport-sida-*.png
