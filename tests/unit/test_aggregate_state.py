"""How aggregates keep their state, the rule the aggregate cache's cheap copy relies on.

An aggregate's attributes hold immutable values, or lists, dicts and sets of immutable
values; events change a container (append, set an item to a new frozen value), never an
item inside one. Then a copy with new containers is a copy of its own (see
``problemorienterat.infrastructure.aggregate_cache``). Checked on every aggregate of the demo
municipality, which takes every kind of aggregate through its events.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import pytest
from builders import in_analysis
from support import MEMBER, SYSTEM

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.demo import add_demo_users, load_demo
from problemorienterat.domain import (
    access_log,
    agreement,
    citizen_promise,
    erasure,
    grannsamverkan,
    municipality,
    problem,
    situation_picture,
    user,
    working_group,
)
from problemorienterat.domain.sara import TriangleSide
from problemorienterat.infrastructure.aggregate_cache import copy_aggregate

_ATOMS = (type(None), bool, int, float, str, bytes, UUID, date, datetime, time, Decimal, Enum)
_CONTAINERS = (list, dict, set)


def _mutable_parts(value: Any, path: str) -> Iterator[str]:
    """The paths below ``value`` that could be changed in place."""
    if isinstance(value, _ATOMS):
        return
    if isinstance(value, tuple | frozenset):
        for i, item in enumerate(value):
            yield from _mutable_parts(item, f"{path}[{i}]")
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
            yield f"{path} ({type(value).__name__} is not frozen)"
        for field in dataclasses.fields(value):
            yield from _mutable_parts(getattr(value, field.name), f"{path}.{field.name}")
        return
    yield f"{path} ({type(value).__name__})"


def _violations(aggregate: Any) -> list[str]:
    found = []
    for name, value in vars(aggregate).items():
        if name == "_pending_events":
            continue
        if type(value) in _CONTAINERS:
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                found += _mutable_parts(key, f"{name} key")
                found += _mutable_parts(item, f"{name}[{key!r}]")
        else:
            found += _mutable_parts(value, name)
    return found


@pytest.fixture(scope="module")
def demo_aggregates() -> list[Any]:
    app = ProblemorienteratApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    try:
        demo = load_demo(app, year=2026)
        logins = add_demo_users(app, demo.municipality, demo.groups["UNG-gruppen"])
        app.end_web_session(logins[0].user_id, "a-session-digest")
        app.revoke_user(SYSTEM, logins[-1].user_id)
        ids = {
            n.originator_id for n in app.recorder.select_notifications(start=None, limit=1_000_000)
        }
        return [app.repository.get(i) for i in ids]
    finally:
        app.close()


def test_every_aggregate_keeps_its_state_in_immutable_values_or_containers_of_them(
    demo_aggregates: list[Any],
) -> None:
    violations = {f"{type(a).__name__} {a.id}": v for a in demo_aggregates if (v := _violations(a))}
    assert not violations


def test_the_demo_holds_every_kind_of_aggregate(demo_aggregates: list[Any]) -> None:
    """So the rule above is checked on each of them (the erasure and the access log have
    no container state)."""
    kinds = {type(a) for a in demo_aggregates}
    expected = {
        agreement.Agreement,
        citizen_promise.CitizenPromise,
        grannsamverkan.GrannsamverkanArea,
        municipality.Municipality,
        municipality.ReferenceCounter,
        municipality.ReferencePrefixClaim,
        problem.Problem,
        situation_picture.SituationPicture,
        user.User,
        user.TokenIndex,
        working_group.WorkingGroup,
    }
    assert expected <= kinds, expected - kinds
    assert {access_log.AccessLog, erasure.PersonalDataErasure}.isdisjoint(expected)


def test_the_check_finds_state_that_could_change_in_place() -> None:
    @dataclasses.dataclass(frozen=True)
    class Note:
        lines: list[str]

    class Holder:
        def __init__(self) -> None:
            self.notes = [Note(["a"])]
            self.settings = {"k": {"nested": 1}}
            self.fine = (Note.__name__, 1)

    assert _violations(Holder()) == ["notes[0].lines (list)", "settings['k'] (dict)"]


def test_changing_a_copy_leaves_the_original_as_it_was(app: ProblemorienteratApp) -> None:
    problem_id = in_analysis(app)
    original = app.get_problem(problem_id)
    findings = list(original.findings)

    copy = copy_aggregate(original)
    copy.record_finding(MEMBER, side=TriangleSide.PLACE, description="Bara i kopian.")

    assert original.findings == findings
    assert original.version == copy.version - 1
    assert not original.pending_events
