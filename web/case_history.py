"""What the Historik page shows of a case: its events as Swedish sentences, and the integrity
status of the hash chain.

Each line says who (name, organisation) recorded what, in words
(:mod:`problemorienterat.history_text`, the same sentences as the HTML export), with times in
Swedish local time. The lines hold no more than the API's history of the case shows, and
less: the private persons a finding names are only counted, never named.

The integrity status is the same verification ``problemorienterat verify`` and
``GET /api/v1/audit/verify`` run (:func:`problemorienterat.audit.verify.verify_chain`) when
the store is small enough for a page request (:data:`FULL_VERIFY_MAX_EVENTS`); on a larger
store only this case's events are checked (:mod:`problemorienterat.audit.case_verify`), and
the page says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.application.audit_trail import HistoryEntry
from problemorienterat.audit.verify import KEYS_MISSING
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.problem import Problem
from problemorienterat.formatting import Moment, number_text, period_text
from problemorienterat.history_text import CaseNames, actor_text, event_sentence, id_key
from problemorienterat.labels import event_label

__all__ = ["Moment"]  # the page imports it from here

FULL_VERIFY_MAX_EVENTS = 20_000
"""Up to this many stored events a page request verifies the whole chain; above it only the
case's own events, so the page stays quick on a large store."""

_MAX_TEXT = 160

PROBLEMS_SV: Mapping[str, str] = {
    "an event that was never chained (inserted afterwards)": (
        "en händelse som aldrig kedjades (infogad i efterhand)"
    ),
    "a chained event is missing (deleted)": "en kedjad händelse saknas (raderad)",
    "the stored event differs from what was chained (edited, moved or reordered)": (
        "den lagrade händelsen skiljer sig från det som kedjades (ändrad, flyttad eller omordnad)"
    ),
}
_PROBLEM_FALLBACK = "lagrade data stämmer inte med hashkedjan"
_KEYS_MISSING_SV = (
    "en persons nyckel saknas utan att raderingen är registrerad (borttagen utanför programmet)"
)

# ---------------------------------------------------------------------------- events


@dataclass(frozen=True)
class EventLine:
    """One event of the timeline: its Swedish name and what it recorded as a sentence that
    names who recorded it (``summary``)."""

    position: int | None
    version: int
    time: Moment
    label: str
    who: str
    summary: str


def who(actor: Actor | None) -> str:
    """ "Name (organisation)" of the actor, or "En okänd användare" for an event without one."""
    return actor_text(actor)


def event_lines(entries: list[HistoryEntry], names: CaseNames) -> list[EventLine]:
    """The case's events as timeline lines; ``names`` names the working groups, focus areas
    and actions the events refer to by id."""
    return [
        EventLine(
            position=entry.position,
            version=entry.version,
            time=Moment.of(entry.timestamp),
            label=event_label(entry.event_type),
            who=who(entry.actor),
            summary=summary(entry.event_type, entry.payload, entry.actor, names),
        )
        for entry in entries
    ]


def summary(
    event_type: str, payload: Mapping[str, Any], actor: Actor | None, names: CaseNames
) -> str:
    """What an event recorded, as one Swedish sentence naming who recorded it (long free
    texts cut short: the export has them in full)."""
    return event_sentence(event_type, payload, actor, names, limit=_MAX_TEXT)


def measure_text(measure: Mapping[str, Any]) -> str:
    """ "anmälda bostadsinbrott, Valla: 14 brott (2025-01-01–2025-06-30)"."""
    value = number_text(measure.get("value"))
    unit = measure.get("unit") or ""
    amount = f"{value} {unit}" if unit else value
    period = period_text(measure.get("period_start"), measure.get("period_end"))
    return f"{measure.get('indicator', '')}, {measure.get('area', '')}: {amount} ({period})"


# ---------------------------------------------------------------------------- integrity


