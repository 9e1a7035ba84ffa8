"""``/metrics`` (Prometheus text format): requests per route template, latency, command
conflicts, group commit batches, verifications; a bearer token when METRICS_TOKEN_FILE is set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_fixtures import (  # noqa: F401 - fixtures
    client_fixture,
    web_fixture,
    world_fixture,
)
from litestar import Litestar
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families
from world import World

from problemorienterat.config import Settings

EFFORT = {"organisation": "kommun", "partner": "Fritidsgården", "hours": 2}


@pytest.fixture(scope="module", autouse=True)
def _one_process_metrics() -> Iterator[None]:
    """This module's server counts in its own process: no PROMETHEUS_MULTIPROC_DIR that
    another test of this worker process may have left in the environment (the app reads it
    when it is made, before this module's first test)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
        yield


def _samples(client: TestClient[Litestar]) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def _value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_requests_are_counted_per_route_template_with_their_latency(
    client: TestClient[Litestar], world: World
) -> None:
    """Three answered GET /health add three to its counter and to its latency histogram; a
    path no route matches is counted as "unmatched", never by the path itself."""
    before = _samples(client)
    for _ in range(3):
        assert client.get("/health").status_code == 200
    assert client.get("/no/such/path/Kalle-Anka").status_code == 404
    after = _samples(client)

    def delta(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert (
        delta("problemorienterat_http_requests_total", route="/health", method="GET", status="200")
        == 3
    )
    assert (
        delta(
            "problemorienterat_http_request_duration_seconds_count", route="/health", method="GET"
        )
        == 3
    )
    assert (
        delta(
            "problemorienterat_http_requests_total", route="unmatched", method="GET", status="404"
        )
        == 1
    )
    assert "Kalle-Anka" not in client.get("/metrics").text
    reference = world.scopes["own"].reference
    assert (
        client.get(f"/api/v1/problems/{reference}", headers=world.headers("member")).status_code
        == 200
    )
    text = client.get("/metrics").text
    assert 'route="/api/v1/problems/{reference}"' in text
    assert reference not in text


def test_a_stale_if_match_counts_a_command_conflict_and_commands_a_group_commit_batch(
    client: TestClient[Litestar], world: World
) -> None:
    path = f"/api/v1/problems/{world.scopes['own'].reference}"
    before = _samples(client)
    etag = client.get(path, headers=world.headers("member")).headers["etag"]
    first = client.post(
        f"{path}/efforts", json=EFFORT, headers={**world.headers("member"), "If-Match": etag}
    )
    assert first.status_code == 200
    stale = client.post(
        f"{path}/efforts", json=EFFORT, headers={**world.headers("bra"), "If-Match": etag}
    )
    assert stale.status_code == 412
    after = _samples(client)
    # Keyed by command and status: an earlier test of this process may have counted a 409
    # on the same command, and that (unchanged) count must not hide this 412.
    conflicts = {
        (dict(labels)["command"], dict(labels)["status"]): value
        - _value(before, name, **dict(labels))
        for (name, labels), value in after.items()
        if name == "problemorienterat_command_conflicts_total"
    }
    # Only the changes: the counters are the process's, and other tests' labels stay at 0.
    assert {k: v for k, v in conflicts.items() if v} == {
        ("POST /api/v1/problems/{reference}/efforts", "412"): 1
    }
    batches = "problemorienterat_group_commit_batch_size_count"
    assert _value(after, batches) > _value(before, batches)


@pytest.fixture
def token_required(web: TestClient[Litestar], tmp_path: Path) -> Iterator[str]:
    assert isinstance(web.app, Litestar)
    settings: Settings = web.app.state.settings
    token_file = tmp_path / "metrics-token"
    token_file.write_text("s3cret-scrape-token\n")
    web.app.state.settings = settings.model_copy(update={"metrics_token_file": token_file})
    yield "s3cret-scrape-token"
    web.app.state.settings = settings


def test_with_a_metrics_token_set_metrics_and_status_need_it(
    client: TestClient[Litestar], token_required: str
) -> None:
    for path in ("/metrics", "/health/status"):
        assert client.get(path).status_code == 401
        assert client.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert (
            client.get(path, headers={"Authorization": f"Bearer {token_required}"}).status_code
            == 200
        )
