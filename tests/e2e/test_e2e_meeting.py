"""Issue 16's meeting in a real browser: lokala BRÅ plans a meeting, takes the proposed
agenda, records who is present, approves one uppföljning and returns another in the meeting
(§ 1 and § 2), and justerar the protokoll.

Saves docs/screenshots/mote-*.png at desk and phone width (shown in docs/meetings.md).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.browser import login, screenshot
from e2e.installation import MUNICIPALITY, User
from problemorienterat.domain.swedish_day import swedish_today

DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
COMMENTS = "Jämför med samma kvartal året innan innan uppföljningen lämnas in igen."


def _api(page: Page, user: User, method: str, path: str) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {user.token}"}
    answer = page.request.fetch(
        path, method=method, headers=headers, data={} if method == "POST" else None
    )
    assert answer.ok, answer.text()
    body: dict[str, object] = answer.json()
    return body


def _two_awaiting_review(page: Page, bra: User) -> list[str]:
    """The demo's uppföljning awaiting review, and its returned one submitted again."""
    listed = _api(
        page, bra, "GET", f"/api/v1/problems?municipality={MUNICIPALITY}&stage=assessment"
    )
    items = listed["items"]
    assert isinstance(items, list)
    waiting = []
    for item in items:
        state = _api(page, bra, "GET", f"/api/v1/problems/{item['reference']}")
        if state["review_status"] == "returned":
            _api(page, bra, "POST", f"/api/v1/problems/{item['reference']}/assessment-submission")
            state["review_status"] = "submitted"
        if state["review_status"] == "submitted":
            waiting.append(str(item["reference"]))
    assert len(waiting) >= 2, f"the demo has {len(waiting)} uppföljningar to decide"
    return sorted(waiting)


def _both_widths(page: Page, name: str) -> None:
    for label, size in (("telefon", PHONE), ("dator", DESK)):
        page.set_viewport_size(size)  # type: ignore[arg-type]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls {overflow} px sideways at {size['width']} px"
        screenshot(page, f"mote-{name}-{label}", width=size["width"])
    page.set_viewport_size(DESK)  # type: ignore[arg-type]


def _no_errors(page: Page) -> None:
    summary = page.locator(".error-summary")
    if summary.count():
        raise AssertionError(f"the form was refused: {summary.inner_text()}")


def test_bra_prepares_a_meeting_decides_two_assessments_and_justerar(
    page: Page, users: dict[str, User]
) -> None:
    bra = users["bra"]
    page.set_viewport_size(DESK)  # type: ignore[arg-type]
    page.set_default_timeout(10_000)
    first, second = _two_awaiting_review(page, bra)[:2]
    today = swedish_today().isoformat()

    login(page, bra.token)
    page.get_by_role("link", name="Möten").first.click()
    page.wait_for_url(re.compile("/moten$"))
    plan = page.locator("section", has=page.get_by_role("heading", name="Planera ett möte"))
    plan.get_by_label("Datum").fill(today)
    plan.get_by_label("Klockan").fill("13:30")
    plan.get_by_label("Plats").fill("Kommunhuset, sammanträdesrum Kungsör")
    plan.get_by_label("Kallade").fill(
        "Helena Ström, ordförande, kommun\nJonas Berg, kommunpolis, polis\n"
        "Sara Lind, sekreterare, kommun"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Planera mötet").click()
    _no_errors(page)
    meeting_path = re.sub(r"^https?://[^/]+", "", page.url)
    assert re.fullmatch(r"/moten/[0-9a-f-]{36}", meeting_path)

    proposal = page.locator("section.proposal")
    expect(proposal).to_contain_text(f"Granskning av uppföljning: {first}")
    expect(proposal).to_contain_text(f"Granskning av uppföljning: {second}")
    _both_widths(page, "forslag")
    with page.expect_navigation():
        proposal.get_by_role("button", name="Lägg till valda punkter").click()
    _no_errors(page)
    expect(page.locator("ol.agenda > li")).to_have_count(page.locator("ol.agenda > li").count())

    with page.expect_navigation():
        page.get_by_role("button", name="Registrera närvaron").click()
    _no_errors(page)
    expect(page.locator("#narvaro-rubrik + ul")).to_contain_text("Jonas Berg, kommunpolis")

    approve_item = page.locator("li.agenda-item", has_text=first)
    with page.expect_navigation():
        approve_item.get_by_role("button", name=re.compile("^Godkänn uppföljningen")).click()
    _no_errors(page)
    expect(page.locator("li.agenda-item", has_text=first)).to_contain_text("Beslutad, § 1")

    return_item = page.locator("li.agenda-item", has_text=second)
    return_item.get_by_label("Kommentarer till arbetsgruppen").fill(COMMENTS)
    with page.expect_navigation():
        return_item.get_by_role("button", name=re.compile("^Återremittera")).click()
    _no_errors(page)
    expect(page.locator("li.agenda-item", has_text=second)).to_contain_text("Beslutad, § 2")
    _both_widths(page, "beslut")

    page.get_by_label("Justerare").fill("Jonas Berg")
    with page.expect_navigation():
        page.get_by_role("button", name="Justera protokollet").click()
    _no_errors(page)
    expect(page.get_by_role("status")).to_contain_text("Protokollet är justerat")
    expect(page.get_by_role("button", name="Justera protokollet")).to_have_count(0)

    page.get_by_role("link", name="Protokollet").click()
    page.wait_for_url(re.compile(f"{meeting_path}/protokoll$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Protokoll, lokala brottsförebyggande rådet"
    )
    expect(page.locator("#paragraf-1")).to_contain_text("Lokala BRÅ godkänner uppföljningen.")
    expect(page.locator("#paragraf-2")).to_contain_text(COMMENTS)
    expect(page.locator("footer.justering")).to_contain_text("Protokollet justerat")
    _both_widths(page, "protokoll")

    # The review decisions carry the meeting and their §.
    page.goto(f"/granskning/{first}")
    expect(page.locator("ol.reviews li").first).to_contain_text("§ 1")
    approved = _api(page, bra, "GET", f"/api/v1/problems/{first}")
    returned = _api(page, bra, "GET", f"/api/v1/problems/{second}")
    assert (approved["review_status"], returned["review_status"]) == ("approved", "returned")
