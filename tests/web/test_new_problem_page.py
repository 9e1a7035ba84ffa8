"""Nytt problem (/arenden/nytt): a member records a problem for their own group from its board,
lokala BRÅ for any group of the municipality; auditors get no button and are refused; a bad
value shows the form again with the errors next to the fields and records nothing."""

from __future__ import annotations

import re
from html import unescape
from uuid import UUID

from httpx import Response
from litestar import Litestar
from litestar.testing import TestClient
from web_helpers import WebWorld, csrf_token, login, structure

from problemorienterat.domain.actor import Actor
from problemorienterat.domain.problem import Problem

NEW = "/arenden/nytt"
SETUP = Actor.system("Testdata")
BUTTON = re.compile(r'<a class="button" href="(/arenden/nytt[^"]*)">Nytt problem</a>')


def a_problem(**changes: str) -> dict[str, str]:
    """The form's fields filled in as a member would (group and municipality apart)."""
    fields = {
        "title": "Skadegörelse på lekplatsen i Hagaparken",
        "description": "Gungor och bänkar förstörs nästan varje helg sedan i våras.",
        "place": "Hagaparken",
        "source": "citizen_dialogue",
        "reported_by": "Medborgardialog i Hagaområdet",
        "frequency": "Varje helg sedan april",
        "harmed": "Barnfamiljer i området",
    }
    fields.update(changes)
    return fields


def selected(html: str, name: str) -> str | None:
    """The value of the selected option of the select ``name`` (None: none selected)."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, f"no select {name}"
    found = re.search(r'<option value="([^"]*)" selected>', select.group(1))
    return found.group(1) if found else None


def field_error(html: str, name: str) -> str | None:
    """The error shown next to the field ``name`` (None: none)."""
    found = re.search(rf'<p class="error-message" id="f-{name}-error">(.*?)</p>', html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("Fel: ", "") if found else None


def hidden(html: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', html)
    assert found is not None, f"no hidden {name}"
    return found.group(1)


def post_new(browser: TestClient[Litestar], form_html: str, fields: dict[str, str]) -> Response:
    """The form posted with ``fields`` and the CSRF token of ``form_html`` (not followed)."""
    return browser.post(
        NEW, data={"_csrf_token": csrf_token(form_html), **fields}, follow_redirects=False
    )


def problem_of(world: WebWorld, reference: str) -> Problem:
    return world.application.find_problem(reference)


def test_a_member_records_a_problem_from_their_groups_board(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """UNG-gruppen's board has "Nytt problem" with the group chosen; the saved problem opens
    (303) with a message, is UNG-gruppen's, and its history names the member who recorded it."""
    login(browser, "member")
    group = world.youth_group_id
    board = browser.get(f"/grupper/{group}").text
    button = BUTTON.search(board)
    assert button is not None
    form = browser.get(button.group(1).replace("&amp;", "&")).text
    assert selected(form, "group_id") == group
    answer = post_new(
        browser,
        form,
        {"municipality": hidden(form, "municipality"), "group_id": group, **a_problem()},
    )
    assert answer.status_code == 303, answer.text
    reference = answer.headers["location"].rsplit("/", 1)[1]
    assert answer.headers["location"] == f"/arenden/{reference}"
    page = browser.get(answer.headers["location"]).text
    assert f"Problemet är registrerat som {reference}." in page
    assert "Skadegörelse på lekplatsen i Hagaparken" in page
    problem = problem_of(world, reference)
    assert problem.group_id == UUID(group)
    assert problem.source.value == "citizen_dialogue"
    assert problem.harmed == "Barnfamiljer i området"
    first = world.application.history(problem.id)[0]
    assert first.actor is not None
    assert first.actor.user_id == world.user_ids["member"]
    browser.cookies.clear()
    login(browser, "bra")
    history = browser.get(f"/historik/{reference}").text
    line = re.search(r'<li id="h1".*?</li>', history, re.S)
    assert line is not None
    assert "Amina Rashid" in line.group(0)


