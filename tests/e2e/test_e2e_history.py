"""Historik in a real browser: the auditor opens a demo case's history, picks an earlier
event on the timeline and sees the case as it was then."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e.browser import login, path_of, screenshot
from e2e.installation import DEMO_YEAR, User

# The demo's case taken through a whole SARA cycle: the first of the year before its story's.
CASE = f"KUN-{DEMO_YEAR - 1}-0001"


def test_the_auditor_picks_an_earlier_event_and_sees_the_state_change(
    page: Page, users: dict[str, User]
) -> None:
    """From the Historik list the auditor opens the case: the chain is unbroken, the latest
    state is closed with a baseline; picking the event before the baseline was registered
    shows the case in analysis without one, with that event highlighted."""
    login(page, users["auditor"].token)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Historik").click()
    assert path_of(page) == "/historik"
    page.get_by_label("Sök ärende").fill(CASE)
    page.get_by_role("button", name="Sök").click()
    page.wait_for_url(f"**/historik/{CASE}")

    state = page.locator("#laget")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Historik: {CASE}")
    expect(page.locator(".integrity-status")).to_contain_text("Obruten kedja")
    expect(state).to_contain_text("Det är det senaste läget")
    expect(state.locator("dd").first).to_have_text("Avslutat")
    expect(state).not_to_contain_text("Ingen nollmätning registrerad")
    latest_text = state.inner_text()

    baseline_event = page.locator("li.event", has_text="Nollmätning registrerad")
    version = int(baseline_event.get_attribute("id").removeprefix("h"))  # type: ignore[union-attr]
    earlier = page.locator(f"#h{version - 1}")
    earlier.get_by_role("link").click()
    page.wait_for_url(f"**/historik/{CASE}?version={version - 1}#laget")

    expect(page.locator(f"#h{version - 1}")).to_have_attribute("aria-current", "step")
    expect(state).to_contain_text(f"Läget efter version {version - 1}")
    expect(state).to_contain_text("Ingen nollmätning registrerad")
    expect(state.locator("dd").first).to_have_text("Analysera")
    assert state.inner_text() != latest_text
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "historik")
