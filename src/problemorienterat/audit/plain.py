"""Domain values as plain JSON-able values, for histories, diffs and exports."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from problemorienterat.domain.personal_data import PersonalData
from problemorienterat.infrastructure.library_compat import AGGREGATE_BOOKKEEPING as _BOOKKEEPING


def plain(value: Any, *, visible: bool = True) -> Any:  # noqa: PLR0911 - one return per kind
    """Enums by value, value objects as dicts, ids and times as strings; recursively.
    Personal data shows its text only if ``visible`` (else ``[dold]``)."""
    if isinstance(value, PersonalData):
        return {"person": str(value.subject_id), "value": value.shown(visible=visible)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name), visible=visible)
            for f in dataclasses.fields(value)
        }
    if isinstance(value, dict):
        return {str(k): plain(v, visible=visible) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, visible=visible) for v in value]
    return value


def event_payload(event: Any) -> dict[str, Any]:
    """What the event recorded, without the bookkeeping every event has."""
    skip = {"originator_id", "originator_version", "timestamp", "actor", "originator_topic"}
    return {k: plain(v) for k, v in vars(event).items() if k not in skip}


class PlainStates:
    """An aggregate's states in turn as plain values (a history): after each event only the
    facts that event changed are converted again. Which changed is found by comparing each
    fact with a shallow copy of it taken after the event before (the aggregates' containers
    hold values that are never changed in place: frozen dataclasses, texts), so a long
    history costs a comparison per fact instead of converting the whole state after every
    event (a case of 2,000 events: a fraction of a second instead of half a minute)."""

    def __init__(self) -> None:
        self._raw: dict[str, Any] = {}
        self._plain: dict[str, Any] = {}
        self._values: dict[int, tuple[Any, Any]] = {}

    def after(self, aggregate: Any) -> dict[str, Any]:
        """The aggregate's facts as plain values, now that the next event is applied."""
        raw: dict[str, Any] = {}
        converted: dict[str, Any] = {}
        for name, value in vars(aggregate).items():
            if name in _BOOKKEEPING:
                continue
            key = name.lstrip("_")
            earlier = self._raw.get(key, _MISSING)
            if earlier is not _MISSING and (earlier is value or earlier == value):
                converted[key] = self._plain[key]
            elif _appended_to(earlier, value):
                # Only added to (findings, efforts, ...): the new items converted, the rest kept.
                converted[key] = [
                    *self._plain[key],
                    *(self._converted(v) for v in value[len(earlier) :]),
                ]
            else:
                converted[key] = self._converted(value)
            raw[key] = _copy_of(value)
        self._raw, self._plain = raw, converted
        return converted

    def _converted(self, value: Any) -> Any:
        """:func:`plain`, remembering each frozen value object of a container (it cannot
        change), so a container that grew is not converted again element by element."""
        if isinstance(value, dict):
            return {str(k): self._converted(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set):
            return [self._converted(v) for v in value]
        params = getattr(value, "__dataclass_params__", None)
        if params is None or not params.frozen or isinstance(value, type):
            return plain(value)
        seen = self._values.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        converted = plain(value)
        self._values[id(value)] = (value, converted)  # kept, so its id stays its own
        return converted


_MISSING = object()


def _appended_to(earlier: Any, value: Any) -> bool:
    """Whether the list ``value`` is the list ``earlier`` (a copy) with items added at its end."""
    return (
        isinstance(earlier, list)
        and isinstance(value, list)
        and len(value) > len(earlier)
        and value[: len(earlier)] == earlier
    )


def _copy_of(value: Any) -> Any:
    """A shallow copy of a container (a later change in place is then seen), else the value."""
    if isinstance(value, dict | list | set):
        return value.copy()
    return value


def aggregate_state(aggregate: Any) -> dict[str, Any]:
    """The recorded facts of an aggregate as plain values."""
    return {
        name.lstrip("_"): plain(value)
        for name, value in vars(aggregate).items()
        if name not in _BOOKKEEPING
    }


def state_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Which facts an event changed: field, value before, value after. A list the event
    only added to says what it added (``added``), and a mapping which entries it set or
    removed (``set``, ``removed``; a mapping of entries, each a value object), instead of
    repeating the whole list or mapping: a history then grows with what happened, not with
    the size of the case at each step."""
    changes: list[dict[str, Any]] = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list) and new[: len(old)] == old:
            changes.append({"field": key, "added": new[len(old) :]})
        elif isinstance(old, dict) and isinstance(new, dict) and _entries(old) and _entries(new):
            changes.append(
                {
                    "field": key,
                    "set": {k: v for k, v in new.items() if old.get(k, _MISSING) != v},
                    "removed": sorted(k for k in old if k not in new),
                }
            )
        else:
            changes.append({"field": key, "before": old, "after": new})
    return changes


def _entries(value: dict[str, Any]) -> bool:
    """A mapping of entries (each a value object: actions, members, answers by id), not a
    value object itself (whose before and after are shown whole)."""
    return all(isinstance(v, dict) for v in value.values())
