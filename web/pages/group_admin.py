"""Lokala BRÅ runs the working groups from the browser: establish one (on ``/grupper``),
revise its mandate, add and remove members, dissolve it (on the group's page).

Each form is the API's contract (:mod:`problemorienterat.contracts.commands.groups`) and the
same use case, authorised as the API authorises it: lokala BRÅ of the group's municipality
only (other roles 403, another municipality's group 404). A member is picked from a
``<select>`` of the municipality's active member-role users not yet in the group: the id is
posted, and the member's name and organisation are the user's own. Removing a member and
dissolving the group are confirmed with a checkbox first. A refused form is the page again
(422, or 409 for a newer version) with the Swedish message next to the field and what was
typed kept; a recorded change is a 303 back with a message (POST-redirect-GET), once the
views have seen it.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from problemorienterat.application import CommandResult
from problemorienterat.contracts.commands.fields import Body
from problemorienterat.contracts.commands.groups import (
    AddMember,
    Dissolve,
    EstablishGroup,
    ReviseMandate,
)
from problemorienterat.contracts.policy import (
    BRA_ONLY,
    check_municipal_object,
    municipal_object,
    require_role,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.working_group import WorkingGroup
from web.auth import WebUser
from web.forms import Form, FormData, parse_form
from web.navigation import GROUPS_PATH
from web.pages._municipal import application_of, views_of
from web.pages.group_board import board_page, group_id_of, groups_page
from web.rendering import see_other
from web.session import flash


class ConfirmedRemoval(Body):
    """Removing a member: the page asks to confirm (the API's command has no body)."""

    confirmed: bool = False


class ConfirmedDissolution(Dissolve):
    """Dissolving the group: the API's contract, confirmed on the page first."""

    confirmed: bool = False


def _group(request: Request[Any, Any, Any], principal: Principal, group_id: str) -> WorkingGroup:
    """The group, if lokala BRÅ of its municipality asks (403 for other roles, 404 for a
    group that is missing or another municipality's)."""
    require_role(principal, BRA_ONLY)
    application = application_of(request)
    return municipal_object(
        principal, lambda: application.get_group(group_id_of(group_id)), BRA_ONLY
    )


def _done(
    request: Request[Any, Any, Any], result: CommandResult, message: str, path: str
) -> Redirect:
    views_of(request).wait_for(result.position)  # the board shows the change at once
    flash(request, message)
    return see_other(path)


def _refused(
    request: Request[Any, Any, Any],
    principal: Principal,
    group_id: str,
    name: str,
    form: Form[Any],
    *,
    removing: str | None = None,
) -> Template:
    """The group's page again with the refused form ``name``; the group as it is now."""
    group = _group(request, principal, group_id)
    status = 422 if form.status_code == 200 else form.status_code
    return board_page(
        request, principal, group, status_code=status, forms={name: form}, removing=removing
    )


@post(GROUPS_PATH, sync_to_thread=True, status_code=303)
def establish_group(
    request: Request[Any, Any, Any],
    data: FormData,
    principal: NamedDependency[Principal],
    web_user: NamedDependency[WebUser],
) -> Template | Redirect:
    """Lokala BRÅ establishes a group of its municipality; then the group's page."""
    require_role(principal, BRA_ONLY)
    application = application_of(request)
    form = parse_form(EstablishGroup, data)
    if form.ok:
        check_municipal_object(principal, municipality=form.body().municipality, roles=BRA_ONLY)
    result = form.run(
        lambda: application.establish_group(principal.actor, **form.body().model_dump())
    )
    if result is None:
        code = str(form.value("municipality")) or None
        kommun = code if code in principal.municipalities else None
        status = 422 if form.status_code == 200 else form.status_code
        return groups_page(request, principal, web_user, kommun, status_code=status, form=form)
    name = form.body().name
    return _done(
        request,
        result,
        f"Arbetsgruppen {name} är inrättad.",
        f"{GROUPS_PATH}/{result.aggregate_id}",
    )


@post(f"{GROUPS_PATH}/{{group_id:str}}/uppdrag", sync_to_thread=True, status_code=303)
def revise_mandate(
    request: Request[Any, Any, Any],
    group_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    group = _group(request, principal, group_id)
    form = parse_form(ReviseMandate, data)
    result = form.run(
        lambda: application_of(request).revise_mandate(
            principal.actor,
            group.id,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        )
    )
    if result is None:
        return _refused(request, principal, group_id, "mandate", form)
    return _done(request, result, "Gruppens uppdrag är ändrat.", f"{GROUPS_PATH}/{group.id}")


@post(f"{GROUPS_PATH}/{{group_id:str}}/medlemmar", sync_to_thread=True, status_code=303)
def add_member(
    request: Request[Any, Any, Any],
    group_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    group = _group(request, principal, group_id)
    application = application_of(request)
    form = parse_form(AddMember, data)
    result = form.run(
        lambda: application.add_member(
            principal.actor,
            group.id,
            user_id=form.body().user_id,
            role_in_group=form.body().role_in_group,
            expected_version=form.expected_version,
        )
    )
    if result is None:
        return _refused(request, principal, group_id, "member", form)
    name = application.get_user(form.body().user_id.strip()).name
    return _done(
        request,
        result,
        f"{name} är medlem i gruppen.",
        f"{GROUPS_PATH}/{group.id}#medlemmar",
    )


@post(
    f"{GROUPS_PATH}/{{group_id:str}}/medlemmar/{{user_id:str}}/borttagning",
    sync_to_thread=True,
    status_code=303,
)
def remove_member(
    request: Request[Any, Any, Any],
    group_id: FromPath[str],
    user_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    group = _group(request, principal, group_id)
    form = parse_form(ConfirmedRemoval, data)
    if form.ok and not form.body().confirmed:
        form.add_error("confirmed", "Kryssa i rutan för att bekräfta att medlemmen tas bort.")
    member = group.members.get(user_id)
    if member is None:  # removed meanwhile (a page older than the group)
        flash(request, "Personen är inte medlem i gruppen längre.")
        return see_other(f"{GROUPS_PATH}/{group.id}#medlemmar")
    result = form.run(
        lambda: application_of(request).remove_member(
            principal.actor, group.id, user_id=user_id, expected_version=form.expected_version
        )
    )
    if result is None:
        return _refused(request, principal, group_id, "remove", form, removing=user_id)
    return _done(
        request,
        result,
        f"{member.name} är inte längre med i gruppen.",
        f"{GROUPS_PATH}/{group.id}#medlemmar",
    )


@post(f"{GROUPS_PATH}/{{group_id:str}}/upplosning", sync_to_thread=True, status_code=303)
def dissolve_group(
    request: Request[Any, Any, Any],
    group_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    group = _group(request, principal, group_id)
    form = parse_form(ConfirmedDissolution, data)
    if form.ok and not form.body().confirmed:
        form.add_error("confirmed", "Kryssa i rutan för att bekräfta att gruppen löses upp.")
    result = form.run(
        lambda: application_of(request).dissolve_group(
            principal.actor,
            group.id,
            reason=form.body().reason,
            expected_version=form.expected_version,
        )
    )
    if result is None:
        return _refused(request, principal, group_id, "dissolve", form)
    return _done(
        request, result, f"Arbetsgruppen {group.name} är upplöst.", f"{GROUPS_PATH}/{group.id}"
    )


ROUTES = [establish_group, revise_mandate, add_member, remove_member, dissolve_group]
