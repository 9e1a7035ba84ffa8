"""What the PDF tests share: whether WeasyPrint and poppler-utils are here (they skip on a
laptop without them, and fail under CI=true, REQUIRE_PDF=1 or REQUIRE_BROWSER=1), and a
PDF's text as pdftotext reads it."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def pdf_unavailable_reason() -> str | None:
    for tool in ("pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            return f"{tool} saknas (poppler-utils; scripts/ensure-pdf.sh)"
    try:
        import weasyprint  # noqa: F401 - loads Pango
    except (ImportError, OSError) as error:
        return f"WeasyPrint kan inte laddas ({error}); scripts/ensure-pdf.sh"
    return None


def pdf_required() -> bool:
    return (
        os.environ.get("CI") == "true"
        or os.environ.get("REQUIRE_PDF") == "1"
        or os.environ.get("REQUIRE_BROWSER") == "1"
    )


@pytest.fixture(scope="module")
def pdf_tools() -> None:
    reason = pdf_unavailable_reason()
    if reason is not None:
        if pdf_required():
            pytest.fail(f"CI=true, REQUIRE_PDF=1 or REQUIRE_BROWSER=1, but {reason}")
        pytest.skip(reason)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, whitespace (and no-break spaces) made single spaces."""
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607 - poppler-utils on PATH
        input=pdf,
        capture_output=True,
        check=True,
    )
    return " ".join(done.stdout.decode("utf-8").replace("\xa0", " ").split())
