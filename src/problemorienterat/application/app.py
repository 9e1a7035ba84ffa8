"""The one application object the CLI, the API and the projections talk to."""

from __future__ import annotations

from typing import Any

from problemorienterat.application.agreements import AgreementUseCases
from problemorienterat.application.audit_trail import AuditTrailUseCases
from problemorienterat.application.citizen_promises import CitizenPromiseUseCases
from problemorienterat.application.grannsamverkan import GrannsamverkanUseCases
from problemorienterat.application.idempotency import IdempotencyUseCases
from problemorienterat.application.privacy import PrivacyUseCases
from problemorienterat.application.problems import ProblemUseCases
from problemorienterat.application.queries import QueryUseCases
from problemorienterat.application.situation_pictures import SituationPictureUseCases
from problemorienterat.application.users import UserUseCases
from problemorienterat.application.working_groups import WorkingGroupUseCases
from problemorienterat.config import Settings
from problemorienterat.domain.problem import Problem


class ProblemorienteratApp(
    IdempotencyUseCases,
    UserUseCases,
    PrivacyUseCases,
    GrannsamverkanUseCases,
    WorkingGroupUseCases,
    CitizenPromiseUseCases,
    SituationPictureUseCases,
    AgreementUseCases,
    ProblemUseCases,
    QueryUseCases,
    AuditTrailUseCases,
):
    """Every use case of the tracker, on the event store the configuration names.

    The mixins that know working groups and citizen promises come before
    :class:`ProblemUseCases`, so their checks override its accept-everything hooks.
    """

    name = "problemorienterat"
    # A problem is loaded from its latest snapshot plus at most 49 events.
    snapshotting_intervals = {Problem: 50}

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **env: Any) -> ProblemorienteratApp:
        settings = settings or Settings()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        library_env = settings.eventsourcing_env()
        library_env.update({k: str(v) for k, v in env.items()})
        return cls(env=library_env)
