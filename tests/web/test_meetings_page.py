"""Möten (/moten): lokala BRÅ schedules a meeting, takes the proposed agenda, records who is
present, decides the demo's submitted uppföljning as § 1, and justerar the protokoll;
refused input answers 422 next to the field and keeps what was typed; only lokala BRÅ writes."""

from __future__ import annotations

import re
from datetime import date, datetime
from uuid import UUID

from litestar import Litestar
from litestar.testing import TestClient
from pdf_support import pdf_text
from support import BRA
from web_helpers import (
    STORY_TODAY,
    SUBMITTED_CASE,
    WebWorld,
    csrf_token,
    demo_reference,
    login,
    structure,
    submit,
)

from problemorienterat.domain.meeting import Meeting
from problemorienterat.domain.sara import ReviewStatus
from problemorienterat.formatting import LOCAL_TIME
from web.pages.meetings import parse_participants, protocol_html

TODAY = STORY_TODAY.isoformat()  # the pages' today: the story's (conftest.story_clock)


def _schedule(browser: TestClient[Litestar], **fields: str) -> str:
    data = {
        "held_on": TODAY,
        "start_time": "13:30",
        "place": "Kommunhuset, sal A",
        "participants": "Helena Ström, ordförande, kommun\nJonas Berg, kommunpolis, polis",
        **fields,
    }
    answer = submit(browser, "/moten", "/moten", data)
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert re.fullmatch(r"/moten/[0-9a-f-]{36}", location)
    return location


def _version(html: str) -> str:
    found = re.search(r'name="expected_version" value="(\d+)"', html)
    assert found is not None
    return found.group(1)


