"""Medborgarlöfte (/medborgarlofte/{year}): a year's focus areas, activities with status and
linked problems with outcomes, readable by every reader of the municipality."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from municipal_checks import forms_that_write, heading_levels_in_order, section_of
from web_helpers import ADMIN, CLOSED_CASE, STORY_NOW, WebWorld, login, structure, world_of

from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.labels import label
from projections.views.follow_up import CitizenPromiseFollowUp
from web.pages import citizen_promise as citizen_promise_page

BRA_ACTOR = Actor("u-bra-test", "Testare BRÅ", Organisation.KOMMUN, Role.BRA)


def the_follow_up(world: WebWorld) -> CitizenPromiseFollowUp:
    world.wait_for_views()
    found: CitizenPromiseFollowUp | None = (
        world.web_app.state.projections.citizen_promise_follow_up("1882", world.demo.year)
    )
    assert found is not None
    return found


def year_path(world: WebWorld) -> str:
    return f"/medborgarlofte/{world.demo.year}"


def test_the_promise_link_goes_to_this_years_promise(client: TestClient[Litestar]) -> None:
    """/medborgarlofte (the navigation's link) is a 303 to this year's promise."""
    login(client, "bra")
    world_of(client).wait_for_views()  # the years come from the views
    answer = client.get("/medborgarlofte", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/medborgarlofte/{STORY_NOW.year}"


def test_lokala_bra_sees_focus_areas_activities_and_problems_with_outcomes(
    client: TestClient[Litestar],
) -> None:
    """Every focus area is a section with its activities (status in Swedish, due date as
    <time>) and every linked problem, linked to its problem page, with its stage and its
    outcome (or "Inte bedömt ännu"); the adopted state and date are shown."""
    login(client, "bra")
    world = world_of(client)
    follow_up = the_follow_up(world)
    answer = client.get(year_path(world))
    assert answer.status_code == 200
    html = answer.text
    assert f"<h1>Medborgarlöfte {world.demo.year}" in html
    assert follow_up.adopted_on is not None
    assert "Antaget" in html
    assert f'<time datetime="{follow_up.adopted_on.isoformat()}">' in html
    for index, area in enumerate(follow_up.focus_areas, start=1):
        part = section_of(html, f"fokus-{index}")
        assert area.title in part
        for activity in area.activities:
            row = re.search(
                rf'<th scope="row">{re.escape(activity.description)}</th>.*?</tr>', part, re.S
            )
            assert row is not None, activity.description
            assert label(activity.status) in row.group(0)
        for problem in area.problems:
            row = re.search(rf'href="/arenden/{problem.reference}".*?</tr>', part, re.S)
            assert row is not None, problem.reference
            expected = label(problem.outcome) if problem.outcome else "Inte bedömt ännu"
            assert expected in row.group(0)
            assert label(problem.stage) in row.group(0)
    assert "andra arbetsgrupper visas inte" not in html


def test_a_member_sees_only_their_groups_problems_and_a_count_of_the_others(
    client: TestClient[Litestar],
) -> None:
    """UNG-gruppen's member reads the promise (activities and all), but of the linked
    problems only their own groups' are listed; the others are only counted."""
    login(client, "member")
    world = world_of(client)
    follow_up = the_follow_up(world)
    html = client.get(year_path(world)).text
    board = world.web_app.state.projections.group_board("1882", world.demo.groups["UNG-gruppen"])
    own_open = {p.reference for p in board.problems}
    other = CLOSED_CASE  # Bostadsinbrott i Valla: Grannsamverkan Valla's problem
    linked = {p.reference for area in follow_up.focus_areas for p in area.problems}
    assert other in linked
    assert other not in html
    for reference in own_open & linked:
        assert f'href="/arenden/{reference}"' in html
    for area in follow_up.focus_areas:
        for activity in area.activities:
            assert activity.description in html
    assert "i andra arbetsgrupper visas inte här." in html


def test_a_member_of_no_group_reads_the_promise_without_problems(
    client: TestClient[Litestar],
) -> None:
    """A member of no working group may read the promise (as the API allows) but is shown
    no problem at all."""
    login(client, "outsider")
    world = world_of(client)
    answer = client.get(year_path(world))
    assert answer.status_code == 200
    assert "/arenden/" not in answer.text
    assert "KUN-" not in answer.text


@pytest.mark.parametrize("role", ["auditor", "member"])
def test_readers_get_no_form_that_writes(client: TestClient[Litestar], role: str) -> None:
    """The page only reads: no POST form but Logga ut, for the auditor and members."""
    login(client, role)
    assert forms_that_write(client.get(year_path(world_of(client))).text) == []


def test_a_year_without_a_promise_is_not_found_but_names_the_years_that_have_one(
    client: TestClient[Litestar],
) -> None:
    """/medborgarlofte/2019: 404 with a Swedish sentence and links to the years there are."""
    login(client, "bra")
    world = world_of(client)
    answer = client.get("/medborgarlofte/2019")
    assert answer.status_code == 404
    assert "Det finns inget medborgarlöfte för 2019 i Kungsör." in answer.text
    assert f'href="{year_path(world)}"' in answer.text
    assert client.get("/medborgarlofte/99999").status_code == 404
    assert client.get("/medborgarlofte/inte-ett-ar").status_code == 404


def test_visitors_and_administrators_are_sent_away(client: TestClient[Litestar]) -> None:
    """Without a login the page asks for one; an administrator goes to administration."""
    world = world_of(client)
    answer = client.get(year_path(world), follow_redirects=False)
    assert answer.headers["location"].startswith("/logga-in?nasta=")
    login(client, "admin")
    answer = client.get(year_path(world), follow_redirects=False)
    assert answer.headers["location"] == "/administration"


def test_the_page_is_accessible_and_offline(client: TestClient[Litestar]) -> None:
    """Headings in order, every table captioned, times as <time>, nothing from another host."""
    login(client, "bra")
    html = client.get(year_path(world_of(client))).text
    page = structure(html)
    assert page.unlabelled_inputs() == []
    assert page.external_urls() == []
    assert heading_levels_in_order(html)
    assert html.count("<table") == html.count("<caption")
    assert "<time datetime=" in html


# ---------------------------------------------------------------------- another municipality


def second_municipality(world: WebWorld) -> None:
    """Västerås (1980) and a lokala BRÅ user given Kungsör and Västerås."""
    world.application.register_municipality(
        ADMIN, code="1980", name="Västerås", reference_prefix="VÄS"
    )
    both = world.application.add_user(
        ADMIN,
        name="Berit Båda",
        organisation=Organisation.KOMMUN,
        role=Role.BRA,
        municipalities=["1882", "1980"],
    )
    world.tokens["bra-both"] = both.token


def test_without_this_years_promise_the_latest_draft_is_shown_as_a_draft(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """A municipality whose only promise is a draft of an earlier year: /medborgarlofte goes
    to that year (keeping ?kommun=), which says it is a draft not yet adopted."""
    second_municipality(fresh_world)
    fresh_world.application.draft_citizen_promise(
        BRA_ACTOR, municipality="1980", year=2024, title="Medborgarlöfte 2024 för Västerås"
    )
    fresh_world.wait_for_views()
    login(fresh_client, "bra-both")
    answer = fresh_client.get("/medborgarlofte", params={"kommun": "1980"}, follow_redirects=False)
    assert answer.headers["location"] == "/medborgarlofte/2024?kommun=1980"
    html = fresh_client.get("/medborgarlofte/2024", params={"kommun": "1980"}).text
    assert "Medborgarlöfte 2024 för Västerås" in html
    assert "Utkast" in html
    assert "ännu inte antaget" in html
    assert "Medborgarlöftet har inga fokusområden ännu." in html


def test_a_municipality_without_any_promise_says_so(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """No promise at all: /medborgarlofte answers a page saying so, not an error."""
    second_municipality(fresh_world)
    fresh_world.wait_for_views()
    login(fresh_client, "bra-both")
    answer = fresh_client.get("/medborgarlofte", params={"kommun": "1980"})
    assert answer.status_code == 200
    assert "Västerås har inget medborgarlöfte ännu." in answer.text
    assert structure(answer.text).unlabelled_inputs() == []


def test_another_municipalitys_promise_is_not_found(client: TestClient[Litestar]) -> None:
    """?kommun= naming a municipality the user is not given: 404."""
    login(client, "member")
    world = world_of(client)
    answer = client.get(year_path(world), params={"kommun": "1980"})
    assert answer.status_code == 404


def test_with_several_years_the_page_links_each_year(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """When the municipality has promises for several years, the page links every year and
    marks the one shown (aria-current); with one year there is no year list."""
    login(fresh_client, "bra")
    single = fresh_client.get(year_path(fresh_world)).text
    assert "Medborgarlöften per år" not in single
    earlier = fresh_world.demo.year - 3
    fresh_world.application.draft_citizen_promise(
        BRA_ACTOR, municipality="1882", year=earlier, title=f"Medborgarlöfte {earlier}"
    )
    fresh_world.wait_for_views()
    html = fresh_client.get(year_path(fresh_world)).text
    assert f'<a href="/medborgarlofte/{fresh_world.demo.year}" aria-current="page">' in html
    assert f'<a href="/medborgarlofte/{earlier}">{earlier}</a>' in html


def test_a_long_list_of_linked_problems_shows_the_newest_and_links_to_the_problem_list(
    client: TestClient[Litestar], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the lists cut at one problem, a focus area linking more says "Visar de 1 nyaste
    av N" and (for lokala BRÅ) links to the problem list filtered by the focus area, which
    lists them all; the summary table counts every linked problem."""
    monkeypatch.setattr(citizen_promise_page, "FOLLOW_UP_LIST_LIMIT", 1)
    login(client, "bra")
    world = world_of(client)
    follow_up = the_follow_up(world)
    index, area = max(enumerate(follow_up.focus_areas, start=1), key=lambda a: a[1].problems_total)
    assert area.problems_total > 1, "the demo should link several problems to a focus area"
    html = client.get(year_path(world)).text
    part = section_of(html, f"fokus-{index}")
    assert f"Visar de 1 nyaste av {area.problems_total}." in part
    link = f"/arenden?fokus={area.focus_area_id}"
    assert f'href="{link}"' in part
    assert part.count('href="/arenden/KUN-') == 1
    summary = section_of(html, "i-korthet")
    assert f'<td class="number" data-label="Ärenden">{area.problems_total}</td>' in summary
    listed = client.get(link).text
    for problem in area.problems:
        assert problem.reference in listed


def test_a_member_is_told_how_many_of_their_groups_problems_are_shown(
    client: TestClient[Litestar], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member's lists hold their own groups' problems only, cut at the limit with "Visar de
    N nyaste av TOTAL" counting their groups' (no link: the problem list is per group for
    members), and the other groups' are only counted."""
    monkeypatch.setattr(citizen_promise_page, "FOLLOW_UP_LIST_LIMIT", 1)
    login(client, "member")
    world = world_of(client)
    world.wait_for_views()
    ung = world.demo.groups["UNG-gruppen"]
    own = world.web_app.state.projections.citizen_promise_follow_up(
        "1882", world.demo.year, group_ids=[ung]
    )
    assert own is not None
    html = client.get(year_path(world)).text
    assert "/arenden?fokus=" not in html
    for index, area in enumerate(own.focus_areas, start=1):
        part = section_of(html, f"fokus-{index}")
        assert part.count('href="/arenden/KUN-') == min(1, area.problems_total)
        cut = f"Visar de 1 nyaste av {area.problems_total}."
        assert (cut in part) is (area.problems_total > 1)
        hidden = area.all_problems_total - area.problems_total
        if hidden:
            assert f"{hidden} {'ärende' if hidden == 1 else 'ärenden'} i andra" in part
