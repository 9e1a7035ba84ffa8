"""What the Historik page shows of a case: its events as readable Swedish lines, and the
integrity status of the hash chain.

The lines say what each event recorded, in short, with the Swedish names of its values. They
hold no more than the API's history of the case shows, and less: the private persons a finding
names are only counted, never named.

The integrity status is the same verification ``problemorienterat verify`` and
``GET /api/v1/audit/verify`` run (:func:`problemorienterat.audit.verify.verify_chain`) when
the store is small enough for a page request (:data:`FULL_VERIFY_MAX_EVENTS`); on a larger
store only this case's events are checked (:mod:`problemorienterat.audit.case_verify`), and
the page says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.application.audit_trail import HistoryEntry
from problemorienterat.audit.verify import KEYS_MISSING
from problemorienterat.domain.actor import Actor, Organisation
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ActionKind, SpreadDimension, SpreadKind
from problemorienterat.labels import ENUM_OF_FIELD, FIELD_LABELS, event_label, label

FULL_VERIFY_MAX_EVENTS = 20_000
"""Up to this many stored events a page request verifies the whole chain; above it only the
case's own events, so the page stays quick on a large store."""

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")
_MAX_TEXT = 120
_MAX_SUMMARY = 260

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

_NOT_SHOWN = frozenset(
    {
        "municipality",
        "finding_id",
        "citizen_promise_id",
        "focus_area_id",
        "named_persons",
    }
)


# ---------------------------------------------------------------------------- time


@dataclass(frozen=True)
class Moment:
    """A time for ``<time datetime="iso">text</time>``: Swedish local time as text."""

    iso: str
    text: str

    @classmethod
    def of(cls, moment: datetime) -> Moment:
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        local = aware.astimezone(SWEDISH_TIME)
        return cls(aware.isoformat(timespec="seconds"), local.strftime("%Y-%m-%d %H:%M"))


# ---------------------------------------------------------------------------- events


@dataclass(frozen=True)
class EventLine:
    """One event of the timeline."""

    position: int | None
    version: int
    time: Moment
    label: str
    who: str
    summary: str


def who(actor: Actor | None) -> str:
    """ "Name (organisation, role)" of the actor, or "okänd" for an event without one."""
    if actor is None:
        return "okänd"
    return f"{actor.name} ({label(actor.organisation)}, {label(actor.role)})"


def event_lines(
    entries: list[HistoryEntry],
    group_name: Callable[[str], str],
    action_title: Callable[[str], str],
) -> list[EventLine]:
    """The case's events as timeline lines; ``group_name`` and ``action_title`` name the
    working groups and actions the events refer to by id."""
    return [
        EventLine(
            position=entry.position,
            version=entry.version,
            time=Moment.of(entry.timestamp),
            label=event_label(entry.event_type),
            who=who(entry.actor),
            summary=summary(entry.payload, group_name, action_title),
        )
        for entry in entries
    ]


def summary(
    payload: Mapping[str, Any],
    group_name: Callable[[str], str],
    action_title: Callable[[str], str],
) -> str:
    """What an event recorded, in one short Swedish line ("" when it records only that it
    happened, e.g. Analysen påbörjades)."""
    parts: list[str] = []
    for key, value in payload.items():
        if value is None or key in _NOT_SHOWN:
            continue
        if key == "group_id":
            parts.append(f"Arbetsgrupp: {group_name(str(value))}")
        elif key == "action_id":
            parts.append(f"Åtgärd: {action_title(str(value))}")
        elif key == "measure" and isinstance(value, Mapping):
            parts.append(f"Mätning: {measure_text(value)}")
        elif key == "action" and isinstance(value, Mapping):
            parts.append(f"Åtgärd: {_action_text(value)}")
        elif key == "effort" and isinstance(value, Mapping):
            parts.append(f"Insats: {_effort_text(value)}")
        elif key == "spread" and isinstance(value, Mapping):
            parts.append(_spread_text(value))
        else:
            parts.append(f"{_field(key)}: {_value(key, value)}")
    named = payload.get("named_persons") or []
    if named:
        parts.append(f"{len(named)} namngivna personer (visas inte här)")
    return _short("; ".join(p for p in parts if p), _MAX_SUMMARY)


def measure_text(measure: Mapping[str, Any]) -> str:
    value = _number(measure.get("value"))
    return (
        f"{measure.get('indicator', '')}, {measure.get('area', '')}: {value} "
        f"{measure.get('unit', '')} ({measure.get('period_start', '')} – "
        f"{measure.get('period_end', '')})"
    )


def _action_text(action: Mapping[str, Any]) -> str:
    kind = _enum_label(ActionKind, action.get("kind"))
    return (
        f"{_short(str(action.get('title', '')))} ({kind.lower()}, "
        f"{action.get('start_date', '')} – {action.get('due_date', '')}, ansvarig: "
        f"{_enum_label(Organisation, action.get('responsible_organisation'))})"
    )


def _effort_text(effort: Mapping[str, Any]) -> str:
    return (
        f"{_short(str(effort.get('partner', '')))}: {_number(effort.get('hours'))} timmar, "
        f"{_number(effort.get('cost_sek'))} kr"
    )


def _spread_text(spread: Mapping[str, Any]) -> str:
    kind = _enum_label(SpreadKind, spread.get("kind"))
    dimension = _enum_label(SpreadDimension, spread.get("dimension"))
    where = f" ({dimension.lower()})" if dimension else ""
    return f"{kind}{where}: {_short(str(spread.get('description', '')))}"


def _field(key: str) -> str:
    return FIELD_LABELS.get(key, key.replace("_", " ").capitalize())


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if key in ENUM_OF_FIELD:
        return _enum_label(ENUM_OF_FIELD[key], value)
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, list):
        return ", ".join(_short(str(v)) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{_field(k)}: {_short(str(v))}" for k, v in value.items() if v)
    return _short(str(value))


def _enum_label(enum_class: type[Enum], raw: Any) -> str:
    try:
        return label(enum_class(raw))
    except (ValueError, KeyError):
        return "" if raw is None else str(raw)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",") if value is not None else ""


def _short(text: str, limit: int = _MAX_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def date_text(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


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
    """Working group names and action titles, looked up once per page."""

    def __init__(self, application: ProblemorienteratApp, latest: Problem | None) -> None:
        self._application = application
        self._groups: dict[str, str] = {}
        self._actions = (
            {key: action.title for key, action in latest.actions.items()} if latest else {}
        )

    def group(self, group_id: str) -> str:
        if group_id not in self._groups:
            try:
                self._groups[group_id] = self._application.get_group(UUID(group_id)).name
            except (NotFoundError, ValueError):
                self._groups[group_id] = "okänd arbetsgrupp"
        return self._groups[group_id]

    def action(self, action_id: str) -> str:
        try:
            key = UUID(action_id).hex
        except ValueError:
            return "okänd åtgärd"
        return _short(self._actions.get(key, "okänd åtgärd"))
