"""A case's events are read whole once, then only the ones recorded since; whole again once
they are older than the key cache lets a decrypted value live, or after an erasure."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from problemorienterat.infrastructure.case_events import CaseEvents


@dataclass(frozen=True)
class Event:
    originator_version: int


class Store:
    def __init__(self) -> None:
        self.events: dict[UUID, list[Event]] = {}
        self.reads: list[tuple[UUID, int]] = []

    def read(self, aggregate_id: UUID, after: int) -> list[Event]:
        self.reads.append((aggregate_id, after))
        return [e for e in self.events[aggregate_id] if e.originator_version > after]


def test_events_are_read_whole_once_then_only_the_newer_ones() -> None:
    store, case = Store(), uuid4()
    store.events[case] = [Event(1), Event(2)]
    cache = CaseEvents(store.read, max_age=10, clock=lambda: 0.0)
    assert [e.originator_version for e in cache.of(case)] == [1, 2]
    store.events[case].append(Event(3))
    assert [e.originator_version for e in cache.of(case)] == [1, 2, 3]
    assert store.reads == [(case, 0), (case, 2)]


def test_events_older_than_the_age_or_after_an_erasure_are_read_whole_again() -> None:
    store, case, now = Store(), uuid4(), [0.0]
    store.events[case] = [Event(1)]
    cache = CaseEvents(store.read, max_age=10, clock=lambda: now[0])
    cache.of(case)
    now[0] = 10.0
    cache.of(case)
    cache.clear()
    cache.of(case)
    assert store.reads == [(case, 0), (case, 0), (case, 0)]


def test_only_the_most_recent_cases_are_kept() -> None:
    store = Store()
    cases = [uuid4() for _ in range(3)]
    for case in cases:
        store.events[case] = [Event(1)]
    cache = CaseEvents(store.read, size=2, max_age=10, clock=lambda: 0.0)
    for case in cases:
        cache.of(case)
    cache.of(cases[0])  # evicted: read whole again
    assert store.reads[-1] == (cases[0], 0)
