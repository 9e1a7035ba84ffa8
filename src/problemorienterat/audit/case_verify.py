"""Verify one record's events against the hash chain, without walking the whole store.

:func:`problemorienterat.audit.verify.verify_chain` recomputes every link of the store; on a
large store that takes seconds. :func:`verify_record` checks only the events of one record
(a case): for each position the event index lists for it, the row stored at that position
must be that event, and its link, recomputed from the link before it, must equal the stored
link. It finds an edited, moved or deleted event of the record, and an event of the record
that was never chained. It cannot see changes to other records' events, nor a chain that was
rewritten and recomputed from scratch: only a full verification against a signed checkpoint
proves that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

from problemorienterat.audit.chain import GENESIS, link
from problemorienterat.audit.ports import ChainStore, EventIndex, FeedFilter

NOT_CHAINED = "an event that was never chained (inserted afterwards)"
MISSING = "a chained event is missing (deleted)"
DIFFERS = "the stored event differs from what was chained (edited, moved or reordered)"
_PAGE = 1000


@dataclass(frozen=True)
class RecordVerification:
    """The outcome for one record: its ``events`` checked, or where the first one breaks
    (``break_position`` is None for an event the index never saw)."""

    events: int
    first_position: int | None
    last_position: int | None
    break_version: int | None = None
    break_position: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify_record(
    recorder: ApplicationRecorder,
    store: ChainStore,
    index: EventIndex,
    originator_id: UUID,
    municipality: str,
) -> RecordVerification:
    """Recompute the chain links of ``originator_id``'s events (see the module doc)."""
    positions = _indexed_positions(index, originator_id, municipality)
    stored_versions = {e.originator_version for e in recorder.select_events(originator_id)}
    ordered = sorted(positions.items(), key=lambda item: item[1])
    first = ordered[0][1] if ordered else None
    checked = 0
    last: int | None = None

    def broken(version: int, position: int | None, problem: str) -> RecordVerification:
        return RecordVerification(checked, first, last, version, position, problem)

    for version, position in ordered:
        if version not in stored_versions:
            return broken(version, position, MISSING)
        rows = recorder.select_notifications(start=position, limit=1, stop=position)
        row: Any = rows[0] if rows else None
        if row is None or row.id != position or not _same_event(row, originator_id, version):
            return broken(version, position, DIFFERS)
        chained = store.link_at(position)
        if chained is None:
            return broken(version, position, NOT_CHAINED)
        expected = link(
            store.link_before(position) or GENESIS,
            position=position,
            originator_id=originator_id,
            version=version,
            topic=row.topic,
            state=bytes(row.state),
        )
        if expected != chained:
            return broken(version, position, DIFFERS)
        checked += 1
        last = position
    unindexed = sorted(stored_versions - positions.keys())
    if unindexed:
        return broken(unindexed[0], None, NOT_CHAINED)
    return RecordVerification(checked, first, last)


def _same_event(row: Any, originator_id: UUID, version: int) -> bool:
    try:
        stored_id = (
            row.originator_id
            if isinstance(row.originator_id, UUID)
            else UUID(str(row.originator_id))
        )
    except ValueError:
        return False
    return stored_id == originator_id and int(row.originator_version) == version


def _indexed_positions(index: EventIndex, originator_id: UUID, municipality: str) -> dict[int, int]:
    """version → position of every event of the record the event index holds."""
    where = FeedFilter(municipalities=[municipality], originator_id=originator_id)
    positions: dict[int, int] = {}
    after = 0
    while True:
        page = index.feed(where, after=after, limit=_PAGE)
        positions.update((e.originator_version, e.position) for e in page)
        if len(page) < _PAGE:
            return positions
        after = page[-1].position
