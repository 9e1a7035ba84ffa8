"""Grannsamverkan: the register of a municipality's areas for the kommunpolis (a member of the
working group behind the areas) and lokala BRÅ, with an area's own page.

The rules are the API's (:mod:`api.routes.grannsamverkan`): every reader of the municipality
opens the register, a member sees only their own groups' areas (as in the API's list); members
and lokala BRÅ register areas (a member only for one of their own groups), update households
and signs put up, add and remove contact persons and change the status; auditors only read.
Contact persons are personal data: shown to those who may see them
(``may_see_personal_data``), "[dold]" to anyone else, "[raderad]" once erased. The list shows
only how many contact persons an area has.

A user of several municipalities picks one (``?kommun=``) and sees the totals of each of
their municipalities side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.fields import Body
from problemorienterat.contracts.commands.grannsamverkan import (
    AddContactPerson,
    ChangeAreaStatus,
    RegisterArea,
    UpdateAreaFigures,
)
from problemorienterat.contracts.policy import (
    READERS,
    WRITERS,
    check_municipal_object,
    check_own_group,
    group_object,
    readable_areas,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from problemorienterat.domain.errors import InvalidValueError, NotFoundError
from problemorienterat.domain.grannsamverkan import AreaStatus, ContactPerson, GrannsamverkanArea
from problemorienterat.domain.personal_data import PersonalData
from problemorienterat.labels import choices
from web.forms import Form, FormData, parse_form
from web.navigation import GRANNSAMVERKAN_PATH
from web.pages._municipal import Municipality, application_of, day, municipality_for, views_of
from web.rendering import render, see_other
from web.session import flash

OWN_GROUP_ONLY = "Välj en av dina egna arbetsgrupper. Du kan bara registrera områden för dem."


def area_path(area_id: UUID | str) -> str:
    return f"{GRANNSAMVERKAN_PATH}/{area_id}"


@dataclass(frozen=True)
class Totals:
    """A municipality's register in figures (of the areas this user reads)."""

    code: str
    name: str
    areas: int
    active: int
    households: int
    signs: int
    contact_persons: int

    @classmethod
    def of(cls, code: str, name: str, areas: list[GrannsamverkanArea]) -> Totals:
        return cls(
            code=code,
            name=name,
            areas=len(areas),
            active=sum(1 for a in areas if a.status is AreaStatus.ACTIVE),
            households=sum(a.households or 0 for a in areas),
            signs=sum(a.signs or 0 for a in areas),
            contact_persons=sum(len(a.contact_persons) for a in areas),
        )


@dataclass(frozen=True)
class ContactRow:
    """A contact person as this reader may see them."""

    person_id: str
    name: str
    phone: str
    email: str


def contact_rows(area: GrannsamverkanArea, *, visible: bool) -> list[ContactRow]:
    """The area's contact persons, each detail masked ("[dold]") unless ``visible``."""
    return [_row(p, visible=visible) for p in area.contact_persons.values()]


def _row(person: ContactPerson, *, visible: bool) -> ContactRow:
    def shown(value: PersonalData | None) -> str:
        return "" if value is None else value.shown(visible=visible)

    return ContactRow(
        str(person.person_id), shown(person.name), shown(person.phone), shown(person.email)
    )


def may_write(principal: Principal) -> bool:
    return principal.role in WRITERS


def _groups(
    request: Request[Any, Any, Any], principal: Principal, municipality: str
) -> list[tuple[str, str]]:
    """The working groups an area may be registered for by this user (a member: their own)."""
    if principal.role is Role.MEMBER:
        mine = application_of(request).groups_of(principal.user_id)
        return sorted((str(g.id), g.name) for g in mine if g.municipality == municipality)
    listed = views_of(request).groups(municipality)
    return sorted((str(g.group_id), g.name) for g in listed if not g.dissolved)


def _register_page(
    request: Request[Any, Any, Any],
    principal: Principal,
    municipality: Municipality | None,
    *,
    form: Form[RegisterArea] | None = None,
    status_code: int = 200,
) -> Template:
    application = application_of(request)
    if municipality is None:
        return render(request, "grannsamverkan.html.j2", municipality=None)
    areas = readable_areas(application, principal, municipality.code)
    several = [
        Totals.of(c.code, c.name, readable_areas(application, principal, c.code))
        for c in municipality.choices
    ]
    return render(
        request,
        "grannsamverkan.html.j2",
        status_code=status_code,
        municipality=municipality,
        areas=areas,
        totals=Totals.of(municipality.code, municipality.name, areas),
        per_municipality=several if len(several) > 1 else [],
        may_write=may_write(principal),
        groups=_groups(request, principal, municipality.code),
        form=form,
        day=day,
        area_path=area_path,
    )


