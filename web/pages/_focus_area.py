"""The fokusområde a problem is linked to, by name: the case page's header and its history
show it instead of the ids the problem holds."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.errors import NotFoundError
from web.navigation import CITIZEN_PROMISE_PATH


@dataclass(frozen=True)
class FocusAreaName:
    """A focus area of the medborgarlöfte of ``year``, and the page that shows it."""

    title: str
    year: int
    path: str


def focus_area_name(
    application: ProblemorienteratApp,
    municipality: str,
    citizen_promise_id: UUID | None,
    focus_area_id: UUID | None,
) -> FocusAreaName | None:
    """The focus area, if the problem is linked to one that can still be read."""
    if citizen_promise_id is None or focus_area_id is None:
        return None
    try:
        promise = application.get_citizen_promise(citizen_promise_id)
        area = promise.focus_area(focus_area_id)
    except NotFoundError:
        return None
    return FocusAreaName(
        area.title,
        promise.year,
        f"{CITIZEN_PROMISE_PATH}/{promise.year}?kommun={municipality}",
    )
