"""Issue 7's flow in a real browser: lokala BRÅ returns an assessment with comments, the
group's member sees the comments and resubmits, and the assessment awaits review again.

Saves docs/screenshots/granskning.png (the review page) and arende.png (the problem page as
the member sees it after the return).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.browser import login, logout, path_of, screenshot
from e2e.installation import MUNICIPALITY, YOUTH_GROUP, User

COMMENTS = "Redovisa hur buskörningen vid hamnen ska följas upp innan vi godkänner."


def _api(page: Page, user: User, path: str) -> dict[str, object]:
    answer = page.request.get(path, headers={"Authorization": f"Bearer {user.token}"})
    assert answer.status == 200, answer.text()
    body: dict[str, object] = answer.json()
    return body


def _awaiting_review(page: Page, bra: User) -> str:
    """The demo's assessment awaiting lokala BRÅ (UNG-gruppen's), from the BRÅ overview."""
    overview = _api(page, bra, f"/api/v1/municipalities/{MUNICIPALITY}/bra-overview")
    view = overview["view"]
    assert isinstance(view, dict)
    waiting = [w for w in view["awaiting_review"] if w["group_name"] == YOUTH_GROUP]
    assert waiting, "the demo has no UNG-gruppen assessment awaiting review"
    reference: str = waiting[0]["reference"]
    return reference


def test_bra_returns_an_assessment_and_the_group_resubmits_it(
    page: Page, users: dict[str, User]
) -> None:
    """The BRÅ member opens the assessment from its problem page, returns it with comments
    and logs out; the UNG-gruppen member logs in, opens the problem, sees the comments and
    resubmits; the problem awaits review again (page and API agree)."""
    bra, member = users["bra"], users["member"]
    reference = _awaiting_review(page, bra)

    login(page, bra.token)
    page.goto(f"/arenden/{reference}")
    expect(page.get_by_role("heading", name="Uppföljningen väntar på lokala BRÅ")).to_be_visible()
    page.get_by_role("link", name="Granska uppföljningen").click()
    page.wait_for_url(re.compile(f"/granskning/{reference}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Granskning")
    expect(page.get_by_role("img")).to_have_attribute("aria-label", re.compile("Nollmätning"))
    screenshot(page, "granskning")

    page.get_by_label("Kommentarer till arbetsgruppen").fill(COMMENTS)
    with page.expect_navigation():
        page.get_by_role("button", name="Återremittera till arbetsgruppen").click()
    assert path_of(page) == f"/arenden/{reference}"
    expect(page.get_by_role("status")).to_contain_text("återremitterad")
    logout(page)

    login(page, member.token)
    page.goto("/arenden")
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(f"/arenden/{reference}$"))
    returned = page.locator("section.returned")
    expect(returned.get_by_role("heading")).to_have_text(
        "Lokala BRÅ har återremitterat uppföljningen"
    )
    expect(returned).to_contain_text(COMMENTS)
    expect(returned).to_contain_text(bra.name)
    screenshot(page, "arende")

    with page.expect_navigation():
        returned.get_by_role("button", name="Lämna in igen till lokala BRÅ").click()
    expect(page.get_by_role("status")).to_contain_text("inlämnad till lokala BRÅ")
    expect(page.get_by_role("heading", name="Uppföljningen väntar på lokala BRÅ")).to_be_visible()
    expect(page.locator("section.returned")).to_have_count(0)

    state = _api(page, member, f"/api/v1/problems/{reference}")
    assert state["review_status"] == "submitted"
    latest = state["latest_review"]
    assert isinstance(latest, dict)
    assert (latest["status"], latest["comments"]) == ("returned", COMMENTS)
