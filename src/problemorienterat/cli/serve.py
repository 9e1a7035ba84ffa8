"""``problemorienterat serve``: the API, its documentation and the web pages over HTTP.

``--workers N`` runs N API processes on one PostgreSQL database and the projection worker
as a process of its own (SQLite is written by one process, so more than one worker there is
refused). Each API process builds its application from the environment the parent exported
(:func:`problemorienterat.composition.create_worker_app`), with the in-process projection
runner off: the separate ``problemorienterat project`` process keeps the views current.
"""

from __future__ import annotations

import subprocess
import sys
from contextlib import closing
from typing import TYPE_CHECKING, Annotated, Any

import typer

from problemorienterat.cli.common import (
    DatabaseUrl,
    DataDir,
    open_application,
    reported_errors,
    settings_for,
    without_password,
)
from problemorienterat.cli.demo import load_demo, store_is_empty

if TYPE_CHECKING:
    from problemorienterat.config import Settings

_PROJECTOR = [sys.executable, "-m", "problemorienterat.cli", "project", "--end-with-parent"]


def serve(
    host: Annotated[str, typer.Option(help="Adress att lyssna på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port att lyssna på.")] = 8000,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo/--no-demo",
            help="Lägg in demokommunen Kungsör först, om databasen ännu saknar kommuner.",
        ),
    ] = False,
    *,
    workers: Annotated[
        int, typer.Option(help="Antal API-processer (fler än en kräver PostgreSQL).")
    ] = 1,
    projector: Annotated[
        bool,
        typer.Option(
            "--projector/--no-projector",
            help="Med --workers: starta projektionsprocessen också (av: den körs för sig, "
            "problemorienterat project, t.ex. i en egen container).",
        ),
    ] = True,
) -> None:
    """Starta webbtjänsten (API och dokumentation på /schema)."""
    with reported_errors():
        settings = settings_for(data_dir, database_url)
        if demo and settings.token_login is None:
            # the demo's users log in with the tokens `demo` printed (the page says so)
            settings = settings.model_copy(update={"token_login": True})
        if not projector:  # the views are kept by a `problemorienterat project` elsewhere
            settings = settings.model_copy(update={"projections_in_process": False})
        if workers != 1:
            check_workers(settings, workers)
            with closing(open_application(settings)) as application:
                application.build_lookups()  # once, before the workers: application/lookups.py
            serve_workers(settings, host=host, port=port, workers=workers, projector=projector)
            return
        application = open_application(settings)
        if demo and store_is_empty(application):
            load_demo(application, settings.data_dir)
        application.build_lookups()  # once per installation: see application/lookups.py
        from problemorienterat.composition import create_app

        web_app = create_app(settings, application=application)
    import uvicorn

    from problemorienterat.server_memory import settle_after_start_up

    settle_after_start_up()

    typer.echo(f"Databas: {without_password(settings.resolved_database_url)}")
    typer.echo(f"Problemorienterat svarar på http://{host}:{port}/ (API-dokumentation: /schema)")
    try:
        uvicorn.run(
            web_app,
            host=host,
            port=port,
            access_log=False,
            log_config=None,
            **proxy_options(settings),
        )
    finally:
        application.close()


def proxy_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's proxy header options: believe X-Forwarded-For only from the proxies named in
    ``TRUSTED_PROXIES`` (uvicorn by default believes 127.0.0.1, so anything on the same host
    could name any client address and escape the rate limit)."""
    proxies = settings.trusted_proxy_list
    if not proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": proxies}


def check_workers(settings: Settings, workers: int) -> None:
    """Refuse what cannot work: several writers on one SQLite file."""
    from problemorienterat.config import ConfigurationError

    if workers < 1:
        raise ConfigurationError("--workers must be at least 1.")
    if workers > 1 and not settings.is_postgres:
        raise ConfigurationError(
            f"--workers {workers} needs PostgreSQL (PROBLEMORIENTERAT_DATABASE_URL="
            "postgresql://...): an SQLite file is written by one server process. "
            "Run one worker on SQLite."
        )


def serve_workers(
    settings: Settings, *, host: str, port: int, workers: int, projector: bool = True
) -> None:
    """Run ``workers`` API processes and (unless ``projector`` is false: it runs elsewhere)
    one projection worker until interrupted."""
    check_workers(settings, workers)
    import shutil
    import tempfile
    from pathlib import Path

    import uvicorn

    # The workers and the projection worker inherit this process's environment, and keep
    # their metrics in a fresh directory of their own (/metrics sums them: api/metrics.py).
    settings.export_for_child_processes(projections_in_process=False)
    metrics_dir = Path(tempfile.mkdtemp(prefix="problemorienterat-metrics-"))
    settings.export_metrics_dir(metrics_dir)
    projecting = subprocess.Popen(_PROJECTOR) if projector else None  # noqa: S603 - our own
    try:
        uvicorn.run(
            "problemorienterat.composition:create_worker_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=False,
            log_config=None,
            **proxy_options(settings),
        )
    finally:
        if projecting is not None:
            projecting.terminate()
            try:
                projecting.wait(timeout=10)
            except subprocess.TimeoutExpired:
                projecting.kill()
        shutil.rmtree(metrics_dir, ignore_errors=True)
