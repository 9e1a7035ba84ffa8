"""What /metrics and /health/status read from the store (SQLite): a view that has fallen
behind shows its lag, the newest checkpoint its age, and a verification its result."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import identified
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families
from support import SYSTEM, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.audit.checkpoint import load_or_create_signing_key, make_checkpoint
from problemorienterat.audit.verify import verify_chain
from problemorienterat.composition import create_app
from problemorienterat.config import Settings
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.infrastructure.chain_store import chain_store
from projections.rebuild import rebuild
from projections.runner import PROJECTIONS


@pytest.fixture
def stale(tmp_path: Path) -> Iterator[tuple[ProblemorienteratApp, TestClient, str, int]]:  # type: ignore[type-arg]
    """A store whose views were built, then left behind (no projection runs in this
    server): the auditor's user and whatever the test adds are not in them."""
    url = f"sqlite:///{tmp_path / 'problemorienterat.db'}"
    app = make_app(url, tmp_path)
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    identified(app)
    built = rebuild(app, PROJECTIONS)
    (position,) = {g.position for g in built}
    token = app.add_user(
        SYSTEM,
        name="Revisor",
        organisation=Organisation.KOMMUN,
        role=Role.AUDITOR,
        municipalities=["1882"],
        group_ids=[],
    ).token
    settings = Settings(
        database_url=url,
        data_dir=tmp_path,
        projections_in_process=False,
        checkpoint_key_file=tmp_path / "checkpoint.pem",
    )
    with TestClient(app=create_app(settings, application=app)) as client:
        yield app, client, token, position
    app.close()


def _gauges(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_a_stale_projection_shows_its_lag_and_the_checkpoint_its_age(
    stale: tuple[ProblemorienteratApp, TestClient, str, int],  # type: ignore[type-arg]
    tmp_path: Path,
) -> None:
    app, client, _, built_at = stale
    for _ in range(3):
        identified(app)
    head = app.recorder.max_notification_id() or 0
    assert head > built_at

    gauges = _gauges(client.get("/metrics").text)
    assert gauges[("problemorienterat_store_up", ())] == 1
    assert gauges[("problemorienterat_event_store_head", ())] == head
    for projection in ("problems", "plans"):
        lag = gauges[("problemorienterat_projection_lag_events", (("projection", projection),))]
        assert lag == head - built_at
    assert ("problemorienterat_last_checkpoint_age_seconds", ()) not in gauges

    key, _ = load_or_create_signing_key(tmp_path / "checkpoint.pem")
    app.checkpoints.add(make_checkpoint(verify_chain(chain_store(app.recorder)), key))
    status = client.get("/health/status")
    assert status.status_code == 200
    body = status.json()
    assert body["store"] == "ok"
    assert body["head"] == head
    assert set(body["projection_lag"]) == {"problems", "plans"}
    assert body["projection_lag"]["problems"] > 0
    assert body["last_checkpoint"]["position"] == head
    assert 0 <= body["last_checkpoint"]["age_seconds"] < 60
    assert body["version"]
    assert "event_log_statistics" not in body  # a SQLite file has no planner statistics
    gauges = _gauges(client.get("/metrics").text)
    assert 0 <= gauges[("problemorienterat_last_checkpoint_age_seconds", ())] < 60


def test_a_verification_through_the_api_is_counted_with_its_result(
    stale: tuple[ProblemorienteratApp, TestClient, str, int],  # type: ignore[type-arg]
) -> None:
    _, client, token, _ = stale
    before = _gauges(client.get("/metrics").text)
    response = client.get("/api/v1/audit/verify", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    assert response.json()["intact"] is True
    after = _gauges(client.get("/metrics").text)
    runs = ("problemorienterat_verify_runs_total", (("result", "intact"),))
    assert after[runs] == before.get(runs, 0) + 1
    assert after[("problemorienterat_verify_last_intact", ())] == 1
    assert after[("problemorienterat_verify_duration_seconds_count", ())] >= 1


def test_on_postgresql_the_status_says_when_the_event_log_was_last_analysed(
    postgres_url: str, tmp_path: Path
) -> None:
    """A log the planner has no statistics of (bulk-loaded, autovacuum off) is what made
    PostgreSQL plan commands badly at scale: the operator sees it on /health/status and in
    /metrics, and sees it gathered after ANALYZE, and the rows written since."""
    import psycopg

    app = make_app(postgres_url, tmp_path)
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        identified(app)
        settings = Settings(
            database_url=postgres_url, data_dir=tmp_path, projections_in_process=False
        )
        with TestClient(app=create_app(settings, application=app)) as client:
            before = client.get("/health/status").json()["event_log_statistics"]
            assert before["analyzed_at"] is None

            schema = app.recorder.datastore.schema  # type: ignore[attr-defined]
            table = app.recorder.events_table_name  # type: ignore[attr-defined]
            with psycopg.connect(postgres_url.split("?", maxsplit=1)[0], autocommit=True) as conn:
                conn.execute(f'ANALYZE "{schema}"."{table}"')
            after = client.get("/health/status").json()["event_log_statistics"]
            assert after["analyzed_at"] is not None
            assert after["rows_changed_since"] == 0
            assert after["rows"] == app.recorder.max_notification_id()

            identified(app)  # more events; the server's counts reach the collector within ~10 s
            deadline = time.monotonic() + 20
            changed = 0
            while time.monotonic() < deadline and not changed:
                changed = client.get("/health/status").json()["event_log_statistics"][
                    "rows_changed_since"
                ]
                time.sleep(0.5)
            assert changed > 0
            gauges = _gauges(client.get("/metrics").text)
            assert gauges[("problemorienterat_event_log_rows_changed_since_analyze", ())] > 0
            assert gauges[("problemorienterat_event_log_rows", ())] > after["rows"]  # estimated
    finally:
        app.close()
