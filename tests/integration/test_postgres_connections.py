"""The application's PostgreSQL connections run without JIT compilation and without
parallel workers: the store's statements are short index reads and inserts, and on a log
grown by millions of events since its last ANALYZE the server compiled each of a command's
reads for 5-80 ms, or started two parallel workers for it (docs/benchmarks.md)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest
from support import make_app


def test_every_connection_of_the_pool_has_jit_and_parallel_workers_off(
    postgres_url: str, tmp_path: Path
) -> None:
    app = make_app(postgres_url, tmp_path)
    try:
        datastore = app.recorder.datastore  # type: ignore[attr-defined]
        with ExitStack() as held:  # more connections than the pool keeps open when idle
            connections = [held.enter_context(datastore.get_connection()) for _ in range(12)]
            settings = {
                (
                    c.execute("SHOW jit").fetchone()["jit"],
                    c.execute("SHOW max_parallel_workers_per_gather").fetchone()[
                        "max_parallel_workers_per_gather"
                    ],
                )
                for c in connections
            }
        assert settings == {("off", "0")}
    finally:
        app.close()


def test_the_settings_are_added_once_to_options_already_given(
    postgres_url: str, tmp_path: Path
) -> None:
    from problemorienterat.config import NO_JIT, NO_PARALLEL_WORKERS
    from problemorienterat.infrastructure.recorders import _with_short_statement_options

    app = make_app(postgres_url, tmp_path)
    try:
        datastore = app.recorder.datastore  # type: ignore[attr-defined]
        datastore.pool.kwargs["options"] = "-c statement_timeout=5000"
        _with_short_statement_options(datastore)
        _with_short_statement_options(datastore)
        assert datastore.pool.kwargs["options"] == (
            f"-c statement_timeout=5000 {NO_JIT} {NO_PARALLEL_WORKERS}"
        )
    finally:
        app.close()


def test_what_an_operator_set_in_pgoptions_is_kept(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libpq ignores PGOPTIONS when a connection names its own options: they are carried
    over, so e.g. a statement timeout set by the operator still applies."""
    monkeypatch.setenv("PGOPTIONS", "-c statement_timeout=4321")
    app = make_app(postgres_url, tmp_path)
    try:
        with app.recorder.datastore.get_connection() as connection:  # type: ignore[attr-defined]
            timeout = connection.execute("SHOW statement_timeout").fetchone()["statement_timeout"]
            jit = connection.execute("SHOW jit").fetchone()["jit"]
        assert (timeout, jit) == ("4321ms", "off")
    finally:
        app.close()
