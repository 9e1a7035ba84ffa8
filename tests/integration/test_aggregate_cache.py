"""The aggregate cache: commands skip replaying their aggregate, and never see stale state."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import pytest
from builders import a_group, identified, in_analysis, with_recorded_member
from support import BRA, MEMBER, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import Priority, TriangleSide
from problemorienterat.domain.working_group import WorkingGroup
from problemorienterat.infrastructure.aggregate_cache import ExpiringCache
from problemorienterat.infrastructure.library_compat import aggregate_cache_of


def test_a_command_sees_what_another_process_saved_after_the_aggregate_was_cached(
    store_app: ProblemorienteratApp, database_url: str, tmp_path: Path
) -> None:
    """Two servers on one store: the second one's save is in the first one's next load,
    and a command based on the cached version is not lost or overwritten."""
    problem_id = in_analysis(store_app)
    store_app.record_cause(MEMBER, problem_id, description="Mörk gångväg.")  # now cached
    other = make_app(database_url, tmp_path)
    try:
        other.record_cause(MEMBER, problem_id, description="Ingen vuxen närvaro.")
        result = store_app.record_cause(MEMBER, problem_id, description="Öppen skolgård.")
    finally:
        other.close()

    causes = list(store_app.get_problem(problem_id).causes)
    assert causes == ["Mörk gångväg.", "Ingen vuxen närvaro.", "Öppen skolgård."]
    assert result.version == store_app.get_problem(problem_id).version


def test_changing_a_loaded_aggregate_without_saving_it_leaves_the_cached_one_alone(
    store_app: ProblemorienteratApp,
) -> None:
    """Every load is a copy of its own: a command that fails after changing its copy (or
    two commands at once) cannot leave a change in memory that was never stored."""
    problem_id = in_analysis(store_app)
    loaded = store_app.get_problem(problem_id)
    loaded.record_finding(MEMBER, side=TriangleSide.PLACE, description="Aldrig sparad.")

    again = store_app.get_problem(problem_id)

    assert again.version == loaded.version - 1
    assert not again.findings


class _State:
    """Stands in for an aggregate: attributes holding a value and a container."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.items = [1]


def test_cached_entries_expire_after_their_age_limit() -> None:
    """An aggregate older than the age limit is read from the store again (so an erasure
    made by another process reaches this one within the vault's own bound)."""
    now = [100.0]
    cache = ExpiringCache(maxsize=10, max_age=10.0, clock=lambda: now[0])
    key = uuid4()
    cache.put(key, _State(3))

    now[0] = 109.9
    assert cache.get(key).version == 3
    now[0] = 110.0
    try:
        cache.get(key)
    except KeyError:
        pass
    else:
        raise AssertionError("an expired entry was handed out")


def test_each_read_from_the_cache_is_a_separate_copy() -> None:
    """Two readers of one cached aggregate never share an object, nor its containers; nor
    does the one who put it there."""
    cache = ExpiringCache(maxsize=10, max_age=10.0)
    key = uuid4()
    saved = _State(3)
    cache.put(key, saved)
    saved.items.append(9)
    first = cache.get(key)
    first.items.append(2)
    first.version = 4

    again = cache.get(key)
    assert (again.version, again.items) == (3, [1])
    assert again is not first


def test_the_cache_can_be_turned_off(tmp_path: Path, sqlite_url: str) -> None:
    """``PROBLEMORIENTERAT_AGGREGATE_CACHE_SIZE=0`` replays every aggregate from the store."""
    app = make_app(sqlite_url, tmp_path, PROBLEMORIENTERAT_AGGREGATE_CACHE_SIZE="0")
    try:
        assert aggregate_cache_of(app.repository) is None
    finally:
        app.close()


def test_a_problem_checked_by_the_request_is_handed_to_its_use_case_once(
    store_app: ProblemorienteratApp,
) -> None:
    """The problem a request loaded to check who may change it is the one the use case
    changes (not read a second time); any further load reads the store again."""
    problem_id = in_analysis(store_app)
    checked = store_app.get_problem(problem_id)

    with store_app.reusing(checked):
        first = store_app.get_problem(problem_id)
        second = store_app.get_problem(problem_id)
    after = store_app.get_problem(problem_id)

    assert first is checked
    assert second is not checked
    assert after is not checked
    assert second.version == after.version == checked.version


def test_a_changed_but_unsaved_problem_is_never_handed_on(
    store_app: ProblemorienteratApp,
) -> None:
    """An object with changes not yet saved is not reused: the use case reads the store."""
    problem_id = in_analysis(store_app)
    checked = store_app.get_problem(problem_id)
    checked.record_finding(MEMBER, side=TriangleSide.PLACE, description="Ej sparad.")

    with store_app.reusing(checked):
        loaded = store_app.get_problem(problem_id)

    assert loaded is not checked
    assert not loaded.findings


def test_a_problem_and_its_group_read_together_show_what_another_process_saved(
    store_app: ProblemorienteratApp, database_url: str, tmp_path: Path
) -> None:
    """A command reads the problem and the working group that decides who may act on it in
    one read: a member removed, and a cause recorded, by another server are both seen."""
    group_id = a_group(store_app)
    with_recorded_member(
        store_app, group_id, Actor("u-1", "Amina", Organisation.KOMMUN, Role.MEMBER)
    )
    problem_id = identified(store_app, group_id=group_id)
    reference = store_app.get_problem(problem_id).reference
    problem, group = store_app.find_problem_with_group(reference)  # both cached now
    assert group is not None
    assert "u-1" in group.members
    other = make_app(database_url, tmp_path)
    try:
        other.remove_member(BRA, group_id, user_id="u-1")
        other.prioritise(BRA, problem_id, priority=Priority.HIGH, reason="Upprepas.")
    finally:
        other.close()

    problem, group = store_app.find_problem_with_group(reference)

    assert group is not None
    assert group.id == group_id
    assert "u-1" not in group.members
    assert problem.priority is Priority.HIGH
    assert problem.version == store_app.repository.get(problem_id).version


def test_a_problem_moved_to_another_group_is_not_read_with_its_old_group(
    store_app: ProblemorienteratApp, database_url: str, tmp_path: Path
) -> None:
    first, second = a_group(store_app, "UNG-gruppen"), a_group(store_app, "Grannsamverkan")
    problem_id = identified(store_app, group_id=first)
    reference = store_app.get_problem(problem_id).reference
    store_app.find_problem_with_group(reference)  # cached with the first group
    other = make_app(database_url, tmp_path)
    try:
        other.assign_group(BRA, problem_id, group_id=second)
    finally:
        other.close()

    problem, group = store_app.find_problem_with_group(reference)

    assert problem.group_id == second
    assert group is None  # not the first group; the caller reads the second on its own


def test_reading_together_refuses_an_aggregate_of_another_kind(
    store_app: ProblemorienteratApp,
) -> None:
    group_id = a_group(store_app)
    problem_id = identified(store_app, group_id=group_id)
    store_app.get_problem(problem_id)
    store_app.get_group(group_id)

    with pytest.raises(NotFoundError):
        store_app.load_together((Problem, group_id), (WorkingGroup, problem_id))
