"""Nytt problem: a member (or lokala BRÅ) records a problem from the browser.

The form is the API's ``POST /api/v1/problems`` contract (:class:`IdentifyProblem`) and the
same use case, authorised as the API authorises it: lokala BRÅ records a problem for any
working group of its municipalities (or none yet); a member only for one of their own groups;
auditors and administrators record nothing (403). A bad value shows the form again (422)
with Swedish errors next to the fields, and nothing is recorded; a recorded problem is a 303
to its page with a message (POST-redirect-GET).

The form is reached from a group's board (that group chosen) and from the problem list (the
member's group chosen when they have one, else a choice).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.problems import IdentifyProblem
from problemorienterat.contracts.policy import (
    WRITERS,
    check_municipal_object,
    check_own_group,
    require_role,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from problemorienterat.domain.errors import InvalidValueError, NotFoundError
from problemorienterat.domain.sara import ProblemSource
from problemorienterat.labels import choices
from web.forms import Form, FormData, parse_form
from web.pages._municipal import application_of, views_of
from web.rendering import render, see_other
from web.session import flash

NEW_PROBLEM_PATH = "/arenden/nytt"
TEMPLATE = "nytt_arende.html.j2"
OWN_GROUP_ONLY = "Välj en av dina egna arbetsgrupper. Du kan bara registrera problem för dem."


@dataclass(frozen=True)
class GroupOption:
    """A working group the user may record a problem for."""

    group_id: str
    name: str
    municipality: str


@dataclass(frozen=True)
class Choices:
    """What the form offers this user: their municipalities (code, name) and groups."""

    municipalities: tuple[tuple[str, str], ...]
    groups: tuple[GroupOption, ...]

    def group(self, group_id: str) -> GroupOption | None:
        return next((g for g in self.groups if g.group_id == group_id), None)


def new_problem_path(*, group_id: UUID | str | None = None, municipality: str | None = None) -> str:
    """The form, with a group (or a municipality) chosen."""
    if group_id is not None:
        return f"{NEW_PROBLEM_PATH}?grupp={group_id}"
    if municipality is not None:
        return f"{NEW_PROBLEM_PATH}?kommun={municipality}"
    return NEW_PROBLEM_PATH


def may_record(principal: Principal, *, in_group: bool) -> bool:
    """Whether the user gets the "Nytt problem" button: lokala BRÅ always, a member when
    ``in_group`` (a member of the group at hand, or of any group where there is none)."""
    if principal.role is Role.BRA:
        return bool(principal.municipalities)
    return principal.role is Role.MEMBER and in_group


def _member_groups(
    application: ProblemorienteratApp, principal: Principal
) -> tuple[GroupOption, ...]:
    return tuple(
        GroupOption(str(g.id), g.name, g.municipality)
        for g in application.groups_of(principal.user_id)
        if g.municipality in principal.municipalities
    )


def _municipality_name(application: ProblemorienteratApp, code: str) -> str:
    try:
        return application.get_municipality(code).name
    except NotFoundError:
        return code


def _choices(request: Request[Any, Any, Any], principal: Principal) -> Choices:
    application = application_of(request)
    if principal.role is Role.MEMBER:
        groups = _member_groups(application, principal)
        codes = sorted({g.municipality for g in groups})
    else:
        views = views_of(request)
        codes = sorted(principal.municipalities)
        groups = tuple(
            GroupOption(str(g.group_id), g.name, code)
            for code in codes
            for g in views.groups(code)
            if not g.dissolved
        )
    return Choices(tuple((c, _municipality_name(application, c)) for c in codes), groups)


def _preselected(choices: Choices, grupp: str | None, kommun: str | None) -> dict[str, str]:
    """The form's first values: the group asked for (or a member's only group) and its
    municipality (or the one asked for, or the only one)."""
    group = choices.group(grupp) if grupp else None
    if group is None and len(choices.groups) == 1 and len(choices.municipalities) == 1:
        only = choices.groups[0]
        group = only if kommun in (None, only.municipality) else None
    codes = [c for c, _ in choices.municipalities]
    municipality = ""
    if group is not None:
        municipality = group.municipality
    elif kommun in codes:
        municipality = kommun or ""
    elif len(codes) == 1:
        municipality = codes[0]
    return {
        "group_id": group.group_id if group else "",
        "municipality": municipality,
    }


def _page(
    request: Request[Any, Any, Any],
    principal: Principal,
    choices: Choices,
    *,
    form: Form[IdentifyProblem] | None,
    values: dict[str, str],
) -> Template:
    several = len(choices.municipalities) > 1
    names = dict(choices.municipalities)
    groups = [
        (g.group_id, f"{g.name} ({names[g.municipality]})" if several else g.name)
        for g in choices.groups
    ]
    return render(
        request,
        TEMPLATE,
        status_code=_status(form),
        form=form,
        values=values,
        municipalities=list(choices.municipalities),
        several_municipalities=several,
        cancel_path=_cancel_path(form, values, several=several),
        groups=groups,
        member=principal.role is Role.MEMBER,
        sources=choices_of_source(),
    )


def _cancel_path(
    form: Form[IdentifyProblem] | None, values: dict[str, str], *, several: bool
) -> str:
    """Avbryt: the problem list, of the municipality chosen when the user has several."""
    chosen = str(form.value("municipality") if form else values.get("municipality", ""))
    if several and chosen.isdigit() and len(chosen) == 4:
        return f"/arenden?kommun={chosen}"
    return "/arenden"


def _status(form: Form[IdentifyProblem] | None) -> int:
    """200 for the empty form; the form's status after a refused one (422 for an error the
    page itself found)."""
    if form is None:
        return 200
    return 422 if form.status_code == 200 and not form.ok else form.status_code


def choices_of_source() -> list[tuple[str, str]]:
    """The sources a problem may come from, with their Swedish names."""
    return choices(ProblemSource)


@get(NEW_PROBLEM_PATH, name="new-problem", sync_to_thread=True)
def new_problem_form(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    grupp: FromQuery[str | None] = None,
    kommun: FromQuery[str | None] = None,
) -> Template:
    """The empty form, the group (``?grupp=``) or municipality (``?kommun=``) chosen."""
    require_role(principal, WRITERS)
    choices = _choices(request, principal)
    return _page(
        request, principal, choices, form=None, values=_preselected(choices, grupp, kommun)
    )


@post(NEW_PROBLEM_PATH, sync_to_thread=True, status_code=303)
def record_problem(
    request: Request[Any, Any, Any],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """The problem recorded as the logged-in user; then its page."""
    require_role(principal, WRITERS)
    application = application_of(request)
    form = parse_form(IdentifyProblem, data)
    if form.ok:
        body = form.body()
        check_municipal_object(principal, municipality=body.municipality, roles=WRITERS)
        try:
            check_own_group(application, principal, body.group_id)
        except InvalidValueError:  # the API's rule, in the page's own words
            form.errors["group_id"] = OWN_GROUP_ONLY

    def identify() -> str:
        result = application.identify_problem(principal.actor, **form.body().model_dump())
        return application.get_problem(result.aggregate_id).reference

    reference = form.run(identify)
    if reference is None:
        choices = _choices(request, principal)
        return _page(request, principal, choices, form=form, values={})
    flash(request, f"Problemet är registrerat som {reference}.")
    return see_other(f"/arenden/{reference}")


ROUTES = [new_problem_form, record_problem]
