#!/usr/bin/env bash
# Install what the PDFs need from Debian, when it is missing: Pango (WeasyPrint lays out the
# year's report and a case's PDF with it), the DejaVu fonts (Swedish å, ä, ö in every PDF), and
# poppler-utils (pdftotext and pdftoppm: the tests read the PDFs back, docs/reports.md's images).
#
#   scripts/ensure-pdf.sh        # quiet and quick when everything is there
#
# Used by .ci/run, and by test.sh when CI=true, REQUIRE_BROWSER=1 or REQUIRE_PDF=1. `apt-get
# update` runs only when the install fails without it (a new machine's package lists may be
# missing or old).
set -euo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || {
  echo "$(basename "$0"): ${missing[*]} saknas och apt-get finns inte; installera dem själv." >&2
  exit 1
}

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "$(basename "$0"): ${missing[*]} saknas; installera dem som root (apt-get install ${missing[*]})." >&2
    exit 1
  }
  as_root=(sudo)
fi

install_packages() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >/dev/null
}

echo "Installerar Debians ${missing[*]} för PDF:erna …" >&2
if ! install_packages 2>/dev/null; then
  "${as_root[@]}" apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null
  install_packages
fi
for tool in pdftotext pdftoppm; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "$(basename "$0"): installationen gav ingen $tool." >&2
    exit 1
  }
done
