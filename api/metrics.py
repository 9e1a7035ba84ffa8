"""Prometheus metrics (``GET /metrics``, the official ``prometheus-client``) and the
operators' status (``GET /health/status``); docs/observability.md.

Counted in each process as things happen: requests and their latency per route template,
method and status (never the path itself: it may name a case), command conflicts (409/412)
per command, group commit batch sizes and the chain verifications the API ran. Read from
the store when scraped: each view's lag behind the event log, the log's head and the age
of the newest signed checkpoint (they are the same whichever process answers).

``serve --workers N`` runs N processes behind one port: each scrape reaches one of them,
so the counters are kept in ``prometheus-client``'s multiprocess mode, in files under
``PROMETHEUS_MULTIPROC_DIR`` (``serve --workers`` makes a fresh one), and every process
answers with the sum over all of them.

No personal data is in any metric. ``/metrics`` and ``/health/status`` answer without
signing in unless ``METRICS_TOKEN_FILE`` is set (then ``Authorization: Bearer <token>``);
the reverse proxy keeps both from the internet (deploy/Caddyfile).
"""

from __future__ import annotations

import hmac
import time
from datetime import UTC, datetime
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from problemorienterat import __version__
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from problemorienterat.infrastructure.group_commit import BATCH_OBSERVERS

_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_CONFLICTS = frozenset({409, 412})
_ACTIVE = "active"

HTTP_REQUESTS = Counter(
    "problemorienterat_http_requests",
    "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "problemorienterat_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by route template and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
COMMAND_CONFLICTS = Counter(
    "problemorienterat_command_conflicts",
    "Commands refused for a concurrent change (409) or a stale If-Match (412), by command.",
    ["command", "status"],
)
GROUP_COMMIT_BATCH = Histogram(
    "problemorienterat_group_commit_batch_size",
    "Commands written together in one group commit transaction.",
    buckets=(1, 2, 4, 8, 16, 32, 64),
)
VERIFICATIONS = Counter(
    "problemorienterat_verify_runs",
    "Hash chain verifications the API ran, by result (intact or broken).",
    ["result"],
)
VERIFY_DURATION = Histogram(
    "problemorienterat_verify_duration_seconds",
    "How long a hash chain verification took.",
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300),
)
VERIFY_INTACT = Gauge(
    "problemorienterat_verify_last_intact",
    "1 if the newest verification found the chain intact, 0 if broken.",
    multiprocess_mode="mostrecent",
)
VERIFY_LAST = Gauge(
    "problemorienterat_verify_last_timestamp_seconds",
    "When the newest verification ended (Unix time).",
    multiprocess_mode="mostrecent",
)


def observe_request(method: str, route: str | None, status: int, seconds: float) -> None:
    """Count one answered request (``route`` is the template; None: no route matched)."""
    template = route or "unmatched"
    HTTP_REQUESTS.labels(template, method, str(status)).inc()
    HTTP_LATENCY.labels(template, method).observe(seconds)
    if status in _CONFLICTS and method in _WRITES:
        COMMAND_CONFLICTS.labels(f"{method} {template}", str(status)).inc()


def observe_verify(*, intact: bool, seconds: float) -> None:
    """Record one verification of the hash chain."""
    VERIFICATIONS.labels("intact" if intact else "broken").inc()
    VERIFY_DURATION.observe(seconds)
    VERIFY_INTACT.set(1 if intact else 0)
    VERIFY_LAST.set(time.time())


if GROUP_COMMIT_BATCH.observe not in BATCH_OBSERVERS:
    BATCH_OBSERVERS.append(GROUP_COMMIT_BATCH.observe)


# ------------------------------------------------------------------ read from the store


