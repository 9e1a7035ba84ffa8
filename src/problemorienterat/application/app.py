"""The one application object the CLI, the API and the projections talk to."""

from __future__ import annotations

from typing import Any

from problemorienterat.application.problems import ProblemUseCases
from problemorienterat.config import Settings
from problemorienterat.domain.problem import Problem


class ProblemorienteratApp(ProblemUseCases):
    """Every use case of the tracker, on the event store the configuration names."""

    name = "problemorienterat"
    snapshotting_intervals = {Problem: 50}

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **env: Any) -> ProblemorienteratApp:
        settings = settings or Settings()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        library_env = settings.eventsourcing_env()
        library_env.update({k: str(v) for k, v in env.items()})
        app = cls(env=library_env)
        app.snapshot_interval = settings.snapshot_interval
        return app

    snapshot_interval = 50
