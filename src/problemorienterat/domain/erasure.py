"""The record that a person's personal data was erased: who, when, why; never who the person was.

An erasure destroys the person's key (crypto-shredding); this aggregate is the lasting
record of it, one per person (its id follows from the person's id, so a person is erased
once). Its facts are the person's id, the basis (a request, or the retention period of a
closed problem), the reason and the actor: no personal data.
"""

from __future__ import annotations

from enum import Enum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from problemorienterat.domain.actor import Actor, Role
from problemorienterat.domain.base import require_text
from problemorienterat.domain.errors import RuleViolation
from problemorienterat.domain.limits import NOTE_MAX_LENGTH

ROLES_THAT_ERASE = frozenset({Role.BRA, Role.ADMIN, Role.SYSTEM})


class ErasureBasis(Enum):
    REQUEST = "request"  # the person asked, or another lawful ground (GDPR art. 17)
    RETENTION = "retention"  # the closed problem's retention period ended (gallring)


class NotAllowedError(RuleViolation):
    """The actor's role may not do this."""

    rule = "not-allowed"


def erasure_id_for(subject_id: UUID) -> UUID:
    return uuid5(NAMESPACE_URL, f"problemorienterat:erasure:{subject_id}")


class PersonalDataErasure(Aggregate):
    """A person's personal data was erased (their key destroyed)."""

    class Erased(Aggregate.Created):
        actor: Actor
        subject_id: UUID
        basis: ErasureBasis
        reason: str
        record_id: UUID | None

        def apply(self, erasure: Any) -> None:
            erasure.subject_id = self.subject_id
            erasure.basis = self.basis
            erasure.reason = self.reason
            erasure.record_id = self.record_id
            erasure.erased_by = self.actor

    def __init__(self) -> None:
        self.subject_id: UUID | None = None
        self.basis: ErasureBasis = ErasureBasis.REQUEST
        self.reason: str = ""
        self.record_id: UUID | None = None
        self.erased_by: Actor | None = None

    @classmethod
    def erase(
        cls,
        actor: Actor,
        *,
        subject_id: UUID,
        reason: str,
        basis: ErasureBasis = ErasureBasis.REQUEST,
        record_id: UUID | None = None,
    ) -> PersonalDataErasure:
        """Record the erasure of ``subject_id``'s personal data; only lokala BRÅ or an
        administrator may erase. ``record_id`` names the record purged by retention."""
        if actor.role not in ROLES_THAT_ERASE:
            raise NotAllowedError("Only lokala BRÅ or an administrator may erase personal data.")
        return cls._create(
            cls.Erased,
            id=erasure_id_for(subject_id),
            actor=actor,
            subject_id=subject_id,
            basis=basis,
            reason=require_text("reason", reason, max_length=NOTE_MAX_LENGTH),
            record_id=record_id,
        )