@dataclass(frozen=True)
class Integrity:
    """The integrity status shown on the page.

    ``scope`` is ``"store"`` (the whole chain was verified), ``"case"`` (only the case's
    events, on a large store) or ``"none"`` (the store keeps no chain).
    """

    scope: str
    intact: bool
    events: int
    store_events: int
    checked_at: Moment
    head_position: int | None = None
    head: str | None = None
    break_position: int | None = None
    break_version: int | None = None
    problem: str | None = None
    checkpoint: SignedCheckpoint | None = None


@dataclass(frozen=True)
class SignedCheckpoint:
    """The newest checkpoint kept in the store and signed by the trusted key."""

    position: int
    head: str
    signed_at: Moment


def integrity_of(
    application: ProblemorienteratApp, problem: Problem, trusted_public_key: str | None = None
) -> Integrity:
    """Verify the chain (all of it, or this case's events on a large store), with the newest
    checkpoint signed by ``trusted_public_key``."""
    now = Moment.of(datetime.now(UTC))
    store_events = application.recorder.max_notification_id() or 0
    if not application.keeps_hash_chain:
        return Integrity("none", intact=False, events=0, store_events=store_events, checked_at=now)
    checkpoint = _checkpoint(application, trusted_public_key)
    if store_events <= FULL_VERIFY_MAX_EVENTS:
        result = application.check_chain()
        return Integrity(
            "store",
            intact=result.intact,
            events=result.events,
            store_events=store_events,
            checked_at=now,
            head_position=result.head_position,
            head=result.head.hex(),
            break_position=result.break_position,
            problem=_problem_sv(result.problem),
            checkpoint=checkpoint,
        )
    checked = application.check_case_chain(problem.id, problem.municipality)
    case, last_link = checked.verification, checked.last_link
    return Integrity(
        "case",
        intact=case.intact,
        events=case.events,
        store_events=store_events,
        checked_at=now,
        head_position=case.last_position,
        head=last_link.hex() if last_link is not None else None,
        break_position=case.break_position,
        break_version=case.break_version,
        problem=_problem_sv(case.problem),
        checkpoint=checkpoint,
    )


def _checkpoint(
    application: ProblemorienteratApp, trusted_public_key: str | None
) -> SignedCheckpoint | None:
    if trusted_public_key is None:
        return None
    found = application.latest_checkpoint(trusted_public_key)
    if found is None:
        return None
    return SignedCheckpoint(
        found.position, found.head, Moment.of(datetime.fromisoformat(found.time))
    )


def _problem_sv(problem: str | None) -> str | None:
    if problem is None:
        return None
    if problem.startswith(KEYS_MISSING):  # names the persons' ids after the sentence
        return _KEYS_MISSING_SV + problem[len(KEYS_MISSING) :].replace(": subject ", ": person ")
    return PROBLEMS_SV.get(problem, _PROBLEM_FALLBACK)


# ---------------------------------------------------------------------------- names


class Names:
    """The names of the working groups, focus areas, actions and the municipality a case's
    events refer to, looked up once per page."""

    def __init__(
        self,
        application: ProblemorienteratApp,
        latest: Problem | None,
        entries: list[HistoryEntry] | None = None,
    ) -> None:
        self._application = application
        lists = (
            application.case_names(entries or [], latest.municipality)
            if latest is not None
            else None
        )
        self.case = (
            CaseNames(
                groups=CaseNames.keyed(lists.groups),
                focus_areas=CaseNames.keyed(lists.focus_areas),
                actions=CaseNames.keyed(
                    {**lists.actions, **{k: a.title for k, a in latest.actions.items()}}
                    if latest is not None
                    else lists.actions
                ),
                municipalities=lists.municipalities,
            )
            if lists is not None
            else CaseNames()
        )
        self._groups: dict[str, str] = dict(self.case.groups)

    def group(self, group_id: str) -> str:
        key = id_key(group_id)
        if key not in self._groups:
            try:
                self._groups[key] = self._application.get_group(UUID(group_id)).name
            except (NotFoundError, ValueError):
                self._groups[key] = "okänd arbetsgrupp"
        return self._groups[key]
