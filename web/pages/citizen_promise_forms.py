"""Lokala BRÅ writes the medborgarlöfte on its page (``/medborgarlofte/{year}``): drafts the
year's promise from the adopted lägesbild, adds focus areas, plans the handlingsplan's
activities, moves them on, adopts the promise and records the year's follow-up.

Every form is the API's command contract (:mod:`contracts.commands.citizen_promises`) and
the same use case, as the logged-in member of lokala BRÅ (:data:`contracts.policy.BRA_ONLY`:
a member or an auditor is refused with 403, another municipality is 404). A refused form is
the page again with the message next to the field (422, or 409 for a rule or a newer
version) and what was typed kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from litestar import Request, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from problemorienterat.application import CommandResult, ProblemorienteratApp
from problemorienterat.contracts.commands.citizen_promises import (
    AddFocusArea,
    AdoptCitizenPromise,
    ChangeActivityStatus,
    DraftCitizenPromise,
    FocusAreaOutcome,
    FollowUpCitizenPromise,
    PlanActivity,
)
from problemorienterat.contracts.policy import (
    BRA_ONLY,
    check_municipal_object,
    hidden,
    municipal_object,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.citizen_promise import CitizenPromise
from web.forms import Form, FormData, parse_form
from web.navigation import CITIZEN_PROMISE_PATH
from web.pages._municipal import Municipality, application_of, municipality_for, views_of
from web.pages.citizen_promise import adopted_picture, promise_page
from web.rendering import see_other
from web.session import flash

DRAFTED = "Medborgarlöftet är framtaget som utkast. Lägg till fokusområden och aktiviteter."
FOCUS_AREA_ADDED = "Fokusområdet är tillagt."
ACTIVITY_PLANNED = "Aktiviteten är planerad i handlingsplanen."
STATUS_CHANGED = "Aktivitetens status är ändrad."
ADOPTED = "Medborgarlöftet är antaget."
FOLLOWED_UP = "Årets uppföljning är sparad."
NO_ADOPTED_PICTURE = (
    "Lägesbilden för {year} är inte antagen ännu. Medborgarlöftet tas fram utifrån den "
    "antagna lägesbilden: anta lägesbilden först."
)
VIEW_WAIT_SECONDS = 2.0  # read your writes: the page after the redirect reads the views


def _bra(request: Request[Any, Any, Any], principal: Principal, kommun: str | None) -> Municipality:
    """The municipality written to; lokala BRÅ of it only (403 otherwise, 404 elsewhere)."""
    municipality = municipality_for(application_of(request), principal, kommun)
    if municipality is None:
        raise hidden()
    check_municipal_object(principal, municipality=municipality.code, roles=BRA_ONLY)
    return municipality


def _promise(
    application: ProblemorienteratApp, principal: Principal, municipality: str, year: int
) -> CitizenPromise:
    return municipal_object(
        principal, lambda: application.find_citizen_promise(municipality, year), BRA_ONLY
    )


def _done(
    request: Request[Any, Any, Any],
    result: CommandResult,
    *,
    message: str,
    year: int,
    municipality: Municipality,
) -> Redirect:
    """The message for the next page, once the views have the change (POST-redirect-GET)."""
    views_of(request).wait_for(result.position, timeout=VIEW_WAIT_SECONDS)
    flash(request, message)
    return see_other(f"{CITIZEN_PROMISE_PATH}/{year}{municipality.query}")


def _submit(
    request: Request[Any, Any, Any],
    principal: Principal,
    *,
    kommun: str | None,
    year: int,
    form: Form[Any],
    form_name: str,
    run: Callable[[ProblemorienteratApp, CitizenPromise], CommandResult],
    message: str,
) -> Template | Redirect:
    """Run ``run`` on the year's promise if ``form`` is valid; else the page with it."""
    municipality = _bra(request, principal, kommun)
    application = application_of(request)
    promise = _promise(application, principal, municipality.code, year)
    result = form.run(lambda: run(application, promise))
    if result is None:
        return promise_page(
            request,
            principal,
            municipality,
            year,
            status_code=form.status_code,
            **{form_name: form},
        )
    return _done(request, result, message=message, year=year, municipality=municipality)


