"""Liveness and readiness, for load balancers and orchestrators."""

from __future__ import annotations

import structlog
from litestar import Controller, get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.plugins.problem_details import ProblemDetailsException

from api.errors import store_unavailable_problem
from api.schemas import Health
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings

log = structlog.get_logger("api.health")

_SERVING = "active"  # the state of the view generation that queries read


class HealthController(Controller):
    tags = ["health"]

    @get("/health", summary="Liveness: the process answers")
    async def health(self) -> Health:
        return Health(status="ok")

    @get(
        "/ready",
        summary="Readiness: the event store answers and the views are caught up within "
        "PROBLEMORIENTERAT_READY_MAX_LAG events; 503 while the store cannot write",
        sync_to_thread=True,
    )
    def ready(self, application: NamedDependency[ProblemorienteratApp], state: State) -> Health:
        try:
            application.recorder.max_notification_id()
            unwritable = application.write_probe.check()
        except Exception as error:
            log.warning("event_store_not_ready", error_type=type(error).__name__)
            raise _not_ready("Händelselagret svarar inte.") from None
        if unwritable is not None:
            log.warning("event_store_cannot_write", reason=unwritable.reason)
            raise store_unavailable_problem(unwritable)
        views = state.get("projections")
        if views is not None:
            settings: Settings = state.settings
            _check_views(views, settings.ready_max_lag)
        return Health(status="ready")


def _check_views(views: object, max_lag: int) -> None:
    try:
        lags = [s.lag for s in views.status() if s.state == _SERVING]  # type: ignore[attr-defined]
    except Exception as error:
        log.warning("views_not_ready", error_type=type(error).__name__)
        raise _not_ready("Vyerna svarar inte.") from None
    if not lags or max(lags) > max_lag:
        raise _not_ready("Vyerna har inte hunnit ikapp händelselagret.")


def _not_ready(detail: str) -> ProblemDetailsException:
    return ProblemDetailsException(status_code=503, title="Inte redo", detail=detail)
