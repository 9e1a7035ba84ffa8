"""Grannsamverkan: the register of areas, their contact persons and status.

Contact persons are private persons: their names and contact details are shown only to
those who work with the area (its group's members and lokala BRÅ) and to auditors.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from litestar import Controller, Response, delete, get
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel

from api.commands import Command, CommandAccepted, command_route
from api.documented import ETAG, READ
from problemorienterat.application import ProblemorienteratApp
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
from problemorienterat.domain.grannsamverkan import AreaStatus, GrannsamverkanArea
from problemorienterat.domain.personal_data import HIDDEN


class ContactPersonView(BaseModel):
    """Only those who may read the area (its group, lokala BRÅ, auditors) see this."""

    person_id: UUID
    name: str
    phone: str
    email: str

    @classmethod
    def of(cls, person: Any, *, visible: bool) -> ContactPersonView:
        return cls(
            person_id=person.person_id,
            name=_shown(person.name, visible=visible),
            phone=_shown(person.phone, visible=visible),
            email=_shown(person.email, visible=visible),
        )


def _shown(value: Any, *, visible: bool) -> str:
    """A detail as text: ``[raderad]`` once erased, ``[dold]`` to those who may not see it."""
    if value is None:
        return ""
    shown = getattr(value, "shown", None)
    if callable(shown):
        return str(shown(visible=visible))
    return str(value) if visible else HIDDEN


class AreaView(BaseModel):
    """A Grannsamverkan area's current state; ``version`` is also the ``ETag``."""

    id: UUID
    municipality: str
    area: str
    started_on: date
    group_id: UUID | None
    households: int | None
    signs: int | None
    contact_persons: list[ContactPersonView]
    status: AreaStatus
    status_reason: str | None
    version: int

    @classmethod
    def of(cls, area: GrannsamverkanArea, *, visible: bool) -> AreaView:
        return cls(
            id=area.id,
            municipality=area.municipality,
            area=area.area,
            started_on=area.started_on,
            group_id=area.group_id,
            households=area.households,
            signs=area.signs,
            contact_persons=[
                ContactPersonView.of(p, visible=visible) for p in area.contact_persons.values()
            ],
            status=area.status,
            status_reason=area.status_reason,
            version=area.version,
        )


class AreaSummary(BaseModel):
    """An area in a municipality's register: no personal data, only how many contacts."""

    id: UUID
    municipality: str
    area: str
    started_on: date
    group_id: UUID | None
    households: int | None
    signs: int | None
    contact_persons: int
    status: AreaStatus
    version: int

    @classmethod
    def of(cls, area: GrannsamverkanArea) -> AreaSummary:
        return cls(
            id=area.id,
            municipality=area.municipality,
            area=area.area,
            started_on=area.started_on,
            group_id=area.group_id,
            households=area.households,
            signs=area.signs,
            contact_persons=len(area.contact_persons),
            status=area.status,
            version=area.version,
        )


class MunicipalAreasController(Controller):
    path = "/api/v1/municipalities"
    tags = ["Grannsamverkan"]

    @get(
        "/{code:str}/grannsamverkan-areas",
        summary="The municipality's Grannsamverkan areas (a member: their groups' areas)",
        sync_to_thread=True,
        responses=READ,
    )
    def list_grannsamverkan_areas(
        self,
        code: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[AreaSummary]:
        return [AreaSummary.of(a) for a in readable_areas(application, principal, code)]


class GrannsamverkanController(Controller):
    path = "/api/v1/grannsamverkan-areas"
    tags = ["Grannsamverkan"]

    @command_route(
        "/",
        summary="Register an area (Registered)",
        creates=True,
    )
    def register_grannsamverkan_area(
        self, data: JSONBody[RegisterArea], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        check_municipal_object(
            command.principal,
            municipality=data.municipality,
            roles=WRITERS,
        )
        check_own_group(command.application, command.principal, data.group_id)
        return command.answer(
            data,
            lambda: command.application.register_grannsamverkan_area(
                command.actor, **data.model_dump()
            ),
            location=lambda r: f"/api/v1/grannsamverkan-areas/{r.aggregate_id}",
        )

    @get(
        "/{area_id:uuid}",
        summary="An area's current state",
        sync_to_thread=True,
        responses=READ,
        response_headers=ETAG,
    )
    def get_grannsamverkan_area(
        self,
        area_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> Response[AreaView]:
        area = _area(application, principal, area_id, READERS)
        visible = application.may_see_personal_data(principal.actor, area)
        return Response(AreaView.of(area, visible=visible), headers={"ETag": f'"{area.version}"'})

    @command_route(
        "/{area_id:uuid}/contact-persons",
        summary="Add a contact person (ContactPersonAdded); item_id is their id",
        creates=True,
    )
    def add_contact_person(
        self,
        area_id: FromPath[UUID],
        data: JSONBody[AddContactPerson],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        area = _area(command.application, command.principal, area_id, WRITERS)
        return command.answer(
            data,
            lambda: command.application.add_contact_person(
                command.actor,
                area.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{area_id:uuid}/contact-persons/{person_id:uuid}",
        summary="Remove a contact person (ContactPersonRemoved)",
        method=delete,
    )
    def remove_contact_person(
        self,
        area_id: FromPath[UUID],
        person_id: FromPath[UUID],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        area = _area(command.application, command.principal, area_id, WRITERS)
        return command.answer(
            None,
            lambda: command.application.remove_contact_person(
                command.actor,
                area.id,
                person_id=person_id,
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{area_id:uuid}/figures",
        summary="Update households and signs put up (FiguresUpdated)",
    )
    def update_area_figures(
        self,
        area_id: FromPath[UUID],
        data: JSONBody[UpdateAreaFigures],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        area = _area(command.application, command.principal, area_id, WRITERS)
        return command.answer(
            data,
            lambda: command.application.update_area_figures(
                command.actor,
                area.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{area_id:uuid}/status",
        summary="Change the area's status (StatusChanged)",
    )
    def change_area_status(
        self,
        area_id: FromPath[UUID],
        data: JSONBody[ChangeAreaStatus],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        area = _area(command.application, command.principal, area_id, WRITERS)
        return command.answer(
            data,
            lambda: command.application.change_area_status(
                command.actor,
                area.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )


def _area(
    application: ProblemorienteratApp, principal: Principal, area_id: UUID, roles: frozenset[Role]
) -> GrannsamverkanArea:
    return group_object(
        application, principal, lambda: application.get_grannsamverkan_area(area_id), roles
    )
