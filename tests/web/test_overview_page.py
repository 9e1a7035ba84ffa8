"""BRÅ-översikt (/oversikt): lokala BRÅ's portfolio of their municipality, for lokala BRÅ and
auditors; members are sent to their own start page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from municipal_checks import forms_that_write, heading_levels_in_order, section_of
from web_helpers import ADMIN, SUBMITTED_CASE, WebWorld, login, structure, world_of

from problemorienterat.domain.actor import Organisation, Role
from projections.views.overview import BraOverview

OVERVIEW = "/oversikt"


def the_view(client: TestClient[Litestar]) -> BraOverview:
    world = world_of(client)
    world.wait_for_views()
    overview: BraOverview = world.web_app.state.projections.bra_overview("1882")
    return overview


def test_lokala_bra_lands_on_the_overview_with_the_stage_chart_and_its_numbers(
    client: TestClient[Litestar],
) -> None:
    """After logging in lokala BRÅ is on /oversikt: the municipality, the SARA chart as inline
    SVG (role=img, a <title> and an aria-label naming each stage's count) and the same
    numbers as a table, open problems as a key figure."""
    login(client, "bra")
    view = the_view(client)
    page = client.get("/")
    assert page.status_code == 200
    start = client.get(OVERVIEW)
    assert start.status_code == 200
    html = start.text
    assert "<h1>BRÅ-översikt" in html
    assert "Kungsör" in html
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    assert "<title>" in svg.group(0)
    counts = {c.stage.label_sv: c.count for c in view.by_stage}
    for stage in ("Identifiera", "Analysera", "Åtgärda", "Följa upp"):
        assert f"{stage} {counts[stage]}" in svg.group(0)
        assert f'<th scope="row">{stage}</th><td class="number">{counts[stage]}</td>' in html
    open_total = sum(counts[s] for s in ("Identifiera", "Analysera", "Åtgärda", "Följa upp"))
    assert f'<span class="figure">{open_total}</span>' in html
    assert "<script" not in html


def test_login_sends_lokala_bra_and_auditors_to_the_overview(
    client: TestClient[Litestar],
) -> None:
    """The login form's redirect for lokala BRÅ and auditors is /oversikt."""
    for role in ("bra", "auditor"):
        client.cookies.clear()
        page = client.get("/logga-in")
        token = world_of(client).tokens[role]
        csrf = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
        assert csrf is not None
        answer = client.post(
            "/logga-in",
            data={"_csrf_token": csrf.group(1), "token": token},
            follow_redirects=False,
        )
        assert answer.headers["location"] == OVERVIEW, role


def test_groups_and_focus_areas_are_counted_and_groups_link_to_their_boards(
    client: TestClient[Litestar],
) -> None:
    """Per arbetsgrupp: every group with open and all problems, linked to its board; per
    fokusområde: every focus area with its counts; problems without either are named so."""
    login(client, "bra")
    view = the_view(client)
    html = client.get(OVERVIEW).text
    groups = section_of(html, "per-grupp")
    for count in view.by_group:
        if count.group_id is None:
            assert "Ingen arbetsgrupp ännu" in groups
            continue
        row = re.search(
            rf'<a href="/grupper/{count.group_id}">{re.escape(str(count.group_name))}</a></th>'
            rf'\s*<td class="number">(\d+)</td>\s*<td class="number">(\d+)</td>',
            groups,
        )
        assert row is not None, count.group_name
        assert (int(row.group(1)), int(row.group(2))) == (count.open_problems, count.problems)
    areas = section_of(html, "per-fokusomrade")
    for area in view.by_focus_area:
        assert (area.focus_area_title or "Inget fokusområde") in areas


def test_the_work_lists_link_to_the_review_and_problem_pages(
    client: TestClient[Litestar],
) -> None:
    """The review queue links each assessment to /granskning/{reference}; overdue actions
    name the action, link the problem to /arenden/{reference} and say "N dagar"."""
    login(client, "bra")
    view = the_view(client)
    html = client.get(OVERVIEW).text
    queue = section_of(html, "granskning")
    assert view.awaiting_review, "the demo has an assessment waiting"
    for item in view.awaiting_review:
        assert f'href="/granskning/{item.reference}"' in queue
        assert f'href="/arenden/{item.reference}"' in queue
    assert f"({view.awaiting_review_total})" in queue
    overdue = section_of(html, "forsenade")
    assert view.overdue_actions, "the demo has overdue actions"
    for action in view.overdue_actions:
        assert action.title in overdue
        assert f'href="/arenden/{action.reference}"' in overdue
        assert f"{action.days_overdue} dagar" in overdue
        assert f'<time datetime="{action.due_date.isoformat()}">' in overdue


def test_problems_standing_still_show_how_many_days(
    client: TestClient[Litestar], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen 90 days from now, every open demo problem stands still: each is listed with a
    link to its problem page and "90 dagar", and the total is in the heading."""
    login(client, "bra")
    views = world_of(client).web_app.state.projections
    later = datetime.now(UTC) + timedelta(days=90)  # the events carry the real clock's time
    monkeypatch.setattr(views, "bra_overview", partial(views.bra_overview, now=later))
    view = views.bra_overview("1882")
    assert view.stale_problems
    html = client.get(OVERVIEW).text
    still = section_of(html, "star-still")
    assert f"({view.stale_problems_total})" in still
    for problem in view.stale_problems:
        assert f'href="/arenden/{problem.reference}"' in still
    assert f"{view.stale_problems[0].days_since_change} dagar" in still
    assert "Inga ärenden står still" not in still


def test_a_cut_list_says_how_many_it_shows_of_its_total(
    client: TestClient[Litestar], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a work list holds fewer items than its total (the view gives the 50 most urgent),
    the page says "Visar de N … av TOTAL"; an uncut list says nothing of the kind."""
    login(client, "bra")
    views = world_of(client).web_app.state.projections
    whole = client.get(OVERVIEW).text
    assert "Visar de" not in whole
    monkeypatch.setattr(views, "bra_overview", partial(views.bra_overview, list_limit=1))
    view = views.bra_overview("1882")
    assert view.overdue_actions_total > 1
    html = client.get(OVERVIEW).text
    overdue = section_of(html, "forsenade")
    assert f"Visar de 1 som är mest försenade av {view.overdue_actions_total}." in overdue


def test_the_auditor_reads_the_overview_without_any_form_that_writes(
    client: TestClient[Litestar],
) -> None:
    """Auditors see the same overview, and the page has no POST form but Logga ut."""
    login(client, "auditor")
    html = client.get(OVERVIEW).text
    assert "<h1>BRÅ-översikt" in html
    assert forms_that_write(html) == []


@pytest.mark.parametrize(("role", "lands_on"), [("member", "board"), ("outsider", "/")])
def test_members_are_sent_to_their_own_start_page_with_a_note(
    client: TestClient[Litestar], role: str, lands_on: str
) -> None:
    """A member asking for /oversikt (e.g. an old bookmark) is sent (303) to their group's
    board, a member of no group to the start page; the next page says why. The overview's
    content is never shown to them."""
    login(client, role)
    answer = client.get(OVERVIEW, follow_redirects=False)
    assert answer.status_code == 303
    expected = f"/grupper/{world_of(client).youth_group_id}" if lands_on == "board" else "/"
    assert answer.headers["location"] == expected
    landed = client.get(expected)
    assert "BRÅ-översikten är till för lokala BRÅ och revisorer" in landed.text
    assert "Väntar på granskning" not in landed.text


def test_administrators_and_visitors_do_not_get_the_overview(
    client: TestClient[Litestar],
) -> None:
    """Without a login: to the login page (remembering /oversikt); an administrator: to the
    administration page."""
    answer = client.get(OVERVIEW, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/logga-in?nasta=%2Foversikt"
    login(client, "admin")
    answer = client.get(OVERVIEW, follow_redirects=False)
    assert answer.headers["location"] == "/administration"


def test_another_municipality_is_not_found(client: TestClient[Litestar]) -> None:
    """?kommun= naming a municipality the user is not given answers 404, as in the API."""
    login(client, "bra")
    for code in ("1980", "x"):
        answer = client.get(OVERVIEW, params={"kommun": code})
        assert answer.status_code == 404, code
        assert "Väntar på granskning" not in answer.text


def test_the_page_is_accessible_and_offline(client: TestClient[Litestar]) -> None:
    """Headings in order, every table captioned with scoped headers, every field labelled,
    nothing from another host, times as <time datetime>."""
    login(client, "bra")
    html = client.get(OVERVIEW).text
    page = structure(html)
    assert page.unlabelled_inputs() == []
    assert page.external_urls() == []
    assert heading_levels_in_order(html)
    assert html.count("<table") == html.count("<caption")
    assert "<th>" not in html
    assert 'href="/static/municipal.css"' in html
    assert "<time datetime=" in html


# ---------------------------------------------------------------------- several municipalities


def two_municipalities(world: WebWorld) -> None:
    """A second municipality (1980, no problems) and a lokala BRÅ user given both."""
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
    world.wait_for_views()


def test_a_user_of_several_municipalities_picks_one(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """Given two municipalities, the page has a labelled Kommun selector (a GET form) and
    shows the first by code; ?kommun=1980 shows the other, whose empty lists say so."""
    two_municipalities(fresh_world)
    login(fresh_client, "bra-both")
    first = fresh_client.get(OVERVIEW).text
    assert '<label for="f-kommun">Kommun</label>' in first
    assert '<form method="get" action="/oversikt"' in first
    assert "Kungsör" in first
    assert SUBMITTED_CASE in first
    other = fresh_client.get(OVERVIEW, params={"kommun": "1980"})
    assert other.status_code == 200
    assert '<option value="1980" selected>' in other.text
    assert "KUN-" not in other.text
    assert "Inga uppföljningar väntar på granskning." in other.text
    assert "Inga åtgärder är försenade." in other.text
    assert structure(other.text).unlabelled_inputs() == []


def test_a_user_of_one_municipality_has_no_selector(client: TestClient[Litestar]) -> None:
    """With one municipality there is nothing to pick: no selector."""
    login(client, "bra")
    assert 'name="kommun"' not in client.get(OVERVIEW).text
