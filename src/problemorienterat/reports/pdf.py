"""HTML to PDF with WeasyPrint: the year's report, a case, and any other document made as
HTML for paper. WeasyPrint lays out with Pango and the system's fonts (installed by
``scripts/ensure-pdf.sh``)."""

from __future__ import annotations

from datetime import UTC, datetime


def render_pdf(html: str, base_url: str | None = None, *, created: datetime | None = None) -> bytes:
    """The PDF of ``html`` (relative links resolved against ``base_url``). ``created`` is
    written as the document's creation and modification date, so the same document made
    again gives the same metadata (default: WeasyPrint's own, now)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render()
    if created is not None:
        stamp = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        document.metadata.created = stamp
        document.metadata.modified = stamp
    pdf: bytes = document.write_pdf()
    return pdf
