"""Samverkansöverenskommelse (/overenskommelse): the agreement in force with its parties,
signatories, period, purpose and commitments; revisions with what changed; termination; its
history for the overseers. Only lokala BRÅ signs, revises and terminates (as in the API)."""

from __future__ import annotations

from datetime import date

from litestar import Litestar
from litestar.testing import TestClient
from municipal_checks import forms_that_write, heading_levels_in_order, section_of
from web_helpers import WebWorld, login, structure, submit

from problemorienterat.domain.agreement import Revision
from web.pages.agreement import revision_rows

PAGE = "/overenskommelse"


def path(world: WebWorld) -> str:
    return f"/overenskommelse/{world.demo.agreement_id}"


def test_every_reader_sees_the_agreement_in_force(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The demo's agreement: parties, signatories with organisation, period "tills vidare",
    every commitment; the member gets no form that writes and no history link."""
    agreement = world.application.get_agreement(world.demo.agreement_id)
    login(browser, "member")
    html = browser.get(PAGE).text
    assert "Gäller</span> Överenskommelsen gäller." in html
    for party in agreement.parties:
        assert party in html
    signatories = section_of(html, "undertecknare")
    for signatory in agreement.signatories:
        assert signatory.name in signatories
    for commitment in agreement.commitments:
        assert commitment in section_of(html, "ataganden")
    assert "tills vidare" in html
    assert forms_that_write(html) == []
    assert "/historik" not in html.split("<main", 1)[1]
    assert heading_levels_in_order(html)
    assert structure(html).unlabelled_inputs() == []


def test_only_lokala_bra_gets_the_forms_and_others_are_refused(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Lokala BRÅ gets Revidera and Säg upp (no sign form while one is in force); the auditor
    none; the auditor's POST is 403 and changes nothing."""
    login(browser, "bra")
    html = browser.get(PAGE).text
    assert forms_that_write(html) == [f"{path(world)}/revidering", f"{path(world)}/uppsagning"]
    assert structure(html).unlabelled_inputs() == []
    browser.cookies.clear()
    login(browser, "auditor")
    assert forms_that_write(browser.get(PAGE).text) == []
    answer = submit(
        browser,
        PAGE,
        f"{path(world)}/uppsagning",
        {"reason": "x", "on": "2026-12-31", "confirm": "on"},
    )
    assert answer.status_code == 403
    assert not world.application.get_agreement(world.demo.agreement_id).is_terminated


def test_a_revision_shows_what_changed_and_a_bad_one_is_answered_next_to_its_field(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Registrera revideringen with one commitment replaced: 303, then the revision lists the
    new commitment and the removed one; no summary is 422 next to the field, typed kept."""
    agreement = world.application.get_agreement(world.demo.agreement_id)
    kept = agreement.commitments[1:]
    login(browser, "bra")
    refused = submit(
        browser,
        PAGE,
        f"{path(world)}/revidering",
        {
            "summary": "",
            "commitments": ["Nytt åtagande om trygghetsvandringar."],
            "valid_from": "2026-06-01",
        },
    )
    assert refused.status_code == 422
    assert 'id="f-revise-summary-error"' in refused.text
    assert "Nytt åtagande om trygghetsvandringar." in refused.text
    answer = submit(
        browser,
        PAGE,
        f"{path(world)}/revidering",
        {
            "summary": "Trygghetsvandringar i stället för organisationsåtagandet.",
            "commitments": [*kept, "Nytt åtagande om trygghetsvandringar."],
            "valid_from": "2026-06-01",
            "expected_version": str(agreement.version),
        },
    )
    assert answer.status_code == 303, answer.text
    revisions = section_of(browser.get(PAGE).text, "revideringar")
    assert "Revidering 1" in revisions
    assert "Nytt åtagande om trygghetsvandringar." in revisions
    assert f"<del>{agreement.commitments[0]}</del>" in revisions


def test_termination_asks_for_confirmation_then_ends_the_agreement(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """Without the checkbox: 422 next to it; with it: uppsagd, the date and reason shown,
    and lokala BRÅ may now register a new agreement (Registrera överenskommelsen)."""
    world, browser = fresh_world, fresh_client
    login(browser, "bra")
    action = f"{path(world)}/uppsagning"
    data = {"reason": "Ersätts av en ny överenskommelse.", "on": "2026-11-30"}
    refused = submit(browser, PAGE, action, data)
    assert refused.status_code == 422
    assert 'id="f-terminate-confirm-error"' in refused.text
    assert submit(browser, PAGE, action, {**data, "confirm": "on"}).status_code == 303
    html = browser.get(PAGE).text
    assert "Uppsagd</span>" in html
    assert "Ersätts av en ny överenskommelse." in html
    assert "/overenskommelse" in forms_that_write(html)
    bad = submit(browser, PAGE, PAGE, {"municipality": "1882", "police_area": "LPO"})
    assert bad.status_code == 422
    assert 'id="f-sign-purpose-error"' in bad.text
    signed = submit(
        browser,
        PAGE,
        PAGE,
        {
            "municipality": "1882",
            "police_area": "Lokalpolisområde Västra Mälardalen",
            "purpose": "Fortsatt samverkan.",
            "parties": ["Kungsörs kommun", "Polisen"],
            "kommun_signatory": "Karin Chef",
            "kommun_title": "Kommundirektör",
            "polis_signatory": "Per Polis",
            "polis_title": "Lokalpolisområdeschef",
            "commitments": ["Gemensam lägesbild varje år."],
            "valid_from": "2026-12-01",
        },
    )
    assert signed.status_code == 303, signed.text
    assert "Karin Chef" in browser.get(PAGE).text


def test_the_history_is_for_the_overseers(browser: TestClient[Litestar], world: WebWorld) -> None:
    """The auditor opens the history (each event, who); a member gets 404."""
    login(browser, "auditor")
    html = browser.get(f"{path(world)}/historik")
    assert html.status_code == 200
    assert "Överenskommelsen undertecknad" in html.text
    browser.cookies.clear()
    login(browser, "member")
    assert browser.get(f"{path(world)}/historik").status_code == 404


def test_a_revision_row_names_what_was_added_and_removed() -> None:
    """The rule behind "what changed": each revision against the commitments before it."""
    revisions = [
        Revision("Första", ["A", "C"], date(2025, 1, 1)),
        Revision("Andra", ["C"], date(2026, 1, 1)),
    ]
    rows = revision_rows(["A", "B"], revisions)
    assert [(r.added, r.removed) for r in rows] == [(("C",), ("B",)), ((), ("A",))]
