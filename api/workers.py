"""``serve --workers N``: N API processes on one PostgreSQL database, and the projection
worker as a process of its own.

SQLite is written by one process, so more than one worker there is refused. Each API
process builds its application from the environment (:func:`create_worker_app`), with the
in-process projection runner off: the separate ``problemorienterat project`` process keeps
the views current for all of them.
"""

from __future__ import annotations

import os
import subprocess
import sys

from litestar import Litestar

from problemorienterat.config import ConfigurationError, Settings

_WORKER_MAIN = "from problemorienterat.cli import main; main()"


def check_workers(settings: Settings, workers: int) -> None:
    """Refuse what cannot work: several writers on one SQLite file."""
    if workers < 1:
        raise ConfigurationError("--workers must be at least 1.")
    if workers > 1 and not settings.is_postgres:
        raise ConfigurationError(
            f"--workers {workers} needs PostgreSQL (PROBLEMORIENTERAT_DATABASE_URL="
            "postgresql://...): an SQLite file is written by one server process. "
            "Run one worker on SQLite."
        )


def serve_workers(settings: Settings, *, host: str, port: int, workers: int) -> None:
    """Run ``workers`` API processes and one projection worker until interrupted."""
    check_workers(settings, workers)
    import uvicorn

    env = {
        **os.environ,
        "PROBLEMORIENTERAT_DATABASE_URL": settings.resolved_database_url,
        "PROBLEMORIENTERAT_DATA_DIR": str(settings.data_dir),
        "PROBLEMORIENTERAT_PROJECTIONS_IN_PROCESS": "false",
    }
    os.environ.update(env)
    projector = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", _WORKER_MAIN, "project"], env=env
    )
    try:
        uvicorn.run(
            "api.workers:create_worker_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=False,
            log_config=None,
        )
    finally:
        projector.terminate()
        try:
            projector.wait(timeout=10)
        except subprocess.TimeoutExpired:
            projector.kill()


def create_worker_app() -> Litestar:
    """One API process's application, from the environment ``serve_workers`` set."""
    from api.app import create_app
    from api.memory import settle_after_start_up

    app = create_app(Settings())
    settle_after_start_up()
    return app
