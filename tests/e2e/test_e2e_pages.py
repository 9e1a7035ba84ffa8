"""BRÅ-översikt, Gruppens tavla and Medborgarlöfte in a real browser: lokala BRÅ logs in,
reads the overview, goes to UNG-gruppen's board and to the year's medborgarlöfte; a member
lands on their own board. Each page is saved as a screenshot under docs/screenshots/."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.browser import login, path_of, screenshot
from e2e.installation import YOUTH_GROUP, User


def test_lokala_bra_reads_the_overview_the_youth_board_and_the_promise(
    page: Page, users: dict[str, User]
) -> None:
    """Lokala BRÅ lands on /oversikt: the SARA chart (an image named with every stage's
    count), the review queue linking to Granskning, overdue actions in days. The group
    table leads to UNG-gruppen's board (problems per stage, overdue action in words); the
    navigation leads to the medborgarlöfte with its focus areas and activities."""
    login(page, users["bra"].token)
    assert path_of(page) == "/oversikt"
    expect(page.get_by_role("heading", level=1)).to_contain_text("BRÅ-översikt")
    expect(page.locator("body")).to_contain_text(users["bra"].name)
    chart = page.get_by_role("img", name=re.compile(r"Ärenden per SARA-skede: Identifiera \d+"))
    expect(chart).to_be_visible()
    queue = page.locator("section", has=page.locator("#granskning"))
    expect(queue.get_by_role("link", name=re.compile("^Granska"))).to_have_attribute(
        "href", re.compile(r"^/granskning/KUN-\d{4}-\d{4}$")
    )
    expect(page.locator("section", has=page.locator("#forsenade"))).to_contain_text(" dagar")
    screenshot(page, "bra-oversikt")

    page.locator("section", has=page.locator("#per-grupp")).get_by_role(
        "link", name=YOUTH_GROUP, exact=True
    ).click()
    page.wait_for_url(re.compile(r"/grupper/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(YOUTH_GROUP)
    for stage in ("Identifiera", "Analysera", "Åtgärda", "Följa upp"):
        expect(page.get_by_role("heading", level=3, name=re.compile(f"^{stage}"))).to_be_visible()
    expect(page.locator("section", has=page.locator("#atgarder"))).to_contain_text(
        re.compile(r"Försenad \d+ dagar")
    )
    screenshot(page, "gruppens-tavla")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Medborgarlöfte"
    ).click()
    page.wait_for_url(re.compile(r"/medborgarlofte/\d{4}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Medborgarlöfte")
    expect(page.locator("main")).to_contain_text("Antaget")
    expect(page.get_by_role("heading", level=2, name="Trygg centrummiljö")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Genomförd")
    problem_link = page.locator("main").get_by_role("link", name=re.compile(r"^KUN-")).first
    expect(problem_link).to_have_attribute("href", re.compile(r"^/arenden/KUN-"))
    screenshot(page, "medborgarlofte")


def test_a_member_lands_on_their_board_and_has_no_overview(
    page: Page, users: dict[str, User]
) -> None:
    """UNG-gruppen's member lands on the group's board after logging in; opening /oversikt
    brings them back to it with a note, not the overview."""
    login(page, users["member"].token)
    expect(page.get_by_role("heading", level=1)).to_contain_text(YOUTH_GROUP)
    board = path_of(page)
    assert board.startswith("/grupper/")

    page.goto("/oversikt")
    assert path_of(page) == board
    expect(page.get_by_role("status")).to_contain_text("BRÅ-översikten är till för lokala BRÅ")
