"""Granskning (/granskning/{reference}): lokala BRÅ reviews a submitted assessment and
approves or returns it, recorded as the logged-in BRÅ member; nobody else may."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from problem_stages import SETUP, field_error, post_forms, problem_at, version_on
from web_helpers import SUBMITTED_CASE, WebWorld, login, structure, submit

from problemorienterat.domain.sara import ReviewStatus

SUBMITTED = SUBMITTED_CASE  # the demo's assessment awaiting lokala BRÅ


def test_bra_sees_the_assessment_side_by_side_with_both_forms(
    browser: TestClient[Litestar],
) -> None:
    """Baseline and follow-up side by side, the chart with its numbers, the process
    evaluation, displacement, the outcome; an approve form with an optional
    protokollsreferens and a return form whose comments are required."""
    login(browser, "bra")
    answer = browser.get(f"/granskning/{SUBMITTED}")
    assert answer.status_code == 200
    html = answer.text
    side_by_side = re.search(r'<div class="side-by-side">.*?</div>\s*\n', html, re.S)
    assert side_by_side is not None
    assert "31" in side_by_side.group(0)
    assert "12" in side_by_side.group(0)
    assert '<svg role="img"' in html
    assert "Alla åtgärder genomfördes enligt plan." in html
    assert "En del av buskörningen flyttade till grusvägarna vid hamnen." in html
    assert "Minskat." in html
    assert post_forms(html) == [
        f"/granskning/{SUBMITTED}/godkann",
        f"/granskning/{SUBMITTED}/returnera",
    ]
    assert '<label for="godkann-minutes_reference">Protokollsreferens</label>' in html
    assert re.search(r'<label for="returnera-comments">[^<]*<span class="required">', html)
    page = structure(html)
    assert page.unlabelled_inputs() == []
    assert page.external_urls() == []
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique"


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("auditor", 403), ("outsider", 404)])
def test_only_lokala_bra_reviews(
    browser: TestClient[Litestar], world: WebWorld, role: str, status: int
) -> None:
    """As in the API: the group's member and the auditor are refused (403), a member of no
    group gets 404; their POSTs are refused the same way and nothing is recorded."""
    login(browser, role)
    assert browser.get(f"/granskning/{SUBMITTED}").status_code == status
    start = browser.get("/").text
    before = world.application.find_problem(SUBMITTED).version
    for decision in ("godkann", "returnera"):
        answer = browser.post(
            f"/granskning/{SUBMITTED}/{decision}",
            data={"_csrf_token": _csrf(start), "comments": "Nej.", "expected_version": str(before)},
        )
        assert answer.status_code == status
    assert world.application.find_problem(SUBMITTED).version == before


def test_the_problem_page_leads_bra_to_the_review(browser: TestClient[Litestar]) -> None:
    """On a problem awaiting review, lokala BRÅ gets a link to Granskning; the member
    does not."""
    login(browser, "bra")
    assert f'href="/granskning/{SUBMITTED}"' in browser.get(f"/arenden/{SUBMITTED}").text
    browser.cookies.clear()
    login(browser, "member")
    assert f'href="/granskning/{SUBMITTED}"' not in browser.get(f"/arenden/{SUBMITTED}").text


def test_approving_records_the_bra_member_and_leads_to_the_problem(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Godkänn with a protokollsreferens: approved, recorded as the logged-in BRÅ member,
    303 to the problem page, which says so."""
    reference = problem_at(world, "submitted")
    login(browser, "bra")
    page = browser.get(f"/granskning/{reference}").text
    answer = submit(
        browser,
        f"/granskning/{reference}",
        f"/granskning/{reference}/godkann",
        {
            "minutes_reference": "BRÅ 2026-03-12 § 4",
            "comments": "",
            "expected_version": version_on(page),
        },
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"/arenden/{reference}"
    problem = world.application.find_problem(reference)
    assert problem.review_status is ReviewStatus.APPROVED
    decision = problem.latest_review
    assert decision is not None
    assert decision.minutes_reference == "BRÅ 2026-03-12 § 4"
    last = list(world.application.repository.event_store.get(problem.id))[-1]
    assert last.actor.user_id == world.user_ids["bra"]
    shown = browser.get(answer.headers["location"]).text
    assert "Uppföljningen är godkänd." in shown
    assert "BRÅ 2026-03-12 § 4" in shown


def test_returning_sends_the_comments_to_the_group(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Returnera with comments: returned, recorded as the BRÅ member; the group's member
    sees the comments on the problem page."""
    reference = problem_at(world, "submitted")
    login(browser, "bra")
    page = browser.get(f"/granskning/{reference}").text
    answer = submit(
        browser,
        f"/granskning/{reference}",
        f"/granskning/{reference}/returnera",
        {"comments": "Mät också vid torget.", "expected_version": version_on(page)},
    )
    assert answer.status_code == 303, answer.text
    problem = world.application.find_problem(reference)
    assert problem.review_status is ReviewStatus.RETURNED
    last = list(world.application.repository.event_store.get(problem.id))[-1]
    assert last.actor.user_id == world.user_ids["bra"]
    assert "Uppföljningen är återremitterad" in browser.get(f"/arenden/{reference}").text
    browser.cookies.clear()
    login(browser, "member")
    assert "Mät också vid torget." in browser.get(f"/arenden/{reference}").text


def test_returning_without_comments_shows_the_error_next_to_the_field(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Comments are required to return: 422, the Swedish message next to the return
    form's comments, nothing recorded."""
    reference = problem_at(world, "submitted")
    login(browser, "bra")
    page = browser.get(f"/granskning/{reference}").text
    answer = submit(
        browser,
        f"/granskning/{reference}",
        f"/granskning/{reference}/returnera",
        {"comments": "", "expected_version": version_on(page)},
    )
    assert answer.status_code == 422
    assert field_error(answer.text, "returnera-comments") == "Fältet måste fyllas i."
    assert field_error(answer.text, "godkann-comments") is None
    assert world.application.find_problem(reference).review_status is ReviewStatus.SUBMITTED


def test_a_too_long_minutes_reference_is_shown_on_the_approve_form(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The approve form's own field carries its error (the API's 200-character limit)."""
    reference = problem_at(world, "submitted")
    login(browser, "bra")
    page = browser.get(f"/granskning/{reference}").text
    answer = submit(
        browser,
        f"/granskning/{reference}",
        f"/granskning/{reference}/godkann",
        {"minutes_reference": "x" * 201, "expected_version": version_on(page)},
    )
    assert answer.status_code == 422
    assert field_error(answer.text, "godkann-minutes_reference") == (
        "Texten är för lång: högst 200 tecken."
    )


def test_a_stale_version_is_a_conflict(browser: TestClient[Litestar], world: WebWorld) -> None:
    """The assessment changed after the page was opened (here: another BRÅ member already
    returned it and the group resubmitted): 409 with the conflict message."""
    reference = problem_at(world, "returned")
    pid = world.application.find_problem(reference).id
    world.application.submit_assessment(SETUP, pid)
    login(browser, "bra")
    page = browser.get(f"/granskning/{reference}").text
    world.application.return_assessment(SETUP, pid, comments="Någon annan hann före.")
    world.application.submit_assessment(SETUP, pid)
    answer = browser.post(
        f"/granskning/{reference}/godkann",
        data={"_csrf_token": _csrf(page), "expected_version": version_on(page)},
    )
    assert answer.status_code == 409
    assert "Ärendet har ändrats av någon annan" in answer.text
    assert world.application.find_problem(reference).review_status is ReviewStatus.SUBMITTED


def test_nothing_to_review_means_no_forms_and_a_refused_decision(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """An assessment not submitted: the page says so without forms; a decision posted
    anyway is refused (409) with the review rule's Swedish text."""
    reference = problem_at(world, "assessment")
    login(browser, "bra")
    page = browser.get(f"/granskning/{reference}").text
    assert "Det finns ingen inlämnad uppföljning att granska just nu" in page
    assert post_forms(page) == []
    answer = browser.post(
        f"/granskning/{reference}/godkann",
        data={"_csrf_token": _csrf(page), "expected_version": ""},
    )
    assert answer.status_code == 409
    assert "uppföljningen ligger hos lokala BRÅ för granskning" in answer.text


def test_a_decision_without_the_csrf_token_is_refused(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """No CSRF token: 403 and nothing recorded."""
    reference = problem_at(world, "submitted")
    login(browser, "bra")
    answer = browser.post(f"/granskning/{reference}/returnera", data={"comments": "Utan token."})
    assert answer.status_code == 403
    assert world.application.find_problem(reference).review_status is ReviewStatus.SUBMITTED


def _csrf(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)
