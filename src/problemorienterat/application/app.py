"""The one application object the CLI, the API and the projections talk to."""

from __future__ import annotations

from typing import Any

from problemorienterat.application.agreements import AgreementUseCases
from problemorienterat.application.grannsamverkan import GrannsamverkanUseCases
from problemorienterat.application.idempotency import IdempotencyUseCases
from problemorienterat.application.meetings import MeetingUseCases
from problemorienterat.application.privacy import PrivacyUseCases
from problemorienterat.application.queries import QueryUseCases
from problemorienterat.application.reminders import ReminderUseCases
from problemorienterat.config import Settings, private_directory
from problemorienterat.domain.problem import Problem


class ProblemorienteratApp(
    AgreementUseCases,
    GrannsamverkanUseCases,
    IdempotencyUseCases,
    MeetingUseCases,
    PrivacyUseCases,
    QueryUseCases,
    ReminderUseCases,
):
    """Every use case of the tracker, on the event store the configuration names.

    The bases are the leaves of the use-case classes; a use case that needs another's check
    inherits the class defining it. No method is defined in two use-case classes, so the
    order of the bases carries no meaning (tests/unit/test_application_composition.py).
    """

    name = "problemorienterat"
    # A problem is loaded from its latest snapshot plus the events since.
    snapshotting_intervals = {Problem: 50}

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **env: Any) -> ProblemorienteratApp:
        settings = settings or Settings()
        private_directory(settings.data_dir)
        library_env = settings.eventsourcing_env()
        library_env.update({k: str(v) for k, v in env.items()})
        return cls(env=library_env)
