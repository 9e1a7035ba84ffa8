"""Security headers on every answer of the server, API and web alike (a ``before_send`` hook
set up by :mod:`problemorienterat.composition`).

- ``Content-Security-Policy``: only this server's own files, no framing, forms posting only
  here, no ``<base>``. The documentation under ``/schema`` gets a policy of its own: Swagger
  UI's page starts itself with an inline script and style (it shows no personal data). The
  case export (API and web, a path ending in ``/export.html``) is a standalone document
  with its own inline style and nothing else. A route that sets a policy keeps it.
- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: same-origin``.
- ``Cache-Control: no-store`` on every answer except the public files (the stylesheet, the
  documentation's assets), which keep theirs: answers may carry personal data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from litestar.types import Message, Scope

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
# A standalone document (the case export): its own inline style, nothing else.
DOCUMENT_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
    "form-action 'none'; base-uri 'none'"
)
DOCS_PREFIX = "/schema"
DOCUMENT_SUFFIX = "/export.html"


def security_headers(
    *, public_prefixes: tuple[str, ...]
) -> Callable[[Message, Scope], Awaitable[None]]:
    """The ``before_send`` hook; answers under ``public_prefixes`` (public files) keep their
    ``Cache-Control``."""

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if scope["type"] != ScopeType.HTTP or message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        path = scope["path"]
        docs = path == DOCS_PREFIX or path.startswith(f"{DOCS_PREFIX}/")
        if "content-security-policy" not in headers:
            headers["Content-Security-Policy"] = (
                DOCS_CONTENT_SECURITY_POLICY
                if docs
                else DOCUMENT_CONTENT_SECURITY_POLICY
                if path.endswith(DOCUMENT_SUFFIX)
                else CONTENT_SECURITY_POLICY
            )
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        if not path.startswith(public_prefixes):
            headers["Cache-Control"] = "no-store"

    return add_security_headers