def _post(browser: TestClient[Litestar], path: str, action: str, data: dict[str, str]) -> str:
    page = browser.get(path).text
    answer = browser.post(
        action,
        data={"_csrf_token": csrf_token(page), "expected_version": _version(page), **data},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return browser.get(path).text


def test_bra_prepares_holds_and_justerar_a_meeting(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    login(browser, "bra")
    path = _schedule(browser)
    meeting_id = UUID(path.rsplit("/", 1)[1])
    page = browser.get(path).text
    assert f"Granskning av uppföljning: {SUBMITTED_CASE}" in page  # proposed
    proposed = re.findall(r'name="keys" value="([^"]+)"', page)
    assert proposed
    page = _post(browser, path, f"{path}/dagordning/forslag", {"keys": proposed[0]})
    item = world.application.get_meeting(meeting_id).agenda[0]
    assert item.title.startswith(f"Granskning av uppföljning: {SUBMITTED_CASE}")
    page = _post(
        browser,
        path,
        f"{path}/narvaro",
        {"present": "Helena Ström, ordförande, kommun\nJonas Berg, kommunpolis, polis"},
    )
    assert "Jonas Berg, kommunpolis (polisen)" in page
    assert structure(page).unlabelled_inputs() == []
    page = _post(
        browser,
        path,
        f"{path}/beslut/uppfoljning",
        {"reference": SUBMITTED_CASE, "decision": "approve", "agenda_item_id": str(item.item_id)},
    )
    assert "Beslutad, § 1" in page
    review = world.application.find_problem(SUBMITTED_CASE).latest_review
    assert review is not None
    assert review.status is ReviewStatus.APPROVED
    assert (review.meeting_id, review.paragraph) == (meeting_id, 1)
    granskning = browser.get(f"/granskning/{SUBMITTED_CASE}").text
    assert f'href="/moten/{meeting_id}"' in granskning
    assert "§ 1" in granskning
    page = _post(
        browser, path, f"{path}/justering", {"justerare": "Jonas Berg", "justerat_on": TODAY}
    )
    assert "Protokollet justerades" in page
    assert 'action="' + path + '/beslut"' not in page  # no more decision forms
    protocol = browser.get(f"{path}/protokoll")
    assert protocol.status_code == 200
    assert "Protokoll, lokala brottsförebyggande rådet" in protocol.text
    assert f"§ 1 Uppföljning av {SUBMITTED_CASE}" in protocol.text
    assert "Protokollet justerat" in protocol.text
    assert f'href="{path}/protokoll.pdf"' in protocol.text
    # A late decision is refused with the Swedish words, nothing recorded.
    version = world.application.get_meeting(meeting_id).version
    late = browser.post(
        f"{path}/beslut",
        data={
            "_csrf_token": csrf_token(page),
            "expected_version": str(version),
            "title": "Sent",
            "decision": "Något.",
        },
    )
    assert late.status_code == 409
    assert "Protokollet är justerat" in late.text
    assert world.application.get_meeting(meeting_id).version == version


def test_the_agenda_is_edited_and_other_decisions_are_taken(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Points of the BRÅ's own, moved and retitled; information noted as a §; a working
    group established in the meeting; a meeting not yet held is cancelled."""
    login(browser, "bra")
    path = _schedule(browser, place="Kommunhuset, sal B")
    meeting_id = UUID(path.rsplit("/", 1)[1])
    _post(browser, path, f"{path}/dagordning", {"title": "Rapport från UNG-gruppen"})
    _post(browser, path, f"{path}/dagordning", {"title": "Övriga frågor"})
    second = world.application.get_meeting(meeting_id).agenda[1].item_id
    _post(browser, path, f"{path}/dagordning/{second}/flytta", {"steps": "-1"})
    _post(browser, path, f"{path}/dagordning/{second}/rubrik", {"title": "Övrigt"})
    meeting = world.application.get_meeting(meeting_id)
    assert [i.title for i in meeting.agenda] == ["Övrigt", "Rapport från UNG-gruppen"]
    _post(browser, path, f"{path}/beslut/punkt", {"agenda_item_id": str(second)})
    page = _post(
        browser,
        path,
        f"{path}/beslut/arbetsgrupp",
        {"name": "Trygg hamn", "kind": "project", "mandate": "Öka tryggheten vid hamnen."},
    )
    assert "§ 1 Övrigt" in page
    assert "§ 2 Inrättande av arbetsgrupp: Trygg hamn" in page
    decisions = world.application.get_meeting(meeting_id).decisions
    assert decisions[0].decision == "Lokala BRÅ noterar informationen."
    group_id = decisions[1].subject_id
    assert group_id is not None
    assert world.application.get_group(group_id).name == "Trygg hamn"
    # Held now: it can no longer be moved; another, planned later, is cancelled.
    later = _schedule(browser, held_on="2099-01-15", place="Biblioteket")
    page = _post(browser, later, f"{later}/installt", {"reason": "Inga ärenden."})
    assert "Mötet är inställt: Inga ärenden." in page


def test_what_waited_on_a_past_day_is_shown(browser: TestClient[Litestar]) -> None:
    """Before the demo's story began nothing waited; today its uppföljningar wait or are
    decided, and the demo's overdue actions are listed for information."""
    login(browser, "bra")
    before = browser.get("/moten", params={"per": "2001-01-01"}).text
    assert "Förslag per 2001-01-01" in before
    assert "Ingenting väntade på lokala BRÅ då." in before
    # ?per= names a Swedish day (its end): today's in Sweden, which after 23:00 UTC is
    # already the next day's date
    swedish_today = datetime.now(LOCAL_TIME).date().isoformat()
    today = browser.get("/moten", params={"per": swedish_today}).text
    assert "För information:" in today


def test_granskning_decides_in_a_chosen_meeting(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The demo's returned uppföljning, submitted again, is returned once more from
    Granskning in a meeting the BRÅ picks: the next § of that meeting."""
    returned = demo_reference(2, last_year=True)
    problem = world.application.find_problem(returned)
    world.application.submit_assessment(BRA, problem.id)
    login(browser, "bra")
    path = _schedule(browser, place="Rådhuset")
    meeting_id = path.rsplit("/", 1)[1]
    page = browser.get(f"/granskning/{returned}").text
    assert f'<option value="{meeting_id}"' in page
    answer = browser.post(
        f"/granskning/{returned}/mote",
        data={
            "_csrf_token": csrf_token(page),
            "meeting_id": meeting_id,
            "decision": "return",
            "comments": "Jämför samma kvartal året innan.",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    review = world.application.find_problem(returned).latest_review
    assert review is not None
    assert (review.status, str(review.meeting_id), review.paragraph) == (
        ReviewStatus.RETURNED,
        meeting_id,
        1,
    )


def test_refused_input_is_shown_next_to_the_field_and_kept(browser: TestClient[Litestar]) -> None:
    login(browser, "bra")
    answer = submit(
        browser,
        "/moten",
        "/moten",
        {"held_on": TODAY, "place": "", "participants": "Ada Berg, sekreterare, rymden"},
    )
    assert answer.status_code == 422
    assert 'id="f-mote-place-error"' in answer.text
    assert "Ada Berg, sekreterare, rymden" in answer.text


def test_returning_needs_comments(browser: TestClient[Litestar], world: WebWorld) -> None:
    login(browser, "bra")
    path = _schedule(browser, place="Stadshuset")
    page = browser.get(path).text
    answer = browser.post(
        f"{path}/beslut/uppfoljning",
        data={
            "_csrf_token": csrf_token(page),
            "expected_version": _version(page),
            "reference": SUBMITTED_CASE,
            "decision": "return",
        },
    )
    assert answer.status_code == 422
    assert "kommentarer till arbetsgruppen" in answer.text
    meeting = world.application.get_meeting(UUID(path.rsplit("/", 1)[1]))
    assert meeting.decisions == []


def test_only_lokala_bra_writes_and_auditors_read(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    login(browser, "bra")
    path = _schedule(browser, place="Biblioteket")
    browser.cookies.clear()
    login(browser, "auditor")
    page = browser.get(path)
    assert page.status_code == 200
    assert 'action="' + path not in page.text  # no forms for the auditor
    assert browser.get(f"{path}/protokoll").status_code == 200
    answer = browser.post(
        f"{path}/dagordning",
        data={"_csrf_token": csrf_token(browser.get("/").text), "title": "Nej"},
    )
    assert answer.status_code == 403
    browser.cookies.clear()
    login(browser, "member")
    assert browser.get("/moten").status_code == 403
    assert browser.get(path).status_code == 403


def test_participants_are_written_one_per_line() -> None:
    people = parse_participants("Helena Ström, ordförande, Kommunen\n\nJonas Berg, , polis\nAda")
    assert people is not None
    assert [(p.name, p.role, p.organisation.value) for p in people] == [
        ("Helena Ström", "ordförande", "kommun"),
        ("Jonas Berg", "", "polis"),
        ("Ada", "", "kommun"),
    ]
    assert parse_participants("Ada, sekreterare, rymden") is None


def test_the_protocol_is_one_html_string_for_print_and_pdf() -> None:
    meeting = Meeting.schedule(BRA, municipality="1882", held_on=date(2026, 3, 12), place="Sal A")
    html = protocol_html(meeting, municipality_name="Kungsör", standalone=True)
    assert html.startswith("<!DOCTYPE html>")
    assert "Kungsör kommun" in html
    assert "Protokollet är ännu inte justerat." in html
    assert "@page" in html  # the stylesheet inside: nothing else to fetch
    assert 'href="/static/protokoll.css"' in protocol_html(meeting, municipality_name="Kungsör")


def test_a_justerat_protokoll_downloads_as_a_pdf_of_the_same_text(
    browser: TestClient[Litestar], world: WebWorld, pdf_tools: None
) -> None:
    """The PDF holds the protokoll's heading, its § with the case and the justering; an
    auditor may download it, a member may not."""
    login(browser, "bra")
    path = _schedule(browser)
    _post(browser, path, f"{path}/narvaro", {"present": "Helena Ström, ordförande, kommun"})
    _post(browser, path, f"{path}/beslut", {"title": "Information", "decision": "Noteras."})
    _post(browser, path, f"{path}/justering", {"justerare": "Helena Ström", "justerat_on": TODAY})
    answer = browser.get(f"{path}/protokoll.pdf")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert "attachment" in answer.headers["content-disposition"]
    text = pdf_text(answer.content)
    assert "Protokoll, lokala brottsförebyggande rådet" in text
    assert "§ 1 Information" in text
    assert "Noteras." in text
    assert "justerat" in text
    assert browser.get(f"{path}/protokoll.pdf").content[:5] == b"%PDF-"
    login(browser, "member")
    assert browser.get(f"{path}/protokoll.pdf").status_code in (403, 404)
