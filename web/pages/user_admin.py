"""A user's page in the administration: their role and municipalities, working groups,
e-mail address, a new invitation link, and spärra (revoke).

Every handler finds the user through
:func:`~problemorienterat.contracts.policy.administered_user`: a user of a municipality the
administrator does not administer is answered as one that does not exist (404).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template
from pydantic import BaseModel, ConfigDict

from problemorienterat.contracts.commands.fields import Email
from problemorienterat.contracts.commands.users import ChangeUser
from problemorienterat.contracts.policy import (
    administered_user,
    check_new_user,
    check_user_role,
    is_installation_admin,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from problemorienterat.domain.errors import DomainError, NotFoundError
from problemorienterat.domain.user import User
from problemorienterat.formatting import moment
from web.auth import ADMIN_ALLOWED
from web.forms import Form, FormData, parse_form
from web.pages._municipal import application_of
from web.pages._users import (
    ROLE_CHOICES,
    USERS_PATH,
    active_groups_in,
    group_options,
    invitation_url,
    keep_to_show_once,
    municipality_names,
    municipality_options,
    require_admin,
    take_shown_once,
    user_path,
    user_row,
)
from web.rendering import render, see_other
from web.session import flash

_USER = f"{USERS_PATH}/{{user_id:str}}"
NOT_SELF = "Du kan inte spärra dig själv."
CONFIRM = "Kryssa i rutan för att bekräfta att användaren ska spärras."
GROUP_NOT_CHOSEN = "Välj en av arbetsgrupperna i användarens kommuner."


class AddToGroup(BaseModel):
    """Lägg till i arbetsgrupp: one of the groups of the user's municipalities."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    group_id: UUID


class EmailForm(BaseModel):
    """E-post: the address (empty removes it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    email: Email = ""


class RevokeUser(BaseModel):
    """Spärra: only with the box ticked."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    confirmed: bool = False


def _page(
    request: Request[Any, Any, Any],
    principal: Principal,
    user: User,
    *,
    status_code: int = 200,
    forms: dict[str, Form[Any]] | None = None,
) -> Template:
    application = application_of(request)
    names = municipality_names(application)
    row = user_row(user, application.groups_of(user.user_id), names)
    mine = {g.group_id for g in row.groups}
    shown = take_shown_once(request, user.user_id)
    invitation = shown.get("invitation")
    forms = forms or {}
    change = forms.get("change")
    chosen = change.value("municipalities") if change is not None else list(user.municipalities)
    return render(
        request,
        "anvandare.html.j2",
        status_code=status_code,
        user=row,
        is_self=user.user_id == principal.user_id,
        role_choices=ROLE_CHOICES,
        municipality_choices=[
            (m.code, m.name) for m in municipality_options(application, principal)
        ],
        chosen_municipalities=[str(c) for c in (chosen if isinstance(chosen, list) else [chosen])],
        installation_admin=is_installation_admin(principal),
        group_choices=[
            (g.group_id, f"{g.name} ({g.municipality_name})")
            for g in group_options(
                active_groups_in(application, user.municipalities), names, set(user.municipalities)
            )
            if g.group_id not in mine
        ],
        identities=len(user.identities),
        invitation=invitation_url(request, invitation) if invitation else None,
        invitation_state=_invitation_state(user),
        change_form=change,
        group_form=forms.get("group"),
        email_form=forms.get("email"),
        revoke_form=forms.get("revoke"),
    )


def _invitation_state(user: User) -> str | None:
    """What became of the user's latest invitation link, in Swedish (None: never made)."""
    expires = user.invitation_expires_at
    if not user.invitation_hash or expires is None:
        return None
    if user.invitation_hash in user.used_invitations:
        return "Den senaste inbjudningslänken har använts."
    if datetime.now(UTC) >= expires:
        return f"Den senaste inbjudningslänken gick ut {moment(expires).text}."
    return f"Den senaste inbjudningslänken gäller till {moment(expires).text}, om den inte används."


def _user(request: Request[Any, Any, Any], principal: Principal, user_id: str) -> User:
    require_admin(principal)
    return administered_user(application_of(request), principal, user_id)


@get(_USER, name="administered_user", sync_to_thread=True, opt={ADMIN_ALLOWED: True})
def user_page(
    request: Request[Any, Any, Any], user_id: FromPath[str], principal: NamedDependency[Principal]
) -> Template:
    return _page(request, principal, _user(request, principal, user_id))


