"""The layout and error pages: Swedish, accessible structure, nothing from the internet."""

from __future__ import annotations

import itertools
import re

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from web_helpers import CLOSED_CASE, SUBMITTED_CASE, login, structure, world_of


def _pages(client: TestClient[Litestar], role: str | None) -> dict[str, str]:
    pages = {}
    if role is not None:
        login(client, role)
    paths = ["/logga-in", "/finns-inte"] if role is None else ["/", "/finns-inte"]
    if role == "admin":
        paths = ["/administration", "/finns-inte"]
    for path in paths:
        pages[path] = client.get(path).text
    return pages


@pytest.mark.parametrize("role", [None, "bra", "member", "auditor", "admin"])
def test_every_page_is_swedish_labelled_and_offline(
    client: TestClient[Litestar], role: str | None
) -> None:
    """Each page: <html lang="sv">, <main id="innehall"> with a skip link to it, a label
    for every input, and no URL to another host (no CDN, no web fonts)."""
    for path, html in _pages(client, role).items():
        page = structure(html)
        assert page.html_lang == "sv", path
        assert page.main_ids == ["innehall"], path
        assert 'href="#innehall"' in html, path
        assert page.unlabelled_inputs() == [], path
        assert page.external_urls() == [], path
        assert 'href="/static/style.css"' in html, path


def test_logged_in_pages_have_a_logout_button_with_a_csrf_token(
    client: TestClient[Litestar],
) -> None:
    """Logga ut is a POST form button carrying the CSRF token (works without JavaScript)."""
    login(client, "auditor")
    html = client.get("/").text
    assert '<form method="post" action="/logga-ut"' in html
    assert 'name="_csrf_token"' in html
    assert "<script" not in html


def test_an_unknown_page_is_a_swedish_404_page(client: TestClient[Litestar]) -> None:
    """A web path that does not exist: 404 as a Swedish HTML page, not problem+json."""
    answer = client.get("/finns-inte")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "Sidan finns inte" in answer.text


def test_the_api_keeps_its_problem_details(client: TestClient[Litestar]) -> None:
    """API paths still answer errors as application/problem+json."""
    for path, status in (("/api/v1/finns-inte", 404), ("/api/v1/me", 401)):
        answer = client.get(path)
        assert answer.status_code == status
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert client.get("/health").json() == {"status": "ok"}


def test_the_web_pages_are_not_in_the_api_schema(client: TestClient[Litestar]) -> None:
    """The OpenAPI document describes the API only."""
    paths = client.get("/schema/openapi.json").json()["paths"]
    assert all(p.startswith(("/api/", "/health", "/ready")) for p in paths)


def test_the_stylesheet_is_served_by_the_app(client: TestClient[Litestar]) -> None:
    """/static/style.css is served as CSS and has visible focus outlines."""
    answer = client.get("/static/style.css")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/css")
    assert ":focus" in answer.text
    assert "@import" not in answer.text
    assert "url(" not in answer.text


def _changed_pages(client: TestClient[Litestar], role: str) -> list[str]:
    """The pages whose words issue 13 changed, as ``role`` opens them."""
    world = world_of(client)
    if role == "admin":
        return ["/administration"]
    pages = ["/", f"/grupper/{world.youth_group_id}", f"/arenden/{SUBMITTED_CASE}"]
    if role == "member":
        return pages
    pages += [
        "/oversikt",
        "/medborgarlofte",
        f"/arenden/{CLOSED_CASE}",
        f"/historik/{CLOSED_CASE}",
        f"/historik/{CLOSED_CASE}/export.html",
    ]
    if role == "bra":
        pages.append(f"/granskning/{SUBMITTED_CASE}")
    return pages


@pytest.mark.parametrize("role", ["bra", "member", "auditor", "admin"])
def test_the_pages_with_changed_words_stay_accessible(
    client: TestClient[Litestar], role: str
) -> None:
    """Overview, boards, case, review, history and the HTML export: Swedish, a label for
    every input, a caption for every table, headings from h1 without skipping a level."""
    login(client, role)
    for path in _changed_pages(client, role):
        answer = client.get(path)
        assert answer.status_code == 200, path
        html = answer.text
        page = structure(html)
        assert page.html_lang == "sv", path
        assert page.unlabelled_inputs() == [], path
        tables = re.findall(r"<table\b.*?</table>", html, flags=re.S)
        assert all(re.search(r"<table\b[^>]*>\s*<caption", t) for t in tables), path
        levels = [int(h) for h in re.findall(r"<h([1-6])\b", html)]
        assert levels, path
        assert levels[0] == 1, path
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), path
