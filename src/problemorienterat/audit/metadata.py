"""Who, when, what and where of each stored event, indexed beside the (encrypted) payloads.

The application computes one :class:`EventMetadata` per event it saves and hands the list to
the recorder, which writes it in the same transaction as the events (table
``<events table>_index``). Time travel ("the state as of 12 March") and the audit feed
("everything Erik recorded in May") read this index instead of decoding the whole store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

KWARG = "event_metadata"


@dataclass(frozen=True)
class EventMetadata:
    originator_id: UUID
    originator_version: int
    timestamp: datetime
    topic: str
    event_type: str
    actor_user_id: str
    actor_organisation: str
    actor_role: str
    municipality: str


def metadata_for(events: Sequence[Any], aggregates: Mapping[Any, Any]) -> list[EventMetadata]:
    """Metadata of each event, in the order the events will be stored."""
    rows = []
    for event in events:
        actor = getattr(event, "actor", None)
        aggregate = aggregates.get(event.originator_id)
        rows.append(
            EventMetadata(
                originator_id=event.originator_id,
                originator_version=event.originator_version,
                timestamp=event.timestamp,
                topic=get_topic(type(event)),
                event_type=type(event).__qualname__,
                actor_user_id=getattr(actor, "user_id", ""),
                actor_organisation=getattr(getattr(actor, "organisation", None), "value", ""),
                actor_role=getattr(getattr(actor, "role", None), "value", ""),
                municipality=getattr(aggregate, "municipality", ""),
            )
        )
    return rows


def stored_time(moment: datetime) -> str:
    """UTC with microseconds, so text comparison (SQLite) orders like time."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def index_rows(ids: Sequence[int], metadata: Sequence[EventMetadata]) -> list[tuple[Any, ...]]:
    """Rows for the index table: position first, then the metadata fields."""
    return [
        (
            position,
            m.originator_id.hex,
            m.originator_version,
            stored_time(m.timestamp),
            m.event_type,
            m.actor_user_id,
            m.actor_organisation,
            m.actor_role,
            m.municipality,
        )
        for position, m in zip(ids, metadata, strict=True)
    ]


INDEX_COLUMNS = (
    "position, originator_id, originator_version, timestamp, event_type, "
    "actor_user_id, actor_organisation, actor_role, municipality"
)
