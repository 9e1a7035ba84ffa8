"""Use cases for the samverkansöverenskommelse."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from problemorienterat.application.municipalities import MunicipalityUseCases
from problemorienterat.application.results import CommandResult
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.agreement import Agreement, Signatory


class AgreementUseCases(MunicipalityUseCases):
    """Sign, revise and terminate cooperation agreements."""

    def get_agreement(self, agreement_id: UUID) -> Agreement:
        return self.load(Agreement, agreement_id)

    def sign_agreement(
        self,
        actor: Actor,
        *,
        municipality: str,
        police_area: str,
        purpose: str,
        parties: list[str],
        signatories: list[Signatory],
        commitments: list[str],
        valid_from: date,
        valid_until: date | None = None,
    ) -> CommandResult:
        self.get_municipality(municipality)
        agreement = Agreement.sign(
            actor,
            municipality=municipality,
            police_area=police_area,
            purpose=purpose,
            parties=parties,
            signatories=signatories,
            commitments=commitments,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        return self.commit(agreement)

    def revise_agreement(
        self,
        actor: Actor,
        agreement_id: UUID,
        *,
        summary: str,
        commitments: list[str],
        valid_from: date,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Agreement,
            agreement_id,
            expected_version,
            lambda a: a.revise(
                actor, summary=summary, commitments=commitments, valid_from=valid_from
            ),
        )

    def terminate_agreement(
        self,
        actor: Actor,
        agreement_id: UUID,
        *,
        reason: str,
        on: date,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Agreement,
            agreement_id,
            expected_version,
            lambda a: a.terminate(actor, reason=reason, on=on),
        )
