"""Liveness and readiness, for load balancers and orchestrators."""

from __future__ import annotations

import structlog
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.plugins.problem_details import ProblemDetailsException

from api.schemas import Health
from problemorienterat.application import ProblemorienteratApp

log = structlog.get_logger("api.health")


class HealthController(Controller):
    tags = ["health"]

    @get("/health", summary="Liveness: the process answers")
    async def health(self) -> Health:
        return Health(status="ok")

    @get("/ready", summary="Readiness: the event store answers", sync_to_thread=True)
    def ready(self, application: NamedDependency[ProblemorienteratApp]) -> Health:
        try:
            application.recorder.max_notification_id()
        except Exception as error:
            log.warning("event_store_not_ready", error_type=type(error).__name__)
            raise ProblemDetailsException(
                status_code=503,
                title="Inte redo",
                detail="Händelselagret svarar inte.",
            ) from None
        return Health(status="ready")
