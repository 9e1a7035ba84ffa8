"""Where the runner runs: inside the API server, or as a worker process of its own; and what
it does at start when a projection's tables have changed shape."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from litestar.testing import TestClient
from projection_history import RandomHistory, table_rows
from support import SYSTEM, TEST_ENCRYPTION_KEY, make_app

from problemorienterat.composition import create_app
from problemorienterat.config import Settings
from problemorienterat.domain.sara import ProblemSource
from projections import ProjectionService
from projections.plans import PlansProjection
from projections.problems import ProblemsProjection
from projections.runner import ProjectionRunner

ROOT = Path(__file__).resolve().parents[2]


def test_the_api_server_keeps_the_views_current_in_its_own_process(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Started with the server, stopped with it: a command is in the views a moment later."""
    app = make_app(sqlite_url, tmp_path)
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    web = create_app(Settings(data_dir=tmp_path, database_url=sqlite_url), application=app)
    try:
        with TestClient(app=web):
            views: ProjectionService = web.state.projections
            assert views.runner is not None
            assert views.runner.is_running
            result = app.identify_problem(
                SYSTEM,
                municipality="1882",
                title="Klotter vid stationen",
                description="Nya tags varje vecka.",
                place="Stationen",
                source=ProblemSource.COMPLAINT,
                reported_by="SJ",
            )
            assert views.wait_for(result.position)
        assert views.runner is None
    finally:
        app.close()


def test_a_projection_whose_schema_changed_is_rebuilt_beside_the_old_one_at_start(
    database_url: str, tmp_path: Path
) -> None:
    """The runner builds the new generation from the log and switches when caught up."""
    app = make_app(database_url, tmp_path)
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        RandomHistory(app, seed=5).run(40)
        first = ProjectionRunner(app)
        first.prepare_live()
        first.catch_up()
        before = table_rows(app, ProblemsProjection)

        class ProblemsV2(ProblemsProjection):
            name = "problems"
            schema_version = ProblemsProjection.schema_version + 1

        second = ProjectionRunner(app, projections=(ProblemsV2, PlansProjection))
        second.prepare_live()
        assert [g.state for g in second.generations] == ["building", "active"]
        second.catch_up()
        problems = second.generations[0]
        assert (problems.generation, problems.state) == (2, "active")
        assert table_rows(app, ProblemsProjection, 2) == before
    finally:
        app.close()


def test_the_project_worker_keeps_the_views_and_stops_cleanly_on_sigterm(
    database_url: str, tmp_path: Path
) -> None:
    """`problemorienterat project` catches up with the log, then exits 0 on SIGTERM."""
    app = make_app(database_url, tmp_path)
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    RandomHistory(app, seed=6).run(20)
    head = app.recorder.max_notification_id() or 0
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    env["PROBLEMORIENTERAT_ENCRYPTION_KEY"] = TEST_ENCRYPTION_KEY
    if database_url.startswith("sqlite"):
        del env["PROBLEMORIENTERAT_ENCRYPTION_KEY"]  # the key file in the data directory
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-c",
            "from problemorienterat.cli import main; main()",
            "project",
            "--data-dir",
            str(tmp_path),
            "--database-url",
            database_url,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        views = ProjectionService(app, Settings(data_dir=tmp_path))
        deadline = time.monotonic() + 30
        while not views.wait_for(head, timeout=0.2):
            assert worker.poll() is None, worker.communicate()
            assert time.monotonic() < deadline
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=15)
        assert worker.returncode == 0, err
        assert "projektionen avslutad" in out
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()
        app.close()


def test_two_processes_starting_at_once_create_one_generation_between_them(
    database_url: str, tmp_path: Path
) -> None:
    """Servers starting together on a fresh database agree on the views' first generation."""
    apps = [make_app(database_url, tmp_path) for _ in range(3)]
    services = [ProjectionService(a, Settings(data_dir=tmp_path)) for a in apps]
    try:
        starters = [threading.Thread(target=s.start) for s in services]
        for thread in starters:
            thread.start()
        for thread in starters:
            thread.join()
        assert all(s.runner is not None and s.runner.is_running for s in services)
        assert sorted((s.name, s.generation) for s in services[0].status()) == [
            ("plans", 1),
            ("problems", 1),
        ]
    finally:
        for service in services:
            service.stop()
        for app in apps:
            app.close()
