"""HTML to PDF with WeasyPrint: the year's report, a case, and any other document made as
HTML for paper. WeasyPrint lays out with Pango and the system's fonts (installed by
``scripts/ensure-pdf.sh``).

A document is made from what it holds and from local files only: WeasyPrint is never let
fetch anything over the network (no request from the server to an address a text names).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

LOCAL_PROTOCOLS = ("data", "file")


def local_fetcher() -> Any:
    """WeasyPrint's fetcher for ``data:`` and ``file:`` addresses only; anything else is
    refused (WeasyPrint then leaves the resource out and logs a warning)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=LOCAL_PROTOCOLS, allow_redirects=False)


def render_pdf(html: str, base_url: str | None = None, *, created: datetime | None = None) -> bytes:
    """The PDF of ``html`` (relative addresses resolved against ``base_url``, a ``file:``
    directory for images and style sheets of its own). ``created`` is written as the
    document's creation and modification date, so the same document made again gives the
    same metadata (default: WeasyPrint's own, now)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url, url_fetcher=local_fetcher()).render()
    if created is not None:
        stamp = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        document.metadata.created = stamp
        document.metadata.modified = stamp
    pdf: bytes = document.write_pdf()
    return pdf
