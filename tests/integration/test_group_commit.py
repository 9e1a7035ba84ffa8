"""Group commit: commands arriving together share a transaction, and each is answered alone."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from builders import a_group, identified, in_analysis
from support import MEMBER, make_app

from problemorienterat.application import CommandResult, ProblemorienteratApp
from problemorienterat.domain.errors import ConcurrentWriteError
from problemorienterat.infrastructure.group_commit import GroupCommit


@contextmanager
def first_write_held(app: ProblemorienteratApp) -> Iterator[threading.Event]:
    """Hold the first transaction until the test sets the event, so that the commands sent
    meanwhile queue up behind it (as they do when a write takes a while)."""
    commit = app.group_commit
    assert isinstance(commit, GroupCommit)
    release = threading.Event()
    write = commit._write
    calls = [0]

    def held_write(events: Sequence[Any]) -> Any:
        calls[0] += 1
        if calls[0] == 1:
            release.wait(10)
        return write(events)

    commit._write = held_write
    try:
        yield release
    finally:
        release.set()
        commit._write = write


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "the commands never queued up"
        time.sleep(0.005)


def record_causes(
    app: ProblemorienteratApp, pool: ThreadPoolExecutor, problem_ids: list[UUID], text: str
) -> list[Future[CommandResult]]:
    return [
        pool.submit(app.record_cause, MEMBER, problem_id, description=text)
        for problem_id in problem_ids
    ]


def test_commands_that_arrive_together_share_one_transaction(
    store_app: ProblemorienteratApp,
) -> None:
    """Eight commands sent while a write is under way are written in one transaction, and
    each is answered with its own problem's new version and position."""
    problems = [in_analysis(store_app) for _ in range(9)]
    commit = store_app.group_commit
    assert commit is not None
    before = commit.stats.transactions

    with ThreadPoolExecutor(9) as pool, first_write_held(store_app) as release:
        first = record_causes(store_app, pool, problems[:1], "Först.")
        wait_until(lambda: commit.waiting == 0 and not first[0].done())
        rest = record_causes(store_app, pool, problems[1:], "Samtidigt.")
        wait_until(lambda: commit.waiting == 8)
        release.set()
        results = [f.result(10) for f in first + rest]

    assert commit.stats.transactions - before == 2
    for problem_id, result in zip(problems, results, strict=True):
        problem = store_app.get_problem(problem_id)
        assert result.aggregate_id == problem_id
        assert result.version == problem.version
        assert problem.causes[-1] in {"Först.", "Samtidigt."}
    positions = [r.position for r in results]
    assert len(set(positions)) == 9


def test_two_commands_on_the_same_version_in_one_batch_one_wins_the_other_conflicts(
    store_app: ProblemorienteratApp,
) -> None:
    """Two members record a cause on the same problem at the same moment: one is saved,
    the other is told to reload and retry, and nothing of it is stored."""
    held, problem_id = in_analysis(store_app), in_analysis(store_app)
    commit = store_app.group_commit
    assert commit is not None
    version = store_app.get_problem(problem_id).version

    with ThreadPoolExecutor(3) as pool, first_write_held(store_app) as release:
        first = record_causes(store_app, pool, [held], "Först.")
        wait_until(lambda: commit.waiting == 0 and not first[0].done())
        pair = [
            pool.submit(
                store_app.record_cause,
                MEMBER,
                problem_id,
                description=text,
                expected_version=version,
            )
            for text in ("Den ena.", "Den andra.")
        ]
        wait_until(lambda: commit.waiting == 2)
        release.set()
        first[0].result(10)
        outcomes = [f.exception(10) or f.result() for f in pair]

    saved = [o for o in outcomes if isinstance(o, CommandResult)]
    refused = [o for o in outcomes if isinstance(o, ConcurrentWriteError)]
    assert len(saved) == 1
    assert len(refused) == 1
    problem = store_app.get_problem(problem_id)
    assert problem.version == version + 1
    assert len([c for c in problem.causes if c in {"Den ena.", "Den andra."}]) == 1


def test_a_stale_command_in_a_batch_fails_alone_and_the_others_are_saved(
    store_app: ProblemorienteratApp, database_url: str, tmp_path: Path
) -> None:
    """A command based on a version another server changed meanwhile fails on its own;
    the commands written in the same batch are saved."""
    held, fresh, stale = in_analysis(store_app), in_analysis(store_app), in_analysis(store_app)
    commit = store_app.group_commit
    assert commit is not None
    other = make_app(database_url, tmp_path)
    try:
        with ThreadPoolExecutor(3) as pool, first_write_held(store_app) as release:
            first = record_causes(store_app, pool, [held], "Först.")
            wait_until(lambda: commit.waiting == 0 and not first[0].done())
            batch = record_causes(store_app, pool, [fresh, stale], "I samma omgång.")
            wait_until(lambda: commit.waiting == 2)
            other.record_cause(MEMBER, stale, description="Från den andra servern.")
            release.set()
            first[0].result(10)
            fresh_result = batch[0].result(10)
            stale_error = batch[1].exception(10)
    finally:
        other.close()

    assert isinstance(stale_error, ConcurrentWriteError)
    assert fresh_result.version == store_app.get_problem(fresh).version
    assert store_app.get_problem(fresh).causes == ["I samma omgång."]
    assert store_app.get_problem(stale).causes == ["Från den andra servern."]


def test_a_command_alone_is_written_at_once(store_app: ProblemorienteratApp) -> None:
    """With nothing else under way, each command has a transaction of its own."""
    problem_id = in_analysis(store_app)
    commit = store_app.group_commit
    assert commit is not None
    before = (commit.stats.commands, commit.stats.transactions)

    for n in range(3):
        store_app.record_cause(MEMBER, problem_id, description=f"Orsak {n}.")

    assert (commit.stats.commands, commit.stats.transactions) == (before[0] + 3, before[1] + 3)


def test_problems_recorded_at_the_same_moment_get_distinct_references(
    store_app: ProblemorienteratApp,
) -> None:
    """New problems share the municipality's reference counter: recorded together, each
    still gets a reference of its own (a clash in the batch is retried by the use case)."""
    group_id = a_group(store_app)
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda _: identified(store_app, group_id=group_id), range(16)))

    references = {store_app.get_problem(i).reference for i in ids}
    assert len(references) == 16


@pytest.mark.parametrize("setting", ["off", "0"])
def test_group_commit_can_be_turned_off(tmp_path: Path, sqlite_url: str, setting: str) -> None:
    """``PROBLEMORIENTERAT_GROUP_COMMIT=off`` writes every command in its own transaction."""
    app = make_app(sqlite_url, tmp_path, PROBLEMORIENTERAT_GROUP_COMMIT=setting)
    try:
        assert app.group_commit is None
    finally:
        app.close()