def store_status(application: ProblemorienteratApp, views: Any) -> dict[str, Any]:
    """The store as an operator sees it: reachable, its head, each view's lag, the event
    log's planner statistics (PostgreSQL), the newest checkpoint's age, the newest
    verification in this process."""
    status: dict[str, Any] = {"version": __version__}
    try:
        status["head"] = application.recorder.max_notification_id() or 0
        status["store"] = "ok"
    except Exception as error:
        status["store"] = f"unreachable ({type(error).__name__})"
        return status
    lags: dict[str, int] = {}
    if views is not None:
        try:
            lags = {s.name: s.lag for s in views.status() if s.state == _ACTIVE}
        except Exception as error:
            status["views_error"] = type(error).__name__
    status["projection_lag"] = lags
    planner_statistics = getattr(application.recorder, "planner_statistics", None)
    if planner_statistics is not None:  # PostgreSQL
        known = planner_statistics()
        status["event_log_statistics"] = {
            "analyzed_at": known.analyzed_at.isoformat() if known.analyzed_at else None,
            "rows_changed_since": known.changed_since,
            "rows": known.rows,
        }
    newest = application.checkpoints.newest(1)
    if newest:
        signed = datetime.fromisoformat(newest[0].time)
        status["last_checkpoint"] = {
            "position": newest[0].position,
            "time": newest[0].time,
            "age_seconds": round((datetime.now(UTC) - signed).total_seconds()),
        }
    else:
        status["last_checkpoint"] = None
    return status


def _store_registry(status: dict[str, Any]) -> CollectorRegistry:
    """The store's gauges, made fresh for one scrape."""
    registry = CollectorRegistry(auto_describe=True)
    up = Gauge("problemorienterat_store_up", "1 if the event store answered.", registry=registry)
    up.set(1 if status["store"] == "ok" else 0)
    if status["store"] != "ok":
        return registry
    Gauge(
        "problemorienterat_event_store_head",
        "The notification id of the newest stored event.",
        registry=registry,
    ).set(status["head"])
    lag = Gauge(
        "problemorienterat_projection_lag_events",
        "Events stored but not yet applied to the view, by projection (active generation).",
        ["projection"],
        registry=registry,
    )
    for name, behind in status.get("projection_lag", {}).items():
        lag.labels(name).set(behind)
    statistics = status.get("event_log_statistics")
    if statistics is not None:
        Gauge(
            "problemorienterat_event_log_rows_changed_since_analyze",
            "Rows of the event log written since PostgreSQL last gathered its statistics "
            "(all of them if it never did).",
            registry=registry,
        ).set(statistics["rows_changed_since"])
        Gauge(
            "problemorienterat_event_log_rows",
            "Rows of the event log, as PostgreSQL's statistics collector counts them.",
            registry=registry,
        ).set(statistics["rows"])
    checkpoint = status.get("last_checkpoint")
    if checkpoint is not None:
        Gauge(
            "problemorienterat_last_checkpoint_age_seconds",
            "Seconds since the newest signed checkpoint was made.",
            registry=registry,
        ).set(checkpoint["age_seconds"])
    return registry


def exposition(settings: Settings, status: dict[str, Any]) -> bytes:
    """Every metric in Prometheus' text format: this process's (or, with several workers,
    all processes' summed) and the store's."""
    directory = settings.prometheus_multiproc_dir
    if directory is not None:
        counted = CollectorRegistry()
        MultiProcessCollector(counted, path=str(directory))  # type: ignore[no-untyped-call]
    else:
        counted = REGISTRY
    return generate_latest(counted) + generate_latest(_store_registry(status))


class MetricsController(Controller):
    tags = ["health"]

    @get(
        "/metrics",
        summary="Prometheus metrics (text format); a bearer token if METRICS_TOKEN_FILE is set",
        sync_to_thread=True,
        include_in_schema=False,
    )
    def metrics(self, request: Request[Any, Any, Any], state: State) -> Response[bytes]:
        settings: Settings = state.settings
        _check_token(request, settings)
        status = store_status(state.application, state.get("projections"))
        return Response(
            exposition(settings, status), media_type=CONTENT_TYPE_LATEST, status_code=200
        )

    @get(
        "/health/status",
        summary="For operators: store reachable, head, each view's lag, the newest "
        "checkpoint's age, the version (503 while the store does not answer)",
        sync_to_thread=True,
        include_in_schema=False,
    )
    def status(self, request: Request[Any, Any, Any], state: State) -> Response[dict[str, Any]]:
        settings: Settings = state.settings
        _check_token(request, settings)
        status = store_status(state.application, state.get("projections"))
        return Response(status, status_code=200 if status["store"] == "ok" else 503)


def _check_token(request: Request[Any, Any, Any], settings: Settings) -> None:
    expected = settings.metrics_token()
    if expected is None:
        return
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
        raise NotAuthorizedException(detail="Mätvärdena kräver rätt token.")
