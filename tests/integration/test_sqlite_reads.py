"""Reading the store. An SQLite file: each thread reads an aggregate's events on a connection
of its own (no pool, no BEGIN/ROLLBACK), and still sees every write the moment it is
committed. A database server: reads are round trips, which the API keeps off its event loop."""

from __future__ import annotations

import gc
import sqlite3
import threading
from pathlib import Path

import pytest
from builders import in_analysis
from support import MEMBER, SYSTEM, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.infrastructure.recorders import ChainedSQLiteApplicationRecorder


def _app(sqlite_url: str, tmp_path: Path, **extra: str) -> ProblemorienteratApp:
    app = make_app(sqlite_url, tmp_path, **extra)
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    return app


def _recorder(app: ProblemorienteratApp) -> ChainedSQLiteApplicationRecorder:
    recorder = app.recorder
    assert isinstance(recorder, ChainedSQLiteApplicationRecorder)
    return recorder


def _in_thread(work: object) -> None:
    failures: list[BaseException] = []

    def run() -> None:
        try:
            work()  # type: ignore[operator]
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def test_a_write_in_one_thread_is_read_at_once_in_another(sqlite_url: str, tmp_path: Path) -> None:
    writer = _app(sqlite_url, tmp_path, PROBLEMORIENTERAT_AGGREGATE_CACHE_SIZE="0")
    try:
        problem_id = in_analysis(writer)
        seen: list[int] = []
        _in_thread(lambda: seen.append(writer.get_problem(problem_id).version))
        writer.record_cause(MEMBER, problem_id, description="Mörk gångväg.")
        _in_thread(lambda: seen.append(writer.get_problem(problem_id).version))
        writer.record_cause(MEMBER, problem_id, description="Ingen vuxen närvaro.")
        seen.append(writer.get_problem(problem_id).version)
    finally:
        writer.close()
    assert seen == [seen[0], seen[0] + 1, seen[0] + 2]


def test_a_threads_reading_connection_ends_with_the_thread(sqlite_url: str, tmp_path: Path) -> None:
    app = _app(sqlite_url, tmp_path)
    try:
        problem_id = in_analysis(app)
        recorder = _recorder(app)
        before = len(recorder._reader_connections)  # this thread's own, if it has read
        for _ in range(5):
            _in_thread(lambda: recorder.select_events(problem_id))
        gc.collect()
        assert len(recorder._reader_connections) == before
    finally:
        app.close()


def test_closing_the_application_closes_every_reading_connection(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = _app(sqlite_url, tmp_path)
    problem_id = in_analysis(app)
    recorder = _recorder(app)
    assert recorder.select_events(problem_id)
    connection = recorder._reader()

    app.close()

    with pytest.raises(sqlite3.ProgrammingError):
        connection.execute("SELECT 1")


def test_only_a_database_server_is_read_over_the_network(
    store_app: ProblemorienteratApp, database_url: str
) -> None:
    """On PostgreSQL the API authenticates in a worker thread, so the event loop is not held
    up by the round trip; on SQLite it reads the local file at once."""
    assert store_app.reads_over_network == database_url.startswith("postgresql")
