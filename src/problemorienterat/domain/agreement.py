"""The samverkansöverenskommelse between a kommun and its lokalpolisområde."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from problemorienterat.domain.actor import Actor, Organisation
from problemorienterat.domain.base import MunicipalAggregate, require_text
from problemorienterat.domain.errors import ClosedError, InvalidValueError
from problemorienterat.domain.limits import NAME_MAX_LENGTH


@dataclass(frozen=True)
class Signatory:
    """An official who signed for a party, e.g. the kommundirektör."""

    name: str
    title: str
    organisation: Organisation


@dataclass(frozen=True)
class Revision:
    """A revision of the commitments ("revideras vid behov"), in force from a date."""

    summary: str
    commitments: list[str]
    valid_from: date


class Agreement(MunicipalAggregate):
    """Purpose, parties, signatories, commitments and validity, with its revisions."""

    class Event(MunicipalAggregate.Event):
        pass

    class Signed(MunicipalAggregate.Created):
        police_area: str
        purpose: str
        parties: list[str]
        signatories: list[Signatory]
        commitments: list[str]
        valid_from: date
        valid_until: date | None

        def apply(self, agreement: Agreement) -> None:
            super().apply(agreement)
            agreement.police_area = self.police_area
            agreement.purpose = self.purpose
            agreement.parties = list(self.parties)
            agreement.signatories = list(self.signatories)
            agreement.commitments = list(self.commitments)
            agreement.valid_from = self.valid_from
            agreement.signed_from = self.valid_from
            agreement.valid_until = self.valid_until

    class Revised(Event):
        summary: str
        commitments: list[str]
        valid_from: date

        def apply(self, agreement: Agreement) -> None:
            agreement.commitments = list(self.commitments)
            agreement.valid_from = self.valid_from
            agreement.revisions.append(
                Revision(self.summary, list(self.commitments), self.valid_from)
            )

    class Terminated(Event):
        reason: str
        on: date

        def apply(self, agreement: Agreement) -> None:
            agreement.terminated_on = self.on
            agreement.termination_reason = self.reason

    def __init__(self) -> None:
        super().__init__()
        self.police_area: str = ""
        self.purpose: str = ""
        self.parties: list[str] = []
        self.signatories: list[Signatory] = []
        self.commitments: list[str] = []
        self.signed_from: date = date.min
        self.valid_from: date = date.min
        self.valid_until: date | None = None
        self.revisions: list[Revision] = []
        self.terminated_on: date | None = None
        self.termination_reason: str | None = None

    @property
    def is_terminated(self) -> bool:
        return self.terminated_on is not None

    def in_force_on(self, day: date) -> bool:
        """Whether the agreement applies on ``day`` (from its start, until it ends)."""
        ends = [d for d in (self.valid_until, self.terminated_on) if d is not None]
        return self.signed_from <= day and all(day <= end for end in ends)

    def _check_not_terminated(self) -> None:
        if self.is_terminated:
            raise ClosedError("The agreement has been terminated.")

    @classmethod
    def sign(
        cls,
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
    ) -> Agreement:
        """Record a signed agreement ("gäller från ... tills vidare" when no end is given)."""
        if valid_until is not None and valid_until < valid_from:
            raise InvalidValueError(
                "The agreement cannot end before it starts.", field="valid_until"
            )
        return cls._create(
            cls.Signed,
            actor=actor,
            municipality=municipality,
            police_area=require_text("police_area", police_area, max_length=NAME_MAX_LENGTH),
            purpose=require_text("purpose", purpose),
            parties=_texts("parties", parties, at_least=2, max_length=NAME_MAX_LENGTH),
            signatories=_signatories(signatories),
            commitments=_texts("commitments", commitments, at_least=1),
            valid_from=valid_from,
            valid_until=valid_until,
        )

    def revise(
        self, actor: Actor, *, summary: str, commitments: list[str], valid_from: date
    ) -> None:
        """Replace the commitments from ``valid_from``, which is not before the current start."""
        self._check_not_terminated()
        if valid_from < self.valid_from:
            raise InvalidValueError(
                "A revision cannot apply from before the current commitments "
                f"({self.valid_from.isoformat()}).",
                field="valid_from",
            )
        if self.valid_until is not None and valid_from > self.valid_until:
            raise InvalidValueError(
                f"The agreement ends {self.valid_until.isoformat()}; "
                "a revision cannot start after that.",
                field="valid_from",
            )
        self.record(
            self.Revised,
            actor,
            summary=require_text("summary", summary),
            commitments=_texts("commitments", commitments, at_least=1),
            valid_from=valid_from,
        )

    def terminate(self, actor: Actor, *, reason: str, on: date) -> None:
        """End the agreement on a date not before it started."""
        self._check_not_terminated()
        if on < self.signed_from:
            raise InvalidValueError("The agreement cannot end before it started.", field="on")
        self.record(self.Terminated, actor, reason=require_text("reason", reason), on=on)


def _texts(field: str, values: list[str], *, at_least: int, max_length: int = 4000) -> list[str]:
    texts = [require_text(field, value, max_length=max_length) for value in values]
    if len(texts) < at_least:
        raise InvalidValueError(f"Give at least {at_least} {field}.", field=field)
    return texts


def _signatories(signatories: list[Signatory]) -> list[Signatory]:
    if not signatories:
        raise InvalidValueError("An agreement has at least one signatory.", field="signatories")
    return [
        Signatory(
            name=require_text("signatories", s.name, max_length=NAME_MAX_LENGTH),
            title=require_text("signatories", s.title, max_length=NAME_MAX_LENGTH),
            organisation=s.organisation,
        )
        for s in signatories
    ]
