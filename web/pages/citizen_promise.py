"""Medborgarlöfte: a year's promise followed from lägesbild to outcome (the
``citizen_promise_follow_up`` view): its focus areas, their activities with status, the
problems linked to each with their outcomes, and whether lokala BRÅ has adopted it.

``/medborgarlofte`` goes to this year's promise, or the latest year that has one. Every reader
of the municipality may open it (as in the API); a member is shown only the linked problems
of their own groups, with a count of the others, since problems belong to their groups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from api.auth import Principal
from api.policy import READERS, check_group_object
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Role
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.errors import NotFoundError
from projections import ProjectionService
from projections.results import CitizenPromiseFollowUp, FollowUpFocusArea, FollowUpProblem
from web.auth import WebUser
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

_INDEX_PAGE = 200
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the API's bounds for a year


@dataclass(frozen=True)
class AreaSection:
    """A focus area as the page shows it to this reader."""

    area: FollowUpFocusArea
    problems: tuple[FollowUpProblem, ...]
    hidden_problems: int
    activities_done: int
    activities_counted: int  # not cancelled
    judged: int


def sections(
    follow_up: CitizenPromiseFollowUp, visible: set[UUID] | None
) -> tuple[AreaSection, ...]:
    """Each focus area with the problems the reader may see (``visible`` None: all)."""
    result = []
    for area in follow_up.focus_areas:
        shown = tuple(p for p in area.problems if visible is None or p.problem_id in visible)
        counted = [a for a in area.activities if a.status is not ActivityStatus.CANCELLED]
        result.append(
            AreaSection(
                area=area,
                problems=shown,
                hidden_problems=len(area.problems) - len(shown),
                activities_done=sum(1 for a in counted if a.status is ActivityStatus.DONE),
                activities_counted=len(counted),
                judged=sum(1 for p in shown if p.outcome is not None),
            )
        )
    return tuple(result)


def visible_problems(
    application: ProblemorienteratApp,
    views: ProjectionService,
    principal: Principal,
    web_user: WebUser,
    *,
    municipality: str,
    problems: Iterable[FollowUpProblem],
) -> set[UUID] | None:
    """The linked problems this reader may see: None (all) for lokala BRÅ and auditors; for
    a member, those of their groups, each checked with the API's policy."""
    if principal.role is not Role.MEMBER:
        return None
    group_of = _problem_groups(views, municipality, [UUID(g.group_id) for g in web_user.groups])
    visible = set()
    for problem in problems:
        try:
            check_group_object(
                application, principal, municipality=municipality,
                group_id=group_of.get(problem.problem_id), roles=READERS, what="problem",
            )
        except NotFoundError:
            continue
        visible.add(problem.problem_id)
    return visible


def _problem_groups(
    views: ProjectionService, municipality: str, group_ids: list[UUID]
) -> dict[UUID, UUID]:
    """problem id → group id for every problem of ``group_ids`` (from the problem index)."""
    found: dict[UUID, UUID] = {}
    for group_id in group_ids:
        cursor = None
        while True:
            page = views.problem_index(
                municipality, group_id=group_id, cursor=cursor, limit=_INDEX_PAGE
            )
            found.update((p.problem_id, group_id) for p in page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
    return found


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
    web_user: NamedDependency[WebUser],
    kommun: FromQuery[str | None] = None,
) -> Template:
    application = application_of(request)
    municipality = municipality_for(application, principal, kommun)
    if municipality is None:
        return render(request, "medborgarlofte.html.j2", municipality=None, years=())
    views = views_of(request)
    years = views.citizen_promise_years(municipality.code)
    follow_up = (
        views.citizen_promise_follow_up(municipality.code, year)
        if FIRST_YEAR <= year <= LAST_YEAR
        else None
    )
    context: dict[str, Any] = {
        "municipality": municipality, "years": years, "year": year, "follow_up": follow_up,
        "year_path": lambda y: _year_path(y, municipality), "moment": moment, "day": day,
    }
    if follow_up is None:
        return render(request, "medborgarlofte.html.j2", status_code=404, **context)
    linked = [p for area in follow_up.focus_areas for p in area.problems]
    visible = visible_problems(
        application, views, principal, web_user, municipality=municipality.code, problems=linked
    )
    return render(
        request, "medborgarlofte.html.j2", sections=sections(follow_up, visible),
        member=visible is not None, **context,
    )


ROUTES = [latest, citizen_promise]
