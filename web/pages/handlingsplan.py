"""Handlingsplan (``/medborgarlofte/{year}/handlingsplan``): the action plan of the year's
medborgarlöfte as one table to print (A4 landscape) or read on a phone, and the same as an
Excel workbook (``…/handlingsplan.xlsx``, :mod:`problemorienterat.reports.handlingsplan_xlsx`).

Every reader of the municipality may open both, as the medborgarlöfte page; a member's
linked-problem counts are of their own groups' problems (the view is asked for those only).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from unicodedata import normalize
from urllib.parse import quote
from uuid import UUID

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from problemorienterat.contracts.policy import READERS, municipal_object, readable_group_ids
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.reports.handlingsplan import Handlingsplan, handlingsplan_of
from problemorienterat.reports.handlingsplan_xlsx import handlingsplan_workbook
from problemorienterat.reports.workbook import XLSX_MEDIA_TYPE
from web.navigation import CITIZEN_PROMISE_PATH
from web.pages._municipal import Municipality, application_of, day, municipality_for, views_of
from web.pages.citizen_promise import FIRST_YEAR, LAST_YEAR, handlingsplan_path
from web.rendering import render


def _plan(
    request: Request[Any, Any, Any], principal: Principal, year: int, kommun: str | None
) -> tuple[Municipality, Handlingsplan]:
    """The year's handlingsplan as this reader may see it; 404 when there is none."""
    application = application_of(request)
    municipality = municipality_for(application, principal, kommun)
    if municipality is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFoundError("No medborgarlöfte for that year.")
    code = municipality.code
    promise = municipal_object(
        principal, lambda: application.find_citizen_promise(code, year), READERS
    )
    groups = readable_group_ids(application, principal, code)
    follow_up = views_of(request).citizen_promise_follow_up(
        code, year, list_limit=1, group_ids=groups
    )
    linked: dict[UUID, int] = {}
    if follow_up is not None:
        linked = {a.focus_area_id: a.problems_total for a in follow_up.focus_areas}
    registered = application.get_municipality(code)
    return municipality, handlingsplan_of(
        promise,
        municipality_name=registered.name,
        reference_prefix=registered.reference_prefix,
        linked_problems=linked,
    )


def attachment(filename: str) -> str:
    """``Content-Disposition`` for a download: an ASCII name for every browser and the real
    one (``VÄS``) as RFC 6266's ``filename*``."""
    plain = normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"


@get(
    f"{CITIZEN_PROMISE_PATH}/{{year:int}}/handlingsplan", name="handlingsplan", sync_to_thread=True
)
def handlingsplan_page(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template:
    municipality, plan = _plan(request, principal, year, kommun)
    return render(
        request,
        "handlingsplan.html.j2",
        municipality=municipality,
        plan=plan,
        day=day,
        promise_path=f"{CITIZEN_PROMISE_PATH}/{year}{municipality.query}",
        xlsx_path=handlingsplan_path(year, municipality).replace(
            "/handlingsplan", "/handlingsplan.xlsx", 1
        ),
    )


@get(
    f"{CITIZEN_PROMISE_PATH}/{{year:int}}/handlingsplan.xlsx",
    name="handlingsplan_xlsx",
    sync_to_thread=True,
)
def handlingsplan_xlsx(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Response[bytes]:
    """The handlingsplan as an Excel workbook, saved as ``handlingsplan-KUN-2026.xlsx``."""
    _, plan = _plan(request, principal, year, kommun)
    return Response(
        handlingsplan_workbook(plan, created=datetime.now(UTC)),
        media_type=XLSX_MEDIA_TYPE,
        headers={
            "Content-Disposition": attachment(f"{plan.file_stem}.xlsx"),
            "Cache-Control": "no-store",
        },
    )


ROUTES = [handlingsplan_page, handlingsplan_xlsx]
