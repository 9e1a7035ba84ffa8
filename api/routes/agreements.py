"""Samverkansöverenskommelse: signed, revised and terminated; recorded by lokala BRÅ."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel, ConfigDict

from api.commands import Command, CommandAccepted, command_route
from api.documented import ETAG, READ
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.agreements import (
    ReviseAgreement,
    SignAgreement,
    TerminateAgreement,
)
from problemorienterat.contracts.policy import (
    BRA_ONLY,
    READERS,
    check_municipal_object,
    municipal_object,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.agreement import Agreement, Signatory
from problemorienterat.domain.swedish_day import swedish_today


class SignatoryView(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    name: str
    title: str
    organisation: Organisation


class RevisionView(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    summary: str
    commitments: list[str]
    valid_from: date


class AgreementView(BaseModel):
    """An agreement's current state; ``version`` is also the ``ETag``."""

    id: UUID
    municipality: str
    police_area: str
    purpose: str
    parties: list[str]
    signatories: list[SignatoryView]
    commitments: list[str]
    valid_from: date
    valid_until: date | None
    revisions: list[RevisionView]
    terminated_on: date | None
    version: int

    @classmethod
    def of(cls, agreement: Agreement) -> AgreementView:
        return cls(
            id=agreement.id,
            municipality=agreement.municipality,
            police_area=agreement.police_area,
            purpose=agreement.purpose,
            parties=list(agreement.parties),
            signatories=[SignatoryView.model_validate(s) for s in agreement.signatories],
            commitments=list(agreement.commitments),
            valid_from=agreement.valid_from,
            valid_until=agreement.valid_until,
            revisions=[RevisionView.model_validate(r) for r in agreement.revisions],
            terminated_on=agreement.terminated_on,
            version=agreement.version,
        )


class AgreementSummary(BaseModel):
    """An agreement in a municipality's list: who, when, whether it is in force."""

    id: UUID
    municipality: str
    police_area: str
    parties: list[str]
    valid_from: date
    valid_until: date | None
    revisions: int
    terminated_on: date | None
    in_force: bool
    version: int

    @classmethod
    def of(cls, agreement: Agreement, today: date) -> AgreementSummary:
        return cls(
            id=agreement.id,
            municipality=agreement.municipality,
            police_area=agreement.police_area,
            parties=list(agreement.parties),
            valid_from=agreement.valid_from,
            valid_until=agreement.valid_until,
            revisions=len(agreement.revisions),
            terminated_on=agreement.terminated_on,
            in_force=agreement.in_force_on(today),
            version=agreement.version,
        )


class MunicipalAgreementsController(Controller):
    path = "/api/v1/municipalities"
    tags = ["Samverkansöverenskommelse (agreements)"]

    @get(
        "/{code:str}/agreements",
        summary="The municipality's agreements, the newest first (terminated ones too)",
        sync_to_thread=True,
        responses=READ,
    )
    def list_agreements(
        self,
        code: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[AgreementSummary]:
        check_municipal_object(principal, municipality=code, roles=READERS)
        today = swedish_today()
        return [AgreementSummary.of(a, today) for a in application.agreements_of(code)]


class AgreementController(Controller):
    path = "/api/v1/agreements"
    tags = ["Samverkansöverenskommelse (agreements)"]

    @command_route(
        "/",
        summary="Record a signed agreement (Signed); lokala BRÅ only",
        creates=True,
    )
    def sign_agreement(
        self, data: JSONBody[SignAgreement], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        check_municipal_object(
            command.principal,
            municipality=data.municipality,
            roles=BRA_ONLY,
        )
        signatories = [Signatory(s.name, s.title, s.organisation) for s in data.signatories]
        return command.answer(
            data,
            lambda: command.application.sign_agreement(
                command.actor,
                municipality=data.municipality,
                police_area=data.police_area,
                purpose=data.purpose,
                parties=list(data.parties),
                signatories=signatories,
                commitments=list(data.commitments),
                valid_from=data.valid_from,
                valid_until=data.valid_until,
            ),
            location=lambda r: f"/api/v1/agreements/{r.aggregate_id}",
        )

    @get(
        "/{agreement_id:uuid}",
        summary="An agreement's current state",
        sync_to_thread=True,
        responses=READ,
        response_headers=ETAG,
    )
    def get_agreement(
        self,
        agreement_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> Response[AgreementView]:
        agreement = municipal_object(
            principal, lambda: application.get_agreement(agreement_id), READERS
        )
        return Response(AgreementView.of(agreement), headers={"ETag": f'"{agreement.version}"'})

    def _bra_agreement(self, command: Command, agreement_id: UUID) -> Agreement:
        return municipal_object(
            command.principal, lambda: command.application.get_agreement(agreement_id), BRA_ONLY
        )

    @command_route(
        "/{agreement_id:uuid}/revisions",
        summary="Revise the agreement (Revised)",
    )
    def revise_agreement(
        self,
        agreement_id: FromPath[UUID],
        data: JSONBody[ReviseAgreement],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        agreement = self._bra_agreement(command, agreement_id)
        return command.answer(
            data,
            lambda: command.application.revise_agreement(
                command.actor,
                agreement.id,
                summary=data.summary,
                commitments=list(data.commitments),
                valid_from=data.valid_from,
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{agreement_id:uuid}/termination",
        summary="Terminate the agreement (Terminated)",
    )
    def terminate_agreement(
        self,
        agreement_id: FromPath[UUID],
        data: JSONBody[TerminateAgreement],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        agreement = self._bra_agreement(command, agreement_id)
        return command.answer(
            data,
            lambda: command.application.terminate_agreement(
                command.actor,
                agreement.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )
