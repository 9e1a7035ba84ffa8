"""Recompute the hash chain over the stored events and say where, if anywhere, it breaks;
and check that every person whose key is missing was erased on the record."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from uuid import UUID

from problemorienterat.audit.chain import GENESIS, link
from problemorienterat.audit.ports import ChainStore, StoredRow


@dataclass(frozen=True)
class Verification:
    """The outcome of a verification: intact up to ``head``, or broken at ``break_position``."""

    events: int
    head_position: int
    head: bytes
    break_position: int | None = None
    problem: str | None = None
    # Persons whose sealed values the events hold, whose key is missing, and whose erasure
    # no event records: their key was deleted outside the application.
    keys_missing: tuple[UUID, ...] = ()
    # The events this verification recomputed, and the position it started after (0: the
    # whole chain; else a verified state, e.g. a signed checkpoint's).
    walked: int = 0
    started_after: int = 0

    @property
    def intact(self) -> bool:
        return self.break_position is None and not self.keys_missing

    def summary(self) -> str:
        if self.intact:
            return f"intact, {self.events} events, head {self.head.hex()} at {self.head_position}"
        if self.break_position is None:
            return (
                f"NOT INTACT: {self.problem} ({self.events} events verified, head "
                f"{self.head.hex()} at {self.head_position})"
            )
        return (
            f"BROKEN at position {self.break_position}: {self.problem} "
            f"({self.events} events verified before it)"
        )


@dataclass(frozen=True)
class ChainState:
    """Where a verified chain stands: its last position, its link there, its event count."""

    position: int
    head: bytes
    events: int


KEYS_MISSING = (
    "a person's key is missing and no erasure of them is recorded (deleted outside the application)"
)
_LISTED = 20  # subject ids named in the problem; the rest are counted


def verify_chain(
    store: ChainStore,
    progress: Callable[[int], None] | None = None,
    inspect: Callable[[StoredRow], None] | None = None,
    start: ChainState | None = None,
) -> Verification:
    """Walk events and chain links together in position order and recompute every link;
    ``inspect`` sees each event whose link holds. From ``start`` (a state verified before)
    only the events after it are read."""
    begin = start or ChainState(0, GENESIS, 0)
    previous, head_position, count = begin.head, begin.position, begin.events
    events: Iterator[StoredRow] = store.events(after=begin.position)
    links: Iterator[tuple[int, bytes]] = store.links(after=begin.position)
    event = next(events, None)
    chained = next(links, None)

    def broken(position: int, problem: str) -> Verification:
        return Verification(
            count,
            head_position,
            previous,
            position,
            problem,
            walked=count - begin.events,
            started_after=begin.position,
        )

    while event is not None or chained is not None:
        if chained is None or (event is not None and event.position < chained[0]):
            assert event is not None
            return broken(event.position, "an event that was never chained (inserted afterwards)")
        if event is None or chained[0] < event.position:
            return broken(chained[0], "a chained event is missing (deleted)")
        expected = link(
            previous,
            position=event.position,
            originator_id=event.originator_id,
            version=event.originator_version,
            topic=event.topic,
            state=event.state,
        )
        if expected != chained[1]:
            return broken(
                event.position,
                "the stored event differs from what was chained (edited, moved or reordered)",
            )
        if inspect is not None:
            inspect(event)
        previous, head_position, count = chained[1], event.position, count + 1
        if progress is not None and count % 1000 == 0:
            progress(count)
        event, chained = next(events, None), next(links, None)
    return Verification(
        count,
        head_position,
        previous,
        walked=count - begin.events,
        started_after=begin.position,
    )


def with_erasures_checked(
    verification: Verification,
    referenced: Collection[UUID],
    keyed: Collection[UUID],
    erased_on_record: Collection[UUID],
) -> Verification:
    """Add to an intact chain's verification the persons the events hold sealed values of
    (``referenced``) whose key is missing (not in ``keyed``) and whose erasure is not
    recorded (not in ``erased_on_record``): each was erased silently, by deleting their key
    outside the application. The problem names their ids only."""
    if not verification.intact:
        return verification
    missing = tuple(sorted(set(referenced) - set(keyed) - set(erased_on_record)))
    if not missing:
        return verification
    named = ", ".join(subject.hex for subject in missing[:_LISTED])
    more = f" and {len(missing) - _LISTED} more" if len(missing) > _LISTED else ""
    return replace(
        verification, keys_missing=missing, problem=f"{KEYS_MISSING}: subject {named}{more}"
    )
