"""Recompute the hash chain over the stored events and say where, if anywhere, it breaks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

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

    @property
    def intact(self) -> bool:
        return self.break_position is None

    def summary(self) -> str:
        if self.intact:
            return f"intact, {self.events} events, head {self.head.hex()} at {self.head_position}"
        return (
            f"BROKEN at position {self.break_position}: {self.problem} "
            f"({self.events} events verified before it)"
        )


def verify_chain(store: ChainStore, progress: Callable[[int], None] | None = None) -> Verification:
    """Walk events and chain links together in position order and recompute every link."""
    previous, head_position, count = GENESIS, 0, 0
    events: Iterator[StoredRow] = store.events()
    links: Iterator[tuple[int, bytes]] = store.links()
    event = next(events, None)
    chained = next(links, None)

    def broken(position: int, problem: str) -> Verification:
        return Verification(count, head_position, previous, position, problem)

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
        previous, head_position, count = chained[1], event.position, count + 1
        if progress is not None and count % 1000 == 0:
            progress(count)
        event, chained = next(events, None), next(links, None)
    return Verification(count, head_position, previous)
