"""Logging in to the web interface with a token, in a real browser.

Written against the login page of the web interface (issue 7): a field labelled
"Åtkomsttoken" and a button "Logga in". Until the page exists (GET /logga-in answers 404)
these tests skip, so they start running when it lands.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.browser import LOGIN_BUTTON, LOGIN_PATH, TOKEN_LABEL, login, logout, path_of, screenshot
from e2e.installation import User


@pytest.fixture
def login_page(page: Page) -> Page:
    """The browser on the login page; skips while the web interface has none."""
    response = page.goto(LOGIN_PATH)
    assert response is not None
    if response.status == 404:
        pytest.skip("web login page not built yet")
    assert response.status == 200
    return page


def test_a_bra_member_logs_in_with_their_token_and_is_greeted_by_name(
    login_page: Page, users: dict[str, User]
) -> None:
    """The login page has a labelled token field and a "Logga in" button; the BRÅ user's
    token leads away from it to a page that shows the user's name."""
    page = login_page
    expect(page.get_by_label(TOKEN_LABEL)).to_be_visible()
    expect(page.get_by_role("button", name=LOGIN_BUTTON)).to_be_visible()
    screenshot(page, "logga-in")

    login(page, users["bra"].token)

    assert path_of(page) != LOGIN_PATH
    expect(page.locator("body")).to_contain_text(users["bra"].name)


def test_a_wrong_token_keeps_the_visitor_on_the_login_page(
    login_page: Page, users: dict[str, User]
) -> None:
    """A token that is not a user's is refused: the login page is shown again and no user's
    name appears."""
    page = login_page
    page.get_by_label(TOKEN_LABEL).fill("inte-en-riktig-token")
    page.get_by_role("button", name=LOGIN_BUTTON).click()
    page.wait_for_load_state()

    assert path_of(page) == LOGIN_PATH
    expect(page.get_by_label(TOKEN_LABEL)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(users["bra"].name)


def test_logging_out_ends_the_session(login_page: Page, users: dict[str, User]) -> None:
    """After "Logga ut" on the start page, the start page asks for a login again: the session
    cookie no longer opens any page."""
    page = login_page
    login(page, users["member"].token)
    page.goto("/")
    expect(page.locator("body")).to_contain_text(users["member"].name)

    logout(page)
    page.goto("/")

    assert path_of(page) == LOGIN_PATH
    expect(page.locator("body")).not_to_contain_text(users["member"].name)
