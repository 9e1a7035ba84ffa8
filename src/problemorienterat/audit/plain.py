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


def aggregate_state(aggregate: Any) -> dict[str, Any]:
    """The recorded facts of an aggregate as plain values."""
    return {
        name.lstrip("_"): plain(value)
        for name, value in vars(aggregate).items()
        if name not in _BOOKKEEPING
    }


def state_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Which facts an event changed: field, value before, value after."""
    return [
        {"field": key, "before": before.get(key), "after": after.get(key)}
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    ]
