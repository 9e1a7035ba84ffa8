"""Every aggregate is snapshotted: a long-lived one loads from its latest snapshot plus at
most 49 events, and the state it loads is the state its events give when replayed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.application.app import SNAPSHOT_EVERY
from problemorienterat.config import store_env
from problemorienterat.demo import DemoData, load_demo
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.base import MunicipalAggregate
from problemorienterat.domain.lookup import Lookup, LookupBuilt
from problemorienterat.domain.working_group import GroupKind, WorkingGroup

BRA = Actor("bra-1", "Lokala BRÅ", Organisation.KOMMUN, Role.BRA)


@pytest.fixture(scope="module")
def demo_app(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ProblemorienteratApp, DemoData]]:
    directory = tmp_path_factory.mktemp("snapshots")
    app = ProblemorienteratApp(env=store_env(f"sqlite:///{directory / 'demo.db'}", directory))
    demo = load_demo(app, year=2026)
    app.add_user(
        Actor.system(),
        name="Fältsekreterare",
        organisation=Organisation.KOMMUN,
        role=Role.MEMBER,
        municipalities=["1882"],
    )
    yield app, demo
    app.close()


def _subclasses(cls: type[Any]) -> set[type[Any]]:
    found = set()
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("problemorienterat.domain"):
            found.add(sub)
        found |= _subclasses(sub)
    return found


def _replayed(app: ProblemorienteratApp, aggregate_id: UUID) -> Any:
    aggregate = None
    for event in app.repository.event_store.get(aggregate_id):
        aggregate = event.mutate(aggregate)
    return aggregate


def test_every_aggregate_of_the_domain_is_snapshotted() -> None:
    """A new aggregate class gets snapshots too, or this names it."""
    domain = {c for c in _subclasses(Aggregate) if not c.__name__.startswith("_")}
    domain -= {MunicipalAggregate, Lookup, LookupBuilt}  # bases, never stored themselves
    missing = {c.__name__ for c in domain} - {
        c.__name__ for c in ProblemorienteratApp.snapshotting_intervals
    }
    assert missing == set()


def test_a_snapshot_of_every_aggregate_in_the_demo_loads_the_state_its_events_give(
    demo_app: tuple[ProblemorienteratApp, DemoData],
) -> None:
    app, _ = demo_app
    assert app.snapshots is not None
    ids = {n.originator_id for n in app.recorder.select_notifications(start=1, limit=100_000)}
    kinds: set[str] = set()
    for aggregate_id in ids:
        replayed = _replayed(app, aggregate_id)
        app.take_snapshot(aggregate_id)
        app.repository.cache = None  # type: ignore[assignment]  # read the snapshot, not a copy
        loaded = app.repository.get(aggregate_id)
        assert vars(loaded) == vars(replayed), type(replayed).__name__
        kinds.add(type(loaded).__name__)
    assert {"Problem", "WorkingGroup", "User", "GrannsamverkanArea", "CitizenPromise"} <= kinds


def test_a_working_group_with_years_of_members_loads_from_its_snapshot(tmp_path: Path) -> None:
    """120 membership events: the saves snapshot it at 50 and 100; the load replays 20."""
    app = ProblemorienteratApp(env=store_env(f"sqlite:///{tmp_path / 'g.db'}", tmp_path))
    try:
        app.register_municipality(BRA, code="1882", name="Kungsör", reference_prefix="KUN")
        group_id = app.establish_group(
            BRA, municipality="1882", name="UNG-gruppen", kind=GroupKind.YOUTH, mandate="M."
        ).aggregate_id
        for n in range(60):
            group: WorkingGroup = app.repository.get(group_id)
            group.add_member(
                BRA, user_id=f"u{n}", name=f"Medlem {n}", organisation=Organisation.KOMMUN
            )
            group.remove_member(BRA, user_id=f"u{n}") if n % 2 else None
            app.save(group)
        assert app.snapshots is not None
        versions = [s.originator_version for s in app.snapshots.recorder.select_events(group_id)]
        latest = app.repository.get(group_id).version
        assert versions
        assert max(versions) > latest - SNAPSHOT_EVERY
        assert vars(app.repository.get(group_id)) == vars(_replayed(app, group_id))
    finally:
        app.close()
