"""How many items a view gives out at most in one list (a page of the index, a list of the
group board or the follow-up)."""

from __future__ import annotations

from problemorienterat.domain.errors import InvalidValueError

MAX_PAGE = 200


def check_list_limit(list_limit: int) -> None:
    """Refuse a ``list_limit`` outside 1 to :data:`MAX_PAGE`."""
    if not 1 <= list_limit <= MAX_PAGE:
        raise InvalidValueError(f"list_limit must be between 1 and {MAX_PAGE}.", field="list_limit")
