"""Medborgarlöfte: a year's promise followed from lägesbild to outcome (the
``citizen_promise_follow_up`` view): its focus areas, their activities with status, the
problems linked to each with their outcomes, and whether lokala BRÅ has adopted it.

``/medborgarlofte`` goes to this year's promise, or the latest year that has one. Every reader
of the municipality may open it (as in the API); a member is shown only the linked problems
of their own groups (the view is asked for those groups' only), with a count of the others,
since problems belong to their groups. Each focus area lists its newest linked problems (50)
and says "Visar de N nyaste av TOTAL" when there are more, with a link to the problem list
filtered by the focus area (``/arenden?fokus=…``) for lokala BRÅ and auditors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from problemorienterat.contracts.policy import readable_group_ids
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.citizen_promise import ActivityStatus
from projections.views.follow_up import (
    CitizenPromiseFollowUp,
    FollowUpFocusArea,
    FollowUpProblem,
)
from web.navigation import CITIZEN_PROMISE_PATH
from web.pages._municipal import (
    Municipality,
    application_of,
    day,
    moment,
    municipality_for,
    views_of,
)
from web.rendering import render, see_other

FOLLOW_UP_LIST_LIMIT = 50  # linked problems listed per focus area (the view's list_limit)
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the API's bounds for a year


@dataclass(frozen=True)
class AreaSection:
    """A focus area as the page shows it to this reader."""

    area: FollowUpFocusArea
    problems: tuple[FollowUpProblem, ...]
    problems_total: int  # the reader's (a member's: their groups')
    hidden_problems: int  # other groups' (members only)
    activities_done: int
    activities_counted: int  # not cancelled
    judged: int
    all_path: str | None  # the problem list of the focus area (lokala BRÅ and auditors)


def sections(follow_up: CitizenPromiseFollowUp, *, member: bool) -> tuple[AreaSection, ...]:
    """Each focus area as the reader sees it (the view already holds only what they may)."""
    result = []
    for area in follow_up.focus_areas:
        counted = [a for a in area.activities if a.status is not ActivityStatus.CANCELLED]
        result.append(
            AreaSection(
                area=area,
                problems=area.problems,
                problems_total=max(area.problems_total, len(area.problems)),
                hidden_problems=max(0, area.all_problems_total - area.problems_total),
                activities_done=sum(1 for a in counted if a.status is ActivityStatus.DONE),
                activities_counted=len(counted),
                judged=area.problems_judged,
                all_path=None if member else focus_area_problems_path(area.focus_area_id),
            )
        )
    return tuple(result)


def focus_area_problems_path(focus_area_id: UUID) -> str:
    """The problem list filtered by the focus area (``web.pages.problem_list``)."""
    return f"/arenden?{urlencode({'fokus': str(focus_area_id)})}"


def _year_path(year: int, municipality: Municipality) -> str:
    return f"{CITIZEN_PROMISE_PATH}/{year}{municipality.query}"


@get(CITIZEN_PROMISE_PATH, name="citizen_promise_latest", sync_to_thread=True)
def latest(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """This year's medborgarlöfte, else the latest year's; a page saying so if none."""
    municipality = municipality_for(application_of(request), principal, kommun)
    if municipality is None:
        return render(request, "medborgarlofte.html.j2", municipality=None, years=())
    years = views_of(request).citizen_promise_years(municipality.code)
    this_year = datetime.now(UTC).year
    if years:
        return see_other(_year_path(this_year if this_year in years else years[0], municipality))
    return render(
        request, "medborgarlofte.html.j2", municipality=municipality, years=(), follow_up=None
    )


@get(f"{CITIZEN_PROMISE_PATH}/{{year:int}}", name="citizen_promise", sync_to_thread=True)
def citizen_promise(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template:
    application = application_of(request)
    municipality = municipality_for(application, principal, kommun)
    if municipality is None:
        return render(request, "medborgarlofte.html.j2", municipality=None, years=())
    views = views_of(request)
    years = views.citizen_promise_years(municipality.code)
    groups = readable_group_ids(application, principal, municipality.code)
    follow_up = (
        views.citizen_promise_follow_up(
            municipality.code, year, list_limit=FOLLOW_UP_LIST_LIMIT, group_ids=groups
        )
        if FIRST_YEAR <= year <= LAST_YEAR
        else None
    )
    context: dict[str, Any] = {
        "municipality": municipality,
        "years": years,
        "year": year,
        "follow_up": follow_up,
        "year_path": lambda y: _year_path(y, municipality),
        "moment": moment,
        "day": day,
    }
    if follow_up is None:
        return render(request, "medborgarlofte.html.j2", status_code=404, **context)
    member = groups is not None
    return render(
        request,
        "medborgarlofte.html.j2",
        sections=sections(follow_up, member=member),
        member=member,
        **context,
    )


ROUTES = [latest, citizen_promise]