def test_the_form_is_not_taken_for_a_reference(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """/arenden/nytt is the form, not a problem called "nytt"; a member of one group has it
    chosen, from the problem list too."""
    login(browser, "member")
    listing = browser.get("/arenden").text
    button = BUTTON.search(listing)
    assert button is not None
    answer = browser.get(button.group(1))
    assert answer.status_code == 200
    assert f'action="{NEW}"' in answer.text
    assert selected(answer.text, "group_id") == world.youth_group_id


def test_lokala_bra_records_a_problem_for_another_group(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Lokala BRÅ records a problem for Grannsamverkan Valla (a group it is not in) from
    that group's board."""
    login(browser, "bra")
    group = str(world.demo.groups["Grannsamverkan Valla"])
    button = BUTTON.search(browser.get(f"/grupper/{group}").text)
    assert button is not None
    form = browser.get(button.group(1)).text
    assert selected(form, "group_id") == group
    answer = post_new(
        browser,
        form,
        {"municipality": "1882", "group_id": group, **a_problem(title="Inbrott i förråd")},
    )
    assert answer.status_code == 303, answer.text
    problem = problem_of(world, answer.headers["location"].rsplit("/", 1)[1])
    assert problem.group_id == UUID(group)
    assert problem.title == "Inbrott i förråd"


def test_an_auditor_gets_no_button_and_is_refused(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The auditor sees no "Nytt problem" on a board or the list; the form and its POST answer
    403, and nothing is recorded."""
    login(browser, "auditor")
    listing = browser.get("/arenden").text
    assert BUTTON.search(listing) is None
    assert BUTTON.search(browser.get(f"/grupper/{world.youth_group_id}").text) is None
    assert browser.get(NEW).status_code == 403
    before = world.application.recorder.max_notification_id()
    answer = post_new(
        browser,
        listing,
        {"municipality": "1882", "group_id": world.youth_group_id, **a_problem()},
    )
    assert answer.status_code == 403
    assert world.application.recorder.max_notification_id() == before


def test_bad_input_shows_errors_next_to_the_fields_and_records_nothing(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """No title, an unknown source: 422, the form again with a Swedish error next to each
    field and the other input kept; nothing is recorded."""
    login(browser, "member")
    form = browser.get(NEW).text
    before = world.application.recorder.max_notification_id()
    answer = post_new(
        browser,
        form,
        {
            "municipality": "1882",
            "group_id": world.youth_group_id,
            **a_problem(title="", source="rykten"),
        },
    )
    assert answer.status_code == 422
    assert field_error(answer.text, "title") == "Fältet måste fyllas i."
    assert field_error(answer.text, "source") == "Välj ett av alternativen."
    assert field_error(answer.text, "place") is None
    assert 'value="Hagaparken"' in answer.text
    assert selected(answer.text, "group_id") == world.youth_group_id
    assert world.application.recorder.max_notification_id() == before


def test_a_member_cannot_record_a_problem_for_a_group_they_are_not_in(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """UNG-gruppen's member names Grannsamverkan Valla: 422 with the error on the group (the
    API's rule), nothing recorded; the group is not among the form's choices either."""
    login(browser, "member")
    form = browser.get(NEW).text
    other = str(world.demo.groups["Grannsamverkan Valla"])
    assert other not in form
    before = world.application.recorder.max_notification_id()
    answer = post_new(browser, form, {"municipality": "1882", "group_id": other, **a_problem()})
    assert answer.status_code == 422
    assert "egna arbetsgrupper" in (field_error(answer.text, "group_id") or "")
    assert world.application.recorder.max_notification_id() == before


def test_every_field_of_the_form_is_labelled(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The form, empty and refused, has a label for every field, and a refused field points
    at its error (aria-describedby, aria-invalid)."""
    login(browser, "bra")
    form = browser.get(NEW).text
    assert structure(form).unlabelled_inputs() == []
    refused = post_new(browser, form, {"municipality": "1882", **a_problem(place="")}).text
    assert structure(refused).unlabelled_inputs() == []
    assert re.search(r'id="f-place"[^>]*aria-describedby="[^"]*f-place-error"', refused)
    assert re.search(r'id="f-place"[^>]*aria-invalid="true"', refused)


def test_a_member_of_two_groups_chooses_one_from_the_list(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """From the case list a member of two groups gets both to choose from and neither chosen;
    from a group's board, that group."""
    valla = str(fresh_world.demo.groups["Grannsamverkan Valla"])
    fresh_world.application.add_member(
        SETUP,
        UUID(valla),
        user_id=fresh_world.user_ids["member"],
    )
    fresh_world.wait_for_views()
    login(fresh_client, "member")
    button = BUTTON.search(fresh_client.get("/arenden").text)
    assert button is not None
    form = fresh_client.get(button.group(1)).text
    assert selected(form, "group_id") is None
    assert valla in form
    assert fresh_world.youth_group_id in form
    from_board = BUTTON.search(fresh_client.get(f"/grupper/{valla}").text)
    assert from_board is not None
    assert selected(fresh_client.get(from_board.group(1)).text, "group_id") == valla
