"""Gruppens tavla (/grupper/{group_id}) and the list of groups (/grupper): a member sees only
their own groups' boards; lokala BRÅ and auditors every group of their municipality."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from municipal_checks import forms_that_write, heading_levels_in_order, section_of
from web_helpers import ADMIN, STORY_TODAY, SUBMITTED_CASE, WebWorld, login, structure, world_of

from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.working_group import GroupKind
from projections.views.board import GroupBoard
from web.pages import group_board as group_board_page

BRA_ACTOR = Actor("u-bra-test", "Testare BRÅ", Organisation.KOMMUN, Role.BRA)


def board_path(world: WebWorld, name: str = "UNG-gruppen") -> str:
    return f"/grupper/{world.demo.groups[name]}"


def the_board(world: WebWorld, name: str = "UNG-gruppen") -> GroupBoard:
    world.wait_for_views()
    board: GroupBoard | None = world.web_app.state.projections.group_board(
        "1882", world.demo.groups[name]
    )
    assert board is not None
    return board


def test_a_member_sees_their_groups_problems_in_a_column_per_stage(
    client: TestClient[Litestar],
) -> None:
    """UNG-gruppen's member: the board names the group and puts each open problem, linked to
    its problem page, under the heading of its SARA stage; every stage has a column."""
    login(client, "member")
    world = world_of(client)
    board = the_board(world)
    answer = client.get(board_path(world))
    assert answer.status_code == 200
    html = answer.text
    assert "<h1>UNG-gruppen" in html
    assert board.problems
    for stage in ("scanning", "analysis", "response", "assessment"):
        assert f'id="steg-{stage}"' in html
    for problem in board.problems:
        column = section_of(html, f"steg-{problem.stage.value}")
        assert f'href="/arenden/{problem.reference}"' in column, problem.reference
        assert problem.title in column


def test_actions_show_due_dates_and_overdue_in_words(client: TestClient[Litestar]) -> None:
    """Every open action is listed with its due date as <time>; an overdue one also says
    "Försenad N dagar" (in text, not only colour), and a timely one does not."""
    login(client, "member")
    world = world_of(client)
    board = the_board(world)
    html = section_of(client.get(board_path(world)).text, "atgarder")
    assert any(a.overdue for a in board.next_actions)
    assert any(not a.overdue for a in board.next_actions)
    for action in board.next_actions:
        row = re.search(rf"<th scope=\"row\">{re.escape(action.title)}</th>.*?</tr>", html, re.S)
        assert row is not None, action.title
        assert f'<time datetime="{action.due_date.isoformat()}">' in row.group(0)
        late = f"Försenad {(STORY_TODAY - action.due_date).days} dagar"
        assert (late in row.group(0)) is action.overdue, action.title


def test_what_waits_on_the_group_is_listed(client: TestClient[Litestar]) -> None:
    """The board's waiting items (here: an overdue action) are under "Väntar på gruppen",
    each linked to its problem."""
    login(client, "member")
    world = world_of(client)
    board = the_board(world)
    assert board.waiting
    waiting = section_of(client.get(board_path(world)).text, "vantar")
    assert f"({len(board.waiting)})" in waiting
    for item in board.waiting:
        assert item.title in waiting
        assert f'href="/arenden/{item.reference}"' in waiting


def test_a_returned_assessment_shows_lokala_bras_comments(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """When lokala BRÅ returns an assessment, the group's board shows it under "Väntar på
    gruppen" with the comments and the minutes reference."""
    problem_id = fresh_world.demo.problems[SUBMITTED_CASE]
    fresh_world.application.return_assessment(
        BRA_ACTOR,
        problem_id,
        comments="Jämför samma period som baslinjen.",
        minutes_reference="BRÅ 2026:4",
    )
    fresh_world.wait_for_views()
    login(fresh_client, "member")
    waiting = section_of(fresh_client.get(board_path(fresh_world)).text, "vantar")
    assert "Uppföljningen är återremitterad" in waiting
    assert "Jämför samma period som baslinjen." in waiting
    assert "BRÅ 2026:4" in waiting
    assert f'href="/arenden/{SUBMITTED_CASE}"' in waiting


@pytest.mark.parametrize("name", ["Grannsamverkan Valla", "Projektgrupp Trygg centrummiljö"])
def test_a_member_gets_404_for_another_groups_board(
    client: TestClient[Litestar], name: str
) -> None:
    """Another group's board is answered 404, as if it did not exist, with none of its
    problems on the page."""
    login(client, "member")
    world = world_of(client)
    other = the_board(world, name)
    answer = client.get(board_path(world, name))
    assert answer.status_code == 404
    assert name not in answer.text.split("<main", 1)[1]
    for problem in other.problems:
        assert problem.reference not in answer.text


def test_unknown_and_malformed_groups_are_not_found(client: TestClient[Litestar]) -> None:
    """A group id nobody has, or text that is no id: 404."""
    login(client, "bra")
    for path in (f"/grupper/{uuid4()}", "/grupper/inte-ett-id"):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("role", ["bra", "auditor"])
def test_lokala_bra_and_auditors_open_every_groups_board(
    client: TestClient[Litestar], role: str
) -> None:
    """Every group of the municipality opens for lokala BRÅ and the auditor; the auditor's
    pages have no form that writes."""
    login(client, role)
    world = world_of(client)
    for name in world.demo.groups:
        answer = client.get(board_path(world, name))
        assert answer.status_code == 200, name
        assert f"<h1>{name}" in answer.text
        if role == "auditor":
            assert forms_that_write(answer.text) == []


