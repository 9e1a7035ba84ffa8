"""Administration: the users an administrator manages (filtered by municipality), and
"Ny användare", which adds one and shows their token (and, if asked for, an invitation
link) once, on the page :func:`created` answers after the redirect.

An administrator given municipalities sees, adds and gives only users of those
municipalities (:mod:`problemorienterat.contracts.policy`); an installation-wide one, every
user. Everyone else: 404.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from problemorienterat.application.users import NewUser
from problemorienterat.contracts.commands.municipalities import RegisterMunicipality
from problemorienterat.contracts.commands.users import AddUser
from problemorienterat.contracts.policy import (
    administered_user,
    administered_users,
    check_installation_admin,
    check_new_user,
    check_user_role,
    is_installation_admin,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from problemorienterat.domain.errors import DomainError
from web.auth import ADMIN_ALLOWED, ADMIN_PATH
from web.forms import Form, FormData, parse_form
from web.pages._municipal import application_of
from web.pages._users import (
    ORGANISATION_CHOICES,
    ROLE_CHOICES,
    USERS_PATH,
    active_groups_in,
    group_options,
    groups_of_users,
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

MUNICIPALITIES_PATH = f"{ADMIN_PATH}/kommuner"
MEMBERS_ONLY = "Bara medlemmar i arbetsgrupp läggs till i arbetsgrupper."


class NewUserForm(AddUser):
    """Ny användare: the API's contract, and whether to make an invitation link too."""

    invitation: bool = False


def _page(
    request: Request[Any, Any, Any],
    principal: Principal,
    *,
    kommun: str | None = None,
    form: Form[NewUserForm] | None = None,
    municipality_form: Form[RegisterMunicipality] | None = None,
    status_code: int = 200,
) -> Template:
    application = application_of(request)
    installation_admin = is_installation_admin(principal)
    names = municipality_names(application)
    municipalities = municipality_options(application, principal)
    users = administered_users(application, principal)
    if kommun:
        users = [u for u in users if kommun in u.municipalities]
    codes = {m.code for m in municipalities}
    if installation_admin:  # every user is listed: every group is read once
        groups = options = application.active_groups()
    else:
        groups, options = groups_of_users(application, users), active_groups_in(application, codes)
    return render(
        request,
        "administration.html.j2",
        status_code=status_code,
        users=[user_row(u, groups, names) for u in users],
        kommun=kommun or "",
        municipalities=municipalities,
        municipality_choices=[(m.code, m.name) for m in municipalities],
        group_choices=[
            (g.group_id, f"{g.name} ({g.municipality_name})")
            for g in group_options(options, names, codes)
        ],
        role_choices=ROLE_CHOICES,
        organisation_choices=ORGANISATION_CHOICES,
        installation_admin=installation_admin,
        registered=sorted(application.list_municipalities(), key=lambda m: (m.name, m.code))
        if installation_admin
        else [],
        municipality_form=municipality_form,
        form=form,
        chosen_municipalities=_chosen(form, "municipalities"),
        chosen_groups=_chosen(form, "group_ids"),
    )


def _chosen(form: Form[NewUserForm] | None, name: str) -> list[str]:
    if form is None:
        return []
    value = form.value(name)
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []


@get(ADMIN_PATH, name="administration", sync_to_thread=True, opt={ADMIN_ALLOWED: True})
def administration(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template:
    """The users this administrator manages (``?kommun=``: of one municipality only)."""
    require_admin(principal)
    return _page(request, principal, kommun=kommun)


@post(USERS_PATH, sync_to_thread=True, status_code=303, opt={ADMIN_ALLOWED: True})
def add_user(
    request: Request[Any, Any, Any], data: FormData, principal: NamedDependency[Principal]
) -> Template | Redirect:
    """Ny användare: added with a new token, shown once on the next page; errors next to
    their fields (422) with everything typed kept."""
    require_admin(principal)
    form = parse_form(NewUserForm, data)
    application = application_of(request)
    if form.ok:
        body = form.body()
        try:
            check_new_user(principal, body.municipalities)
            check_user_role(body.role, body.municipalities)
        except DomainError as error:
            form.add_domain_error(error)
    if form.value("group_ids") and form.value("role") != Role.MEMBER.value:
        form.add_error("group_ids", MEMBERS_ONLY)
    added: NewUser | None = form.run(
        lambda: application.add_user(
            principal.actor,
            name=form.body().name,
            organisation=form.body().organisation,
            role=form.body().role,
            municipalities=list(form.body().municipalities),
            group_ids=list(form.body().group_ids),
            email=form.body().email,
        )
    )
    if added is None:
        return _page(request, principal, form=form, status_code=form.status_code)
    secrets = {"token": added.token}
    if form.body().invitation:
        secrets["invitation"] = application.issue_invitation(principal.actor, added.user_id)
    keep_to_show_once(request, added.user_id, **secrets)
    return see_other(f"{user_path(added.user_id)}/skapad")


@post(MUNICIPALITIES_PATH, sync_to_thread=True, status_code=303, opt={ADMIN_ALLOWED: True})
def register_municipality(
    request: Request[Any, Any, Any], data: FormData, principal: NamedDependency[Principal]
) -> Template | Redirect:
    """Registrera en kommun (administrators of the whole installation, as in the API): its
    code, name, the prefix of its problem references and its lokalpolisområde."""
    require_admin(principal)
    check_installation_admin(principal)
    form = parse_form(RegisterMunicipality, data)
    done = form.run(
        lambda: application_of(request).register_municipality(
            principal.actor, **form.body().model_dump()
        )
    )
    if done is None:
        return _page(request, principal, municipality_form=form, status_code=form.status_code)
    flash(request, f"{form.body().name} är registrerad. Lägg nu upp kommunens användare.")
    return see_other(ADMIN_PATH)


@get(f"{USERS_PATH}/{{user_id:str}}/skapad", sync_to_thread=True, opt={ADMIN_ALLOWED: True})
def created(
    request: Request[Any, Any, Any], user_id: FromPath[str], principal: NamedDependency[Principal]
) -> Template:
    """The new user's token (and invitation link), shown this once: the page is not
    stored (``Cache-Control: no-store``) and the session forgets them as it is shown."""
    require_admin(principal)
    application = application_of(request)
    user = administered_user(application, principal, user_id)
    shown = take_shown_once(request, user.user_id)
    invitation = shown.get("invitation")
    return render(
        request,
        "anvandare_skapad.html.j2",
        user=user_row(user, application.groups_of(user.user_id), municipality_names(application)),
        token=shown.get("token"),
        invitation=invitation_url(request, invitation) if invitation else None,
    )


ROUTES = [administration, add_user, register_municipality, created]
