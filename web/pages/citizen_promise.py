"""Medborgarlöfte: a year's promise followed from lägesbild to outcome (the
``citizen_promise_follow_up`` view): its focus areas, their activities with status, the
problems linked to each with their outcomes, and whether lokala BRÅ has adopted it.

``/medborgarlofte`` goes to this year's promise, or the latest year that has one. Every reader
of the municipality may open it (as in the API); a member is shown only the linked problems
of their own groups (the view is asked for those groups' only), with a count of the others,
since problems belong to their groups. Each focus area lists its newest linked problems (50)
and says "Visar de N nyaste av TOTAL" when there are more, with a link to the problem list
filtered by the focus area (``/arenden?fokus=…``) for lokala BRÅ and auditors.

Lokala BRÅ also writes the promise here (:func:`editing_context`; the forms post to
:mod:`web.pages.citizen_promise_forms`): a year without one offers its draft from the year's
adopted lägesbild, and the page's focus areas, activities, adoption and follow-up have forms
while the promise allows them. Every reader finds the handlingsplan (print, Excel) linked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.policy import (
    BRA_ONLY,
    check_municipal_object,
    readable_group_ids,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.citizen_promise import (
    ActivityStatus,
    CitizenPromise,
    next_statuses,
)
from problemorienterat.domain.errors import DomainError, NotFoundError
from problemorienterat.domain.situation_picture import SituationPicture
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.labels import label
from projections.views.follow_up import (
    CitizenPromiseFollowUp,
    FollowUpFocusArea,
    FollowUpProblem,
)
from web.navigation import CITIZEN_PROMISE_PATH, SITUATION_PICTURE_PATH
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
    """This year's medborgarlöfte, else the latest year's; a page saying so if none (where
    lokala BRÅ may draft this year's)."""
    application = application_of(request)
    municipality = municipality_for(application, principal, kommun)
    if municipality is None:
        return render(request, "medborgarlofte.html.j2", municipality=None, years=())
    years = views_of(request).citizen_promise_years(municipality.code)
    this_year = swedish_today().year
    if years:
        return see_other(_year_path(this_year if this_year in years else years[0], municipality))
    return render(
        request,
        "medborgarlofte.html.j2",
        municipality=municipality,
        years=(),
        follow_up=None,
        day=day,
        **drafting_context(application, principal, municipality, this_year),
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
    return promise_page(request, principal, municipality, year)


def promise_page(
    request: Request[Any, Any, Any],
    principal: Principal,
    municipality: Municipality,
    year: int,
    *,
    status_code: int | None = None,
    **forms: Any,
) -> Template:
    """The page of the year's medborgarlöfte; lokala BRÅ's forms with ``forms`` (a failed
    submission's, shown with its errors and values) and that form's ``status_code``."""
    application = application_of(request)
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
        "plan_path": handlingsplan_path(year, municipality),
        "moment": moment,
        "day": day,
        **editing_context(application, principal, municipality, year),
        **forms,
    }
    if follow_up is None:
        return render(
            request,
            "medborgarlofte.html.j2",
            status_code=status_code or 404,
            **context,
        )
    member = groups is not None
    return render(
        request,
        "medborgarlofte.html.j2",
        status_code=status_code or 200,
        sections=sections(follow_up, member=member),
        member=member,
        **context,
    )


# ------------------------------------------------------------------ lokala BRÅ's forms


def is_editor(principal: Principal, municipality: Municipality) -> bool:
    """Lokala BRÅ of the municipality writes the medborgarlöfte (the API's BRA_ONLY)."""
    try:
        check_municipal_object(principal, municipality=municipality.code, roles=BRA_ONLY)
    except DomainError:
        return False
    return True


def adopted_picture(
    application: ProblemorienteratApp, municipality: str, year: int
) -> tuple[SituationPicture | None, bool]:
    """(the year's lägesbild or None, whether it is adopted)."""
    try:
        picture = application.find_situation_picture(municipality, year)
    except NotFoundError:
        return None, False
    return picture, picture.is_adopted


def drafting_context(
    application: ProblemorienteratApp,
    principal: Principal,
    municipality: Municipality,
    year: int,
) -> dict[str, Any]:
    """What the page needs to offer lokala BRÅ a draft of ``year``'s promise."""
    if not is_editor(principal, municipality) or not FIRST_YEAR <= year <= LAST_YEAR:
        return {"can_draft": False}
    picture, adopted = adopted_picture(application, municipality.code, year)
    return {
        "can_draft": True,
        "draft_year": year,
        "draft_picture": picture,
        "draft_picture_adopted": adopted,
        "draft_path": f"{CITIZEN_PROMISE_PATH}/{year}/utkast{municipality.query}",
        "situation_picture_path": f"{SITUATION_PICTURE_PATH}{municipality.query}",
    }


def editing_context(
    application: ProblemorienteratApp,
    principal: Principal,
    municipality: Municipality,
    year: int,
) -> dict[str, Any]:
    """Lokala BRÅ's forms: the promise (to write its version and list its focus areas),
    what each form may offer, and where each posts."""
    if not is_editor(principal, municipality) or not FIRST_YEAR <= year <= LAST_YEAR:
        return {"editor": False, "can_draft": False}
    try:
        promise = application.find_citizen_promise(municipality.code, year)
    except NotFoundError:
        return {"editor": True, **drafting_context(application, principal, municipality, year)}
    base = f"{CITIZEN_PROMISE_PATH}/{year}"
    open_ = not promise.is_followed_up
    return {
        "editor": True,
        "can_draft": False,
        "promise": promise,
        "version": promise.version,
        "can_add_focus_area": open_ and not promise.is_adopted,
        "can_plan_activity": open_ and bool(promise.focus_areas),
        "can_adopt": not promise.is_adopted and bool(promise.focus_areas),
        "can_follow_up": open_ and promise.is_adopted,
        "focus_area_options": [
            (str(a.focus_area_id), a.title) for a in promise.focus_areas.values()
        ],
        "organisation_options": [(o.value, label(o)) for o in Organisation],
        "status_options": lambda activity_id: _status_options(promise, activity_id),
        "action": lambda tail: f"{base}/{tail}{municipality.query}",
    }


def _status_options(promise: CitizenPromise, activity_id: UUID) -> list[tuple[str, str]]:
    """The statuses the activity may move to (none once done or cancelled, or when the
    year is followed up)."""
    activity = promise.activities.get(activity_id.hex)
    if activity is None or promise.is_followed_up:
        return []
    return [(s.value, label(s)) for s in next_statuses(activity.status)]


def handlingsplan_path(year: int, municipality: Municipality) -> str:
    return f"{CITIZEN_PROMISE_PATH}/{year}/handlingsplan{municipality.query}"


ROUTES = [latest, citizen_promise]
