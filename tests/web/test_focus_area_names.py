"""The fokusområde a case is linked to is named, not given as an id: in the case page's header
and in the case's Historik (the linking event and the state)."""

from __future__ import annotations

import re
from html import unescape

from litestar import Litestar
from litestar.testing import TestClient
from web_helpers import WebWorld, login, world_of

from problemorienterat.domain.problem import Problem


def linked_case(world: WebWorld) -> tuple[Problem, str]:
    """A demo case linked to a focus area, and the area's title."""
    for problem_id in world.demo.problems.values():
        problem = world.application.get_problem(problem_id)
        if problem.citizen_promise_id is not None and problem.focus_area_id is not None:
            promise = world.application.get_citizen_promise(problem.citizen_promise_id)
            return problem, promise.focus_area(problem.focus_area_id).title
    raise AssertionError("the demo links no case to a focus area")


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_case_page_names_its_focus_area_in_the_header(client: TestClient[Litestar]) -> None:
    """The header says "Fokusområde" with the area's title, linked to its medborgarlöfte."""
    login(client, "bra")
    problem, title = linked_case(world_of(client))
    html = client.get(f"/arenden/{problem.reference}").text
    header = re.search(r'<header class="problem-header">.*?</header>', html, re.S)
    assert header is not None
    assert f"Fokusområde {title}" in text_of(header.group(0))
    assert re.search(r'<a href="/medborgarlofte/\d{4}\?kommun=1882">', header.group(0))
    assert str(problem.focus_area_id) not in html


def test_the_history_names_the_focus_area(client: TestClient[Litestar]) -> None:
    """Historik: the linking event's line and the state say the area's title."""
    login(client, "bra")
    world = world_of(client)
    problem, title = linked_case(world)
    html = client.get(f"/historik/{problem.reference}").text
    linked = next(
        e.version
        for e in world.application.history(problem.id)
        if e.event_type == "FocusAreaLinked"
    )
    line = re.search(rf'<li id="h{linked}".*?</li>', html, re.S)
    assert line is not None
    assert f"fokusområdet ”{title}”" in text_of(line.group(0))
    state = re.search(r'<section id="laget".*?</section>', html, re.S)
    assert state is not None
    assert f"Fokusområde {title}" in text_of(state.group(0))