@get(GRANNSAMVERKAN_PATH, name="grannsamverkan", sync_to_thread=True)
def register(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template:
    municipality = municipality_for(application_of(request), principal, kommun)
    return _register_page(request, principal, municipality)


@post(GRANNSAMVERKAN_PATH, sync_to_thread=True, status_code=303)
def register_area(
    request: Request[Any, Any, Any], data: FormData, principal: NamedDependency[Principal]
) -> Template | Redirect:
    """Register an area (the API's RegisterArea); its page next."""
    application = application_of(request)
    form = parse_form(RegisterArea, data)
    code = str(form.value("municipality") or "")
    check_municipal_object(principal, municipality=code, roles=WRITERS)
    if form.ok:
        try:
            check_own_group(application, principal, form.body().group_id)
        except InvalidValueError:
            form.add_error("group_id", OWN_GROUP_ONLY)
    result = form.run(
        lambda: application.register_grannsamverkan_area(
            principal.actor, **form.body().model_dump()
        )
    )
    if result is None:
        municipality = municipality_for(application, principal, code)
        status = 422 if form.status_code == 200 else form.status_code
        return _register_page(request, principal, municipality, form=form, status_code=status)
    flash(request, "Området är registrerat.")
    return see_other(area_path(result.aggregate_id))


# ---------------------------------------------------------------- one area


def _area_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise NotFoundException from None


def _area(
    application: ProblemorienteratApp, principal: Principal, area_id: str, roles: Any
) -> GrannsamverkanArea:
    uuid = _area_id(area_id)
    return group_object(
        application, principal, lambda: application.get_grannsamverkan_area(uuid), roles
    )


def _area_page(
    request: Request[Any, Any, Any],
    principal: Principal,
    area: GrannsamverkanArea,
    *,
    forms: dict[str, Form[Any]] | None = None,
    status_code: int = 200,
) -> Template:
    application = application_of(request)
    visible = application.may_see_personal_data(principal.actor, area)
    municipality = municipality_for(application, principal, area.municipality)
    group_name = None
    if area.group_id is not None:
        try:
            group_name = application.get_group(area.group_id).name
        except NotFoundError:
            group_name = None
    return render(
        request,
        "grannsamverkan_omrade.html.j2",
        status_code=status_code,
        area=area,
        municipality=municipality,
        group_name=group_name,
        contacts=contact_rows(area, visible=visible),
        visible=visible,
        may_write=may_write(principal) and area.status is not AreaStatus.ENDED,
        may_remove=may_write(principal),
        statuses=[(v, t) for v, t in choices(AreaStatus) if v != area.status.value],
        refused=forms or {},
        day=day,
        back=f"{GRANNSAMVERKAN_PATH}{municipality.query if municipality else ''}",
    )


@get(f"{GRANNSAMVERKAN_PATH}/{{area_id:str}}", name="grannsamverkan-area", sync_to_thread=True)
def area_page(
    request: Request[Any, Any, Any], area_id: FromPath[str], principal: NamedDependency[Principal]
) -> Template:
    application = application_of(request)
    return _area_page(request, principal, _area(application, principal, area_id, READERS))


def _step(
    request: Request[Any, Any, Any],
    principal: Principal,
    area_id: str,
    *,
    name: str,
    form: Form[Any],
    act: Any,
    done: str,
) -> Template | Redirect:
    """Run one form of the area's page: 303 back with ``done``, or the page with the errors."""
    application = application_of(request)
    area = _area(application, principal, area_id, WRITERS)
    result = form.run(lambda: act(application, area))
    if result is None:
        status = 422 if form.status_code == 200 else form.status_code
        return _area_page(request, principal, area, forms={name: form}, status_code=status)
    flash(request, done)
    return see_other(area_path(area.id))


@post(f"{GRANNSAMVERKAN_PATH}/{{area_id:str}}/siffror", sync_to_thread=True, status_code=303)
def update_figures(
    request: Request[Any, Any, Any],
    area_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    form = parse_form(UpdateAreaFigures, data)
    return _step(
        request,
        principal,
        area_id,
        name="figures",
        form=form,
        act=lambda app, area: app.update_area_figures(
            principal.actor,
            area.id,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        ),
        done="Hushåll och skyltar är uppdaterade.",
    )


@post(
    f"{GRANNSAMVERKAN_PATH}/{{area_id:str}}/kontaktpersoner", sync_to_thread=True, status_code=303
)
def add_contact(
    request: Request[Any, Any, Any],
    area_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    form = parse_form(AddContactPerson, data)
    return _step(
        request,
        principal,
        area_id,
        name="contact",
        form=form,
        act=lambda app, area: app.add_contact_person(
            principal.actor,
            area.id,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        ),
        done="Kontaktpersonen är tillagd.",
    )


@post(
    f"{GRANNSAMVERKAN_PATH}/{{area_id:str}}/kontaktpersoner/{{person_id:uuid}}/ta-bort",
    sync_to_thread=True,
    status_code=303,
)
def remove_contact(
    request: Request[Any, Any, Any],
    area_id: FromPath[str],
    person_id: FromPath[UUID],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    form = parse_form(_Nothing, data)
    return _step(
        request,
        principal,
        area_id,
        name="remove",
        form=form,
        act=lambda app, area: app.remove_contact_person(
            principal.actor, area.id, person_id=person_id, expected_version=form.expected_version
        ),
        done="Kontaktpersonen är borttagen.",
    )


@post(f"{GRANNSAMVERKAN_PATH}/{{area_id:str}}/status", sync_to_thread=True, status_code=303)
def change_status(
    request: Request[Any, Any, Any],
    area_id: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    form = parse_form(ChangeAreaStatus, data)
    return _step(
        request,
        principal,
        area_id,
        name="status",
        form=form,
        act=lambda app, area: app.change_area_status(
            principal.actor,
            area.id,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        ),
        done="Områdets status är ändrad.",
    )


class _Nothing(Body):
    """A form with no fields of its own (removing a contact person: the path says whom)."""


ROUTES = [
    register,
    register_area,
    area_page,
    update_figures,
    add_contact,
    remove_contact,
    change_status,
]
