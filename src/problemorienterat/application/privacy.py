"""Use cases for personal data: erase a person, purge closed problems past retention, and
decide who sees personal-data fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from problemorienterat.application.base import ServiceBase
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.erasure import (
    ROLES_THAT_ERASE,
    ErasureBasis,
    NotAllowedError,
    PersonalDataErasure,
    erasure_id_for,
)
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.grannsamverkan import ContactPerson, GrannsamverkanArea
from problemorienterat.domain.personal_data import PersonalData, may_see_personal_data
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.problem_parts import Finding
from problemorienterat.domain.sara import Stage
from problemorienterat.domain.working_group import WorkingGroup

DEFAULT_RETENTION_DAYS = 3 * 365


@dataclass(frozen=True)
class ErasureResult:
    """``recorded``: the erasure was recorded now (False: it had been before).
    ``key_destroyed``: a key was destroyed now (False: there was none left to destroy)."""

    subject_id: UUID
    recorded: bool
    key_destroyed: bool


@dataclass(frozen=True)
class PurgedProblem:
    problem_id: UUID
    reference: str
    municipality: str
    closed_at: datetime
    persons: int


@dataclass(frozen=True)
class RetentionReport:
    """What a retention purge erased (or, on a dry run, would erase)."""

    cutoff: datetime
    retention_days: int
    dry_run: bool
    purged: list[PurgedProblem]

    @property
    def persons(self) -> int:
        return sum(p.persons for p in self.purged)


class PrivacyUseCases(ServiceBase):
    """Erasure (crypto-shredding), retention and the access rule for personal data."""

    def erase_person(
        self,
        actor: Actor,
        subject_id: UUID,
        *,
        reason: str,
        basis: ErasureBasis = ErasureBasis.REQUEST,
        record_id: UUID | None = None,
    ) -> ErasureResult:
        """Erase everything kept about one person: record why (no personal data in the
        record), then destroy their key. From then on every event, snapshot, history and
        rebuilt projection shows their values as erased. Running it again completes an
        erasure that was recorded but whose key was not yet destroyed."""
        if actor.role not in ROLES_THAT_ERASE:
            raise NotAllowedError("Only lokala BRÅ or an administrator may erase personal data.")
        try:
            self.repository.get(erasure_id_for(subject_id))
            recorded = False
        except AggregateNotFoundError:
            erasure = PersonalDataErasure.erase(
                actor, subject_id=subject_id, reason=reason, basis=basis, record_id=record_id
            )
            self.commit(erasure)
            recorded = True
        destroyed = self.personal_data.destroy(subject_id)
        self.forget_cached_aggregates()
        return ErasureResult(subject_id, recorded, destroyed)

    def get_erasure(self, subject_id: UUID) -> PersonalDataErasure:
        return self.load(PersonalDataErasure, erasure_id_for(subject_id))

    # ------------------------------------------------------------------ retention

    def closed_problems(self) -> list[Problem]:
        """Every problem that is closed now (read from the store's close events)."""
        ids = self._recorded_by(Problem.Closed)  # closed, maybe reopened and closed again
        problems = (self.load(Problem, i) for i in dict.fromkeys(ids))
        return [p for p in problems if p.stage is Stage.CLOSED]

    def purge_retention(
        self,
        actor: Actor,
        *,
        retention_days: int = DEFAULT_RETENTION_DAYS,
        now: datetime | None = None,
        dry_run: bool = False,
    ) -> RetentionReport:
        """Erase the personal data of every problem closed more than ``retention_days``
        ago: each person's key destroyed, each erasure recorded with the problem's id."""
        if retention_days < 0:
            raise ValueError("retention_days cannot be negative")
        cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
        purged: list[PurgedProblem] = []
        for problem in self.closed_problems():
            if problem.closed_at is None or problem.closed_at > cutoff:
                continue
            persons = sorted(
                s for s in problem.personal_data_subjects() if not self.personal_data.is_erased(s)
            )
            if not persons:
                continue
            if not dry_run:
                reason = (
                    f"Gallring: problemet {problem.reference} stängdes "
                    f"{problem.closed_at.date().isoformat()}; gallringsfristen är "
                    f"{retention_days} dagar."
                )
                for subject_id in persons:
                    self.erase_person(
                        actor,
                        subject_id,
                        reason=reason,
                        basis=ErasureBasis.RETENTION,
                        record_id=problem.id,
                    )
            purged.append(
                PurgedProblem(
                    problem.id,
                    problem.reference,
                    problem.municipality,
                    problem.closed_at,
                    len(persons),
                )
            )
        return RetentionReport(cutoff, retention_days, dry_run, purged)

    # ------------------------------------------------------------------ access

    def may_see_personal_data(self, actor: Actor, record: Problem | GrannsamverkanArea) -> bool:
        """Whether ``actor`` sees the personal-data fields of ``record``: lokala BRÅ,
        auditors and members of the group that owns the record (not of a dissolved one);
        others see that a value exists but not the value (:func:`shown`)."""
        members: set[str] = set()
        if record.group_id is not None:
            try:
                group = self.load(WorkingGroup, record.group_id)
            except NotFoundError:  # an unknown group grants nobody
                group = None
            if group is not None and not group.is_dissolved:
                members = set(group.members)
        return may_see_personal_data(actor, members)


def shown(value: PersonalData | None, *, visible: bool) -> str | None:
    """The value as a response shows it: the text, ``[raderad]`` or ``[dold]``."""
    return None if value is None else value.shown(visible=visible)


def contact_person_view(person: ContactPerson, *, visible: bool) -> dict[str, Any]:
    """A contact person as plain values, masked unless ``visible``."""
    return {
        "person_id": person.person_id,
        "name": shown(person.name, visible=visible),
        "phone": shown(person.phone, visible=visible),
        "email": shown(person.email, visible=visible),
        "erased": person.name.is_erased,
    }


def named_persons_view(finding: Finding, *, visible: bool) -> list[dict[str, Any]]:
    """The persons a finding names, as plain values, masked unless ``visible``."""
    return [
        {"person_id": p.subject_id, "name": p.shown(visible=visible), "erased": p.is_erased}
        for p in finding.named_persons
    ]
