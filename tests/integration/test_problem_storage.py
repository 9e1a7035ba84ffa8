"""The SARA life cycle on real stores: SQLite and PostgreSQL, the same tests on each."""

from __future__ import annotations

import threading
from pathlib import Path
from uuid import UUID

import pytest
from builders import analysed, approved, in_analysis, responding, submitted
from support import BRA, MEMBER, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.errors import ConcurrentWriteError, VersionConflictError
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ReviewStatus, Stage, TriangleSide


def test_a_whole_sara_cycle_is_stored_and_loads_back_identically(
    store_app: ProblemorienteratApp, database_url: str, tmp_path: Path
) -> None:
    """A problem taken from Identifiera to closed loads the same in a new process."""
    problem_id = approved(store_app)
    store_app.close_problem(BRA, problem_id)
    problem = store_app.get_problem(problem_id)
    assert problem.stage is Stage.CLOSED

    other_process = make_app(database_url, tmp_path)
    try:
        reloaded = other_process.get_problem(problem_id)
        assert reloaded == problem
        assert reloaded.review_status is ReviewStatus.APPROVED
        assert reloaded.action(next(iter(problem.actions.values())).action_id).technique
    finally:
        other_process.close()


def test_a_problem_as_of_an_earlier_version_shows_what_was_known_then(
    store_app: ProblemorienteratApp,
) -> None:
    """The state when the BRÅ approved is still there after the problem moved on."""
    problem_id = submitted(store_app)
    version_when_submitted = store_app.get_problem(problem_id).version
    store_app.return_assessment(BRA, problem_id, comments="Komplettera med kontrollområde.")
    then = store_app.get_problem(problem_id, version=version_when_submitted)
    now = store_app.get_problem(problem_id)
    assert then.review_status is ReviewStatus.SUBMITTED
    assert now.review_status is ReviewStatus.RETURNED


def test_a_stale_writer_gets_a_conflict_and_nothing_is_overwritten(
    store_app: ProblemorienteratApp, database_url: str, tmp_path: Path
) -> None:
    """Two processes change the same problem from the same version: one wins, one is refused."""
    problem_id = in_analysis(store_app)
    other_process = make_app(database_url, tmp_path)
    try:
        mine = store_app.get_problem(problem_id)
        theirs = other_process.get_problem(problem_id)
        mine.record_cause(MEMBER, description="Min orsak.")
        theirs.record_cause(MEMBER, description="Deras orsak.")
        store_app.commit(mine)
        with pytest.raises(ConcurrentWriteError):
            other_process.commit(theirs)
    finally:
        other_process.close()
    assert store_app.get_problem(problem_id).causes == ["Min orsak."]


def test_if_match_on_a_stale_version_is_refused_before_anything_is_written(
    store_app: ProblemorienteratApp,
) -> None:
    """A client that saw version N cannot change version N+1 unknowingly."""
    problem_id = in_analysis(store_app)
    seen = store_app.get_problem(problem_id).version
    store_app.record_cause(MEMBER, problem_id, description="Första.")
    before = store_app.recorder.max_notification_id()
    with pytest.raises(VersionConflictError):
        store_app.record_cause(MEMBER, problem_id, description="Andra.", expected_version=seen)
    assert store_app.recorder.max_notification_id() == before


def test_concurrent_writers_never_lose_an_update(store_app: ProblemorienteratApp) -> None:
    """Threads recording findings at once: every reported success is stored, once."""
    problem_id = in_analysis(store_app)
    succeeded: list[str] = []
    conflicts: list[str] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        for i in range(5):
            text = f"Fynd {n}-{i}"
            try:
                store_app.record_finding(
                    MEMBER, problem_id, side=TriangleSide.PLACE, description=text
                )
            except ConcurrentWriteError:
                with lock:
                    conflicts.append(text)
            else:
                with lock:
                    succeeded.append(text)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = [f.description for f in store_app.get_problem(problem_id).findings]
    assert sorted(stored) == sorted(succeeded)
    assert len(stored) + len(conflicts) == 20


def test_references_stay_unique_when_problems_are_identified_at_once(
    store_app: ProblemorienteratApp,
) -> None:
    """Concurrent identification never hands out one reference twice."""
    from builders import a_group, identified

    group_id = a_group(store_app)
    ids: list[UUID] = []
    lock = threading.Lock()

    def identify() -> None:
        for _ in range(5):
            problem_id = identified(store_app, group_id=group_id)
            with lock:
                ids.append(problem_id)

    threads = [threading.Thread(target=identify) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    references = [store_app.get_problem(i).reference for i in ids]
    assert len(set(references)) == 15
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    assert numbers == list(range(1, 16))


def test_a_long_lived_problem_loads_from_a_snapshot_with_the_same_state(
    store_app: ProblemorienteratApp, database_url: str, tmp_path: Path
) -> None:
    """After 50 events a snapshot is taken; loading from it equals replaying every event."""
    problem_id, _ = responding(store_app)
    while store_app.get_problem(problem_id).version < 120:
        store_app.record_lesson(MEMBER, problem_id, lesson="Samverkan tar tid.")
    assert store_app.snapshots is not None
    snapshots = list(store_app.snapshots.get(problem_id))
    assert [s.originator_version for s in snapshots] == [50, 100]

    from_snapshot = store_app.get_problem(problem_id)
    replayer = make_app(database_url, tmp_path, IS_SNAPSHOTTING_ENABLED="n")
    try:
        assert replayer.snapshots is None
        replayed = replayer.get_problem(problem_id)
    finally:
        replayer.close()
    assert from_snapshot == replayed
    assert from_snapshot.version == replayed.version >= 120


def test_state_rebuilt_from_stored_events_equals_the_state_that_made_them(
    store_app: ProblemorienteratApp,
) -> None:
    """Replaying the stored events one by one gives the aggregate the commands produced."""
    problem_id = analysed(store_app)
    events = list(store_app.events.get(problem_id))
    rebuilt: Problem | None = None
    for event in events:
        rebuilt = event.mutate(rebuilt)  # type: ignore[attr-defined]
    assert rebuilt == store_app.get_problem(problem_id)