def test_a_group_of_another_municipality_is_not_found(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """Lokala BRÅ of Kungsör gets 404 for a group of a municipality they are not given."""
    fresh_world.application.register_municipality(
        ADMIN, code="1980", name="Västerås", reference_prefix="VÄS"
    )
    other = fresh_world.application.establish_group(
        BRA_ACTOR,
        municipality="1980",
        name="Västerås UNG",
        kind=GroupKind.YOUTH,
        mandate="Förebygga brott bland unga.",
    ).aggregate_id
    fresh_world.wait_for_views()
    login(fresh_client, "bra")
    answer = fresh_client.get(f"/grupper/{other}")
    assert answer.status_code == 404
    assert "Västerås UNG" not in answer.text


def test_a_dissolved_group_says_so(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """A dissolved group's board still opens for lokala BRÅ and says the group is dissolved;
    the group list marks it "(upplöst)"."""
    group_id = fresh_world.demo.groups["Grannsamverkan Valla"]
    fresh_world.application.dissolve_group(BRA_ACTOR, group_id, reason="Uppdraget är slutfört.")
    fresh_world.wait_for_views()
    login(fresh_client, "bra")
    assert "Gruppen är upplöst" in fresh_client.get(f"/grupper/{group_id}").text
    listed = fresh_client.get("/grupper").text
    assert re.search(r"Grannsamverkan Valla</a>\s*<span class=\"muted\">\(upplöst\)", listed)


# ---------------------------------------------------------------------- the list of groups


def test_lokala_bra_lists_every_group_with_its_counts(client: TestClient[Litestar]) -> None:
    """/grupper for lokala BRÅ: every group of the municipality linked to its board, with
    its open and all problems as the overview counts them."""
    login(client, "bra")
    world = world_of(client)
    world.wait_for_views()
    counts = {c.group_id: c for c in world.web_app.state.projections.bra_overview("1882").by_group}
    html = client.get("/grupper").text
    for name, group_id in world.demo.groups.items():
        row = re.search(
            rf'<a href="/grupper/{group_id}">{re.escape(name)}</a>.*?'
            r'<td class="number"[^>]*>(\d+)</td>\s*<td class="number"[^>]*>(\d+)</td>',
            html,
            re.S,
        )
        assert row is not None, name
        count = counts[group_id]
        assert (int(row.group(1)), int(row.group(2))) == (count.open_problems, count.problems)


def test_a_member_lists_only_their_own_groups(client: TestClient[Litestar]) -> None:
    """/grupper for a member: their groups only; a member of none is told so."""
    login(client, "member")
    world = world_of(client)
    html = client.get("/grupper").text
    assert f'href="{board_path(world)}"' in html
    assert "Grannsamverkan Valla" not in html
    client.cookies.clear()
    login(client, "outsider")
    assert "Du är inte med i någon arbetsgrupp ännu." in client.get("/grupper").text


def test_the_navigation_of_lokala_bra_has_the_group_list(client: TestClient[Litestar]) -> None:
    """Lokala BRÅ's navigation links Arbetsgrupper (/grupper); a member's does not."""
    login(client, "bra")
    assert '<a href="/grupper"' in client.get("/").text
    client.cookies.clear()
    login(client, "member")
    assert '<a href="/grupper"' not in client.get("/").text


def test_the_board_is_accessible_and_offline(client: TestClient[Litestar]) -> None:
    """Headings in order, every table captioned with scoped headers, times as <time>, no
    URL to another host, no script."""
    login(client, "member")
    world = world_of(client)
    for path in (board_path(world), "/grupper"):
        html = client.get(path).text
        page = structure(html)
        assert page.unlabelled_inputs() == [], path
        assert page.external_urls() == [], path
        assert heading_levels_in_order(html), path
        assert html.count("<table") == html.count("<caption"), path
        assert "<script" not in html, path


def test_a_long_column_shows_the_newest_and_links_to_the_problem_list(
    client: TestClient[Litestar], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the board's lists cut at one item, a stage holding more says "Visar de 1 nyaste
    av N" and links to the problem list filtered by group and stage, which opens for the
    member and lists them all; the heading and key figures count every problem, not the
    shown ones."""
    monkeypatch.setattr(group_board_page, "BOARD_LIST_LIMIT", 1)
    login(client, "member")
    world = world_of(client)
    group_id = world.demo.groups["UNG-gruppen"]
    world.wait_for_views()
    full = world.web_app.state.projections.group_board("1882", group_id)
    assert full is not None
    stage, total = max(((c.stage, c.count) for c in full.stage_totals), key=lambda c: c[1])
    assert total > 1, "the demo's UNG-gruppen should hold several problems in one stage"
    html = client.get(board_path(world)).text
    column = section_of(html, f"steg-{stage.value}")
    assert f"Visar de 1 nyaste av {total}." in column
    link = f"/arenden?grupp={group_id}&amp;skede={stage.value}"
    assert f'href="{link}"' in column
    assert column.count('class="board-card"') == 1
    assert f'<span class="figure">{full.problems_total}</span>' in html
    listed = client.get(link.replace("&amp;", "&"))
    assert listed.status_code == 200
    for problem in full.problems:
        if problem.stage is stage:
            assert problem.reference in listed.text