@post(f"{CITIZEN_PROMISE_PATH}/{{year:int}}/utkast", sync_to_thread=True, status_code=303)
def draft(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """Ta fram utkast: the year's promise, drafted from the year's adopted lägesbild."""
    municipality = _bra(request, principal, kommun)
    application = application_of(request)
    picture, adopted = adopted_picture(application, municipality.code, year)
    given = {k: v for k, v in data.items() if k in ("title", "_csrf_token", "expected_version")}
    form = parse_form(
        DraftCitizenPromise,
        {
            **given,
            "municipality": municipality.code,
            "year": str(year),
            "situation_picture_id": str(picture.id) if picture is not None and adopted else "",
        },
    )
    if not adopted:
        form.add_error("situation_picture_id", NO_ADOPTED_PICTURE.format(year=year))
    result = form.run(
        lambda: application.draft_citizen_promise(principal.actor, **form.body().model_dump())
    )
    if result is None:
        return promise_page(
            request, principal, municipality, year, status_code=form.status_code, draft_form=form
        )
    return _done(request, result, message=DRAFTED, year=year, municipality=municipality)


@post(f"{CITIZEN_PROMISE_PATH}/{{year:int}}/fokusomraden", sync_to_thread=True, status_code=303)
def add_focus_area(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """Lägg till fokusområde (until the promise is adopted)."""
    form = parse_form(AddFocusArea, data)
    return _submit(
        request,
        principal,
        kommun=kommun,
        year=year,
        form=form,
        form_name="focus_area_form",
        run=lambda application, promise: application.add_focus_area(
            principal.actor,
            promise.id,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        ),
        message=FOCUS_AREA_ADDED,
    )


@post(f"{CITIZEN_PROMISE_PATH}/{{year:int}}/aktiviteter", sync_to_thread=True, status_code=303)
def plan_activity(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """Planera aktivitet: an activity of the handlingsplan under a focus area."""
    form = parse_form(PlanActivity, data)
    return _submit(
        request,
        principal,
        kommun=kommun,
        year=year,
        form=form,
        form_name="activity_form",
        run=lambda application, promise: application.plan_activity(
            principal.actor,
            promise.id,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        ),
        message=ACTIVITY_PLANNED,
    )


@post(
    f"{CITIZEN_PROMISE_PATH}/{{year:int}}/aktiviteter/{{activity_id:uuid}}/status",
    sync_to_thread=True,
    status_code=303,
)
def change_activity_status(  # noqa: PLR0917 - the path's two parts, the form, the caller
    request: Request[Any, Any, Any],
    year: FromPath[int],
    activity_id: FromPath[UUID],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """Ändra status: planned → ongoing → done, or cancelled (with a note why)."""
    form = parse_form(ChangeActivityStatus, data)
    form.values["activity_id"] = activity_id.hex
    municipality = _bra(request, principal, kommun)
    application = application_of(request)
    promise = _promise(application, principal, municipality.code, year)
    promise.activity(activity_id)  # an activity the promise does not have: 404
    result = form.run(
        lambda: application.change_activity_status(
            principal.actor,
            promise.id,
            activity_id=activity_id,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        )
    )
    if result is None:
        return promise_page(
            request,
            principal,
            municipality,
            year,
            status_code=form.status_code,
            status_form=form,
            status_form_for=activity_id.hex,
        )
    return _done(request, result, message=STATUS_CHANGED, year=year, municipality=municipality)


@post(f"{CITIZEN_PROMISE_PATH}/{{year:int}}/antagande", sync_to_thread=True, status_code=303)
def adopt(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """Anta medborgarlöftet (with at least one focus area)."""
    form = parse_form(AdoptCitizenPromise, data)
    return _submit(
        request,
        principal,
        kommun=kommun,
        year=year,
        form=form,
        form_name="adopt_form",
        run=lambda application, promise: application.adopt_citizen_promise(
            principal.actor,
            promise.id,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        ),
        message=ADOPTED,
    )


OUTCOME_FIELD = "{hex}.focus_area_outcome"  # a focus area's outcome on the follow-up form


def follow_up_form(data: Mapping[str, Any], focus_area_ids: list[UUID]) -> Form[Any]:
    """The year's follow-up: ``summary`` and per focus area :data:`OUTCOME_FIELD` (an empty
    one is not recorded); each outcome is the API's :class:`FocusAreaOutcome`."""
    form = parse_form(FollowUpCitizenPromise, data)
    for focus_area_id in focus_area_ids:
        name = OUTCOME_FIELD.format(hex=focus_area_id.hex)
        text = form.values.get(name, "")
        if not isinstance(text, str) or not text.strip():
            continue
        outcome = parse_form(
            FocusAreaOutcome, {"focus_area_id": str(focus_area_id), "outcome": text}
        )
        if "outcome" in outcome.errors:
            form.add_error(name, outcome.errors["outcome"])
    return form


def _outcomes(form: Form[Any], focus_area_ids: list[UUID]) -> dict[UUID, str]:
    texts = {i: form.values.get(OUTCOME_FIELD.format(hex=i.hex), "") for i in focus_area_ids}
    return {i: t for i, t in texts.items() if isinstance(t, str) and t.strip()}


@post(f"{CITIZEN_PROMISE_PATH}/{{year:int}}/uppfoljning", sync_to_thread=True, status_code=303)
def follow_up(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """Spara uppföljningen: the year's summary and what came of each focus area."""
    municipality = _bra(request, principal, kommun)
    promise = _promise(application_of(request), principal, municipality.code, year)
    ids = [a.focus_area_id for a in promise.focus_areas.values()]
    form = follow_up_form(data, ids)
    return _submit(
        request,
        principal,
        kommun=kommun,
        year=year,
        form=form,
        form_name="follow_up_form",
        run=lambda application, current: application.follow_up_citizen_promise(
            principal.actor,
            current.id,
            summary=form.body().summary,
            outcomes=_outcomes(form, ids),
            expected_version=form.expected_version,
        ),
        message=FOLLOWED_UP,
    )


ROUTES = [draft, add_focus_area, plan_activity, change_activity_status, adopt, follow_up]
