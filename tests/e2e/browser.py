"""Debian's Chromium driven by Playwright, and the steps the flow tests share.

Playwright never downloads a browser here: it launches ``/usr/bin/chromium`` (installed by
``scripts/ensure-browser.sh``; E2E_CHROMIUM names another) with the flags known to work on a
machine without a network but the package registries. ``launch()`` gives the browser a new
temporary profile (``--user-data-dir``) of its own, removed when it closes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from e2e.installation import ROOT

if TYPE_CHECKING:  # imported lazily, so a machine without Playwright skips instead of erring
    from playwright.sync_api import FloatRect, Page, ViewportSize

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))  # Debian's package
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT_WIDTH = 1280
VIEWPORT: ViewportSize = {"width": VIEWPORT_WIDTH, "height": 800}
LOGIN_PATH = "/logga-in"
TOKEN_LABEL = "Åtkomsttoken"
LOGIN_BUTTON = "Logga in"
LOGOUT_BUTTON = "Logga ut"
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR", ROOT / "docs" / "screenshots"))
_SCREENSHOT_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def browser_unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: scripts/ensure-browser.sh installs Debian's chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: ./scripts/ensure-venv.sh dev"
    return None


def browser_required() -> bool:
    """CI (CI=true) and REQUIRE_BROWSER=1 turn a missing browser into a failure."""
    return os.environ.get("REQUIRE_BROWSER") == "1" or os.environ.get("CI", "").lower() in {
        "true",
        "1",
    }


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def login(page: Page, token: str) -> None:
    """Log in on the login page with ``token`` and wait for the page it leads to.

    Fails with the page's message when the login page is shown again (a refused token).
    """
    page.goto(LOGIN_PATH)
    page.get_by_label(TOKEN_LABEL).fill(token)
    with page.expect_navigation():
        page.get_by_role("button", name=LOGIN_BUTTON).click()
    if path_of(page) == LOGIN_PATH:
        shown = page.locator("main").inner_text() if page.locator("main").count() else ""
        raise AssertionError(f"the login was refused; the page says: {shown.strip()[:500]}")


def logout(page: Page) -> None:
    """Press the layout's "Logga ut" button and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=LOGOUT_BUTTON).click()


def screenshot(
    page: Page, name: str, *, width: int = VIEWPORT_WIDTH, height: int | None = None
) -> Path:
    """A PNG of what ``page`` shows, ``width`` pixels wide (1280 unless told), as
    docs/screenshots/NAME.png (E2E_SCREENSHOT_DIR chooses another folder): the whole page, or
    its top ``height`` pixels when a height is given."""
    if not _SCREENSHOT_NAME.fullmatch(name):
        raise ValueError(f"screenshot names are lower-case words joined by '-', not {name!r}")
    size = page.viewport_size or VIEWPORT
    if size["width"] != width:
        page.set_viewport_size({"width": width, "height": size["height"]})
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    if height is None:
        page.screenshot(path=str(path), full_page=True)
    else:
        clip: FloatRect = {"x": 0, "y": 0, "width": width, "height": height}
        page.screenshot(path=str(path), full_page=True, clip=clip)
    return path
