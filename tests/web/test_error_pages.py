"""Error pages on web paths: Swedish HTML for domain errors and rate limits; the English
domain message never reaches a page."""

from __future__ import annotations

import pytest
from litestar import Litestar, get
from litestar.testing import TestClient

from api.errors import problem_details_plugin
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app
from problemorienterat.domain.errors import (
    NotFoundError,
    VersionConflictError,
    WrongStageError,
)
from web.app import web_parts

ENGLISH = "the problem is in the scanning stage"


@get("/steg")
async def wrong_stage() -> None:
    raise WrongStageError(f"Recording a finding belongs to analysis; {ENGLISH}.")


@get("/api/steg")
async def api_wrong_stage() -> None:
    raise WrongStageError(f"Recording a finding belongs to analysis; {ENGLISH}.")


@get("/saknas")
async def missing() -> None:
    raise NotFoundError("No problem with that id.")


@get("/gammal")
async def stale() -> None:
    raise VersionConflictError("The version you changed was 3.", expected=3, actual=4)


@pytest.fixture(scope="module")
def errors_client() -> TestClient[Litestar]:
    parts = web_parts(None)
    app = Litestar(
        route_handlers=[wrong_stage, api_wrong_stage, missing, stale, *parts.route_handlers],
        plugins=[problem_details_plugin(), *parts.plugins],
        template_config=parts.template_config,
    )
    return TestClient(app=app)


def test_a_broken_process_rule_on_a_web_path_is_a_swedish_409_page(
    errors_client: TestClient[Litestar],
) -> None:
    """409, HTML, the rule's Swedish text, and not the English message."""
    answer = errors_client.get("/steg")
    assert answer.status_code == 409
    assert answer.headers["content-type"].startswith("text/html")
    assert "ett annat skede i SARA" in answer.text
    assert ENGLISH not in answer.text


def test_the_same_error_on_an_api_path_stays_problem_details(
    errors_client: TestClient[Litestar],
) -> None:
    """Under /api the problem+json answer (with its English detail) is unchanged."""
    answer = errors_client.get("/api/steg")
    assert answer.status_code == 409
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["rule"] == "wrong-stage"


def test_an_unknown_reference_is_the_404_page(errors_client: TestClient[Litestar]) -> None:
    """A NotFoundError on a web path: the Swedish 404 page."""
    answer = errors_client.get("/saknas")
    assert answer.status_code == 404
    assert "Sidan finns inte" in answer.text


def test_a_stale_version_offers_to_reload(errors_client: TestClient[Litestar]) -> None:
    """A version conflict outside a form: 409 with the Swedish text and a reload link."""
    answer = errors_client.get("/gammal")
    assert answer.status_code == 409
    assert "Ärendet har ändrats av någon annan sedan du öppnade sidan" in answer.text
    assert 'href="/gammal"' in answer.text


def test_too_many_requests_on_a_web_path_is_a_swedish_429_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over the rate limit, a page answers 429 in Swedish HTML (the API keeps JSON)."""
    monkeypatch.setenv("PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE", "2")
    application = ProblemorienteratApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    with TestClient(app=create_app(application=application)) as client:
        answers = [client.get("/logga-in") for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        assert answers[-1].headers["content-type"].startswith("text/html")
        assert "För många förfrågningar" in answers[-1].text
        api = client.get("/api/v1/me")
        assert api.status_code == 429
        assert api.headers["content-type"].startswith("application/problem+json")
    application.close()
