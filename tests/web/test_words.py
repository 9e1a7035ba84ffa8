"""The words of the pages (issue 13, docs/ordlista.md): the auditor is a Revisor, nobody is
offered a Granska link that is refused behind it, history lines are Swedish sentences, times
are Swedish local time, and the HTML export names groups, focus areas and the municipality."""

from __future__ import annotations

import re
from datetime import UTC
from html import unescape

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from web_helpers import CLOSED_CASE, SUBMITTED_CASE, WebWorld, login, world_of

from problemorienterat.domain.problem import Problem
from problemorienterat.formatting import LOCAL_TIME


def _text(html: str) -> str:
    body = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _pages(world: WebWorld, role: str) -> list[str]:
    """The pages ``role`` may open in the demo (every page a role reaches from the menu, and
    the case pages of a closed and a submitted case)."""
    youth = f"/grupper/{world.youth_group_id}"
    common = ["/", "/arenden", f"/arenden/{SUBMITTED_CASE}", "/medborgarlofte"]
    if role == "member":
        return [*common, youth]
    return [
        *common,
        "/oversikt",
        "/grupper",
        youth,
        f"/arenden/{CLOSED_CASE}",
        "/historik",
        f"/historik/{CLOSED_CASE}",
        f"/historik/{CLOSED_CASE}/export.html",
        f"/historik/{SUBMITTED_CASE}",
    ]


def _problem(world: WebWorld, reference: str) -> Problem:
    return world.application.get_problem(world.demo.problems[reference])


# ---------------------------------------------------------------------------- role names


def test_the_auditor_is_called_revisor(client: TestClient[Litestar]) -> None:
    """The layout names the auditor's role "Revisor"."""
    login(client, "auditor")
    assert "Inloggad som Ingrid Lundqvist (Revisor)" in _text(client.get("/").text)


@pytest.mark.parametrize("role", ["auditor", "bra", "member"])
def test_granskare_and_a_small_bra_appear_on_no_page(
    client: TestClient[Litestar], role: str
) -> None:
    """ "Granskare" (which collides with Granskning) is on no page any role can open, the
    HTML export included; lokala BRÅ is always written with a capital BRÅ."""
    world = world_of(client)
    login(client, role)
    for path in _pages(world, role):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert "granskare" not in answer.text.lower(), path
        text = _text(answer.text)
        assert not re.search(r"\b[Ll]okala (?!BRÅ)[Bb][Rr][AaÅå]\b", text), path


# ---------------------------------------------------------------------------- Granska links


@pytest.mark.parametrize("role", ["auditor", "member"])
def test_members_and_auditors_are_offered_no_granska_link(
    client: TestClient[Litestar], role: str
) -> None:
    """Only lokala BRÅ reviews: the overview, the boards, the case pages and the menu show a
    member and an auditor no link to a review (they would get 403 behind it)."""
    world = world_of(client)
    login(client, role)
    for path in _pages(world, role):
        html = client.get(path).text
        assert 'href="/granskning/' not in html, path
        assert not re.search(r">\s*Granska\b", html), path


def test_lokala_bra_is_offered_the_review_of_a_submitted_assessment(
    client: TestClient[Litestar],
) -> None:
    """The overview and the case page of a submitted uppföljning link lokala BRÅ to the
    review, and every such link opens (the links the others miss are real)."""
    world = world_of(client)
    login(client, "bra")
    links: set[str] = set()
    for path in _pages(world, "bra"):
        links.update(re.findall(r'href="(/granskning/[^"#?]+)"', client.get(path).text))
    assert f"/granskning/{SUBMITTED_CASE}" in links
    for link in links:
        assert client.get(link).status_code == 200, link


# ---------------------------------------------------------------------------- history


def test_a_history_line_names_the_group_not_its_id(client: TestClient[Litestar]) -> None:
    """The case's first line says who identified the problem and which working group got
    it, by name."""
    world = world_of(client)
    login(client, "auditor")
    html = client.get(f"/historik/{CLOSED_CASE}").text
    line = re.search(r'<li id="h1".*?</li>', html, re.S)
    assert line is not None
    text = _text(line.group(0))
    problem = _problem(world, CLOSED_CASE)
    assert problem.group_id is not None
    assert f"identifierade problemet ”{problem.title}”" in text
    assert "och gav det till arbetsgruppen Grannsamverkan Valla." in text
    assert str(problem.group_id) not in html


def test_history_times_are_swedish_local_time(client: TestClient[Litestar]) -> None:
    """Each line's time is Stockholm time (an hour or two after UTC), not UTC."""
    world = world_of(client)
    login(client, "auditor")
    html = client.get(f"/historik/{CLOSED_CASE}").text
    first = world.application.history(world.demo.problems[CLOSED_CASE])[0].timestamp
    local = first.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M")
    in_utc = first.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    assert local != in_utc
    line = re.search(r'<li id="h1".*?</li>', html, re.S)
    assert line is not None
    assert f">{local}</time>" in line.group(0)
    assert in_utc not in line.group(0)


# ---------------------------------------------------------------------------- the HTML export


def test_the_html_export_names_groups_focus_areas_and_the_municipality(
    client: TestClient[Litestar],
) -> None:
    """The readable export says "Kungsör (1882)", the working group's and the focus area's
    names, never their ids; it prints no "[]" and no field dumps; its times are local."""
    world = world_of(client)
    login(client, "auditor")
    html = client.get(f"/historik/{CLOSED_CASE}/export.html").text
    text = _text(html)
    problem = _problem(world, CLOSED_CASE)
    assert "Kommun: Kungsör (1882)" in text
    assert "arbetsgruppen Grannsamverkan Valla" in text
    assert "till fokusområdet ”Färre inbrott i bostadsområden”" in text
    for id_ in (problem.group_id, problem.focus_area_id, problem.citizen_promise_id):
        assert id_ is not None
        assert str(id_) not in html
        assert id_.hex not in html
    assert "[]" not in html
    assert "{'" not in html
    assert "UTC" not in html
    first = world.application.history(problem.id)[0].timestamp
    assert f">{first.astimezone(LOCAL_TIME).strftime('%Y-%m-%d %H:%M')}</time>" in html
