"""Municipalities: those a user is given, and (for admins) registering a new one."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel

from api.commands import Command, CommandAccepted, command_route
from api.documented import READ
from api.routes.groups import GroupSummary
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.municipalities import RegisterMunicipality
from problemorienterat.contracts.policy import (
    READERS,
    check_installation_admin,
    check_municipal_object,
    listed_groups,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.municipality import Municipality


class MunicipalityView(BaseModel):
    id: UUID
    code: str
    name: str
    reference_prefix: str
    police_area: str

    @classmethod
    def of(cls, municipality: Municipality) -> MunicipalityView:
        return cls(
            id=municipality.id,
            code=municipality.code,
            name=municipality.name,
            reference_prefix=municipality.reference_prefix,
            police_area=municipality.police_area,
        )


class MunicipalityController(Controller):
    path = "/api/v1/municipalities"
    tags = ["Kommuner (municipalities)"]

    @get("/", summary="The municipalities you are given", sync_to_thread=True, responses=READ)
    def list_municipalities(
        self,
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[MunicipalityView]:
        return [
            MunicipalityView.of(m)
            for m in application.list_municipalities()
            if m.code in principal.municipalities
        ]

    @get("/{code:str}", summary="One municipality", sync_to_thread=True, responses=READ)
    def get_municipality(
        self,
        code: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> MunicipalityView:
        check_municipal_object(principal, municipality=code, roles=READERS)
        return MunicipalityView.of(application.get_municipality(code))

    @get(
        "/{code:str}/groups",
        summary="The municipality's working groups, dissolved ones too (flagged, listed "
        "last); members see the groups they belong to",
        sync_to_thread=True,
        responses=READ,
    )
    def list_groups(
        self,
        code: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[GroupSummary]:
        return [GroupSummary.of(g) for g in listed_groups(application, principal, code)]

    @command_route(
        "/",
        summary="Register a municipality (Registered); installation-wide administrators only",
        creates=True,
    )
    def register_municipality(
        self, data: JSONBody[RegisterMunicipality], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        check_installation_admin(command.principal)
        return command.answer(
            data,
            lambda: command.application.register_municipality(command.actor, **data.model_dump()),
            location=lambda _result: f"/api/v1/municipalities/{data.code}",
        )
