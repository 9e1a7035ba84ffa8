"""Limits on what one client may send: the nesting of a JSON body and NUL characters in the
path and query (the body size is Litestar's ``request_max_body_size``, the request rate
:mod:`api.rate_limit`)."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException, ValidationException


class BoundedJsonRequest(Request[Any, Any, Any]):
    """The request class of the whole application: a JSON body nested deeper than the
    decoder's recursion limit is a 400 naming the body, not a ``RecursionError`` (a 500)."""

    async def json(self) -> Any:
        try:
            return await super().json()
        except RecursionError:
            raise _refused(
                "body", "body", "The JSON body is nested too deeply.", rule="json_depth"
            ) from None


async def refuse_nul_bytes(request: Request[Any, Any, Any]) -> None:
    """``before_request`` hook of the whole application: a NUL character in the path is a 404
    (no resource has one) and one in a query parameter a 400 naming the parameter. No store
    can hold NUL in text (PostgreSQL refuses it), nor can a file name."""
    if "\x00" in request.scope["path"]:
        raise NotFoundException()
    query = request.scope["query_string"]
    if b"%00" not in query and b"\x00" not in query:
        return  # no NUL: the query is not parsed here
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            shown = name.replace("\x00", "\\0")[:64]
            raise _refused(shown, "query", f"{shown} must not contain a NUL character.")


def _refused(key: str, source: str, message: str, rule: str = "nul_byte") -> ValidationException:
    return ValidationException(
        detail=message, extra=[{"key": key, "source": source, "message": message, "rule": rule}]
    )