@post(_USER, sync_to_thread=True, status_code=303, opt={ADMIN_ALLOWED: True})
def change_user(
    request: Request[Any, Any, Any],
    user_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """Roll och kommuner: the new municipalities must be the administrator's too."""
    user = _user(request, principal, user_id)
    form = parse_form(ChangeUser, data)
    if form.ok:
        try:
            check_new_user(principal, form.body().municipalities)
            check_user_role(form.body().role, form.body().municipalities)
        except DomainError as error:
            form.add_domain_error(error)
    done = form.run(
        lambda: application_of(request).change_user(
            principal.actor,
            user.user_id,
            role=form.body().role,
            municipalities=sorted(  # the home municipality stays first if it is kept
                form.body().municipalities, key=lambda code: code != user.municipality
            ),
            expected_version=form.expected_version,
        )
    )
    if done is None:
        return _page(request, principal, user, status_code=form.status_code, forms={"change": form})
    flash(request, "Roll och kommuner är sparade.")
    return see_other(user_path(user.user_id))


@post(f"{_USER}/grupper", sync_to_thread=True, status_code=303, opt={ADMIN_ALLOWED: True})
def add_to_group(
    request: Request[Any, Any, Any],
    user_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """Lägg till i arbetsgrupp (members only; a group of the user's municipalities)."""
    user = _user(request, principal, user_id)
    application = application_of(request)
    form = parse_form(AddToGroup, data)
    if form.ok and user.role is not Role.MEMBER:
        form.add_error("group_id", "Bara medlemmar i arbetsgrupp läggs till i arbetsgrupper.")
    if form.ok:
        try:
            group = application.get_group(form.body().group_id)
        except NotFoundError:
            group = None
        if group is None or group.is_dissolved or group.municipality not in user.municipalities:
            form.add_error("group_id", GROUP_NOT_CHOSEN)
    done = form.run(
        lambda: application.add_member(
            principal.actor,
            form.body().group_id,
            user_id=user.user_id,
        )
    )
    if done is None:
        return _page(request, principal, user, status_code=form.status_code, forms={"group": form})
    flash(request, "Användaren är tillagd i arbetsgruppen.")
    return see_other(user_path(user.user_id))


@post(
    f"{_USER}/grupper/{{group_id:uuid}}/ta-bort",
    sync_to_thread=True,
    status_code=303,
    opt={ADMIN_ALLOWED: True},
)
def remove_from_group(
    request: Request[Any, Any, Any],
    user_id: FromPath[str],
    group_id: FromPath[UUID],
    principal: NamedDependency[Principal],
) -> Redirect:
    """Ta bort ur arbetsgruppen (a group the user is a member of)."""
    user = _user(request, principal, user_id)
    application = application_of(request)
    if not any(g.id == group_id for g in application.groups_of(user.user_id)):
        raise NotFoundError("Not a member of that group.")
    application.remove_member(principal.actor, group_id, user_id=user.user_id)
    flash(request, "Användaren är borttagen ur arbetsgruppen.")
    return see_other(user_path(user.user_id))


@post(f"{_USER}/e-post", sync_to_thread=True, status_code=303, opt={ADMIN_ALLOWED: True})
def set_email(
    request: Request[Any, Any, Any],
    user_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """E-post: where reminders go (and whom a sign-in by e-mail finds); empty removes it."""
    user = _user(request, principal, user_id)
    form = parse_form(EmailForm, data)
    done = form.run(
        lambda: application_of(request).set_email_address(
            principal.actor, user.user_id, form.body().email
        )
    )
    if done is None:
        return _page(request, principal, user, status_code=form.status_code, forms={"email": form})
    saved = "sparad" if form.body().email else "borttagen"
    flash(request, f"E-postadressen är {saved}.")
    return see_other(user_path(user.user_id))


@post(f"{_USER}/inbjudan", sync_to_thread=True, status_code=303, opt={ADMIN_ALLOWED: True})
def invite(
    request: Request[Any, Any, Any], user_id: FromPath[str], principal: NamedDependency[Principal]
) -> Redirect:
    """A new invitation link (the one before stops working), shown once on the user's page."""
    user = _user(request, principal, user_id)
    secret = application_of(request).issue_invitation(principal.actor, user.user_id)
    keep_to_show_once(request, user.user_id, invitation=secret)
    return see_other(user_path(user.user_id))


@post(f"{_USER}/sparra", sync_to_thread=True, status_code=303, opt={ADMIN_ALLOWED: True})
def revoke(
    request: Request[Any, Any, Any],
    user_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """Spärra: the token, the sessions and any invitation stop working at once."""
    user = _user(request, principal, user_id)
    form = parse_form(RevokeUser, data)
    if form.ok and not form.body().confirmed:
        form.add_error("confirmed", CONFIRM)
    if form.ok and user.user_id == principal.user_id:
        form.add_error("confirmed", NOT_SELF)
    done = form.run(lambda: application_of(request).revoke_user(principal.actor, user.user_id))
    if done is None:
        return _page(request, principal, user, status_code=form.status_code, forms={"revoke": form})
    flash(request, f"{user.name} är spärrad och kan inte längre logga in.")
    return see_other(user_path(user.user_id))


ROUTES = [user_page, change_user, add_to_group, remove_from_group, set_email, invite, revoke]
