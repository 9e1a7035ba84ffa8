"""Fixtures of the end-to-end tests: a demo installation with one user per role, the server
as a process of its own, and Debian's headless Chromium driven by Playwright.

Every test under this folder is marked ``e2e`` (deselect them with ``-m "not e2e"``). Without
Chromium or Playwright they skip with the reason shown, unless CI=true or REQUIRE_BROWSER=1,
when they fail instead. A failing test's report ends with the server's log, and the page it
was on is saved as a PNG in the test's temporary folder.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from e2e.browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    VIEWPORT,
    browser_required,
    browser_unavailable_reason,
)
from e2e.installation import LiveServer, User, add_demo_users, load_demo

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

HERE = Path(__file__).resolve().parent
LOCALE = "sv-SE"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``e2e``."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """On failure: the server's log and a picture of the page, in the report."""
    report = yield
    if not report.failed or not isinstance(item, pytest.Function):
        return report
    server = item.funcargs.get("live_server")
    if isinstance(server, LiveServer):
        report.sections.append(("live server log (end)", server.log_tail()))
    page, pictures = item.funcargs.get("page"), item.funcargs.get("failure_pictures")
    if page is not None and isinstance(pictures, Path) and call.when == "call":
        from playwright.sync_api import Page

        assert isinstance(page, Page)
        picture = pictures / f"{item.name}.png"
        try:
            page.screenshot(path=str(picture), full_page=True)
            report.sections.append(("page at failure", f"{page.url}\n{picture}"))
        except Exception as error:  # the page may be gone; the report matters more
            report.sections.append(("page at failure", f"no picture: {type(error).__name__}"))
    return report


# ---------------------------------------------------------------------------- installation


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, User]]:
    """A new SQLite store with the demo municipality Kungsör and one real user per role
    (``bra``, ``member`` of UNG-gruppen, ``auditor``), made with the command line."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    load_demo(data_dir)
    return data_dir, add_demo_users(data_dir)


@pytest.fixture(scope="module")
def users(installation: tuple[Path, dict[str, User]]) -> dict[str, User]:
    """The installation's users by role: name, organisation, token, groups."""
    return installation[1]


@pytest.fixture(scope="module")
def tokens(users: dict[str, User]) -> dict[str, str]:
    """The users' bearer tokens by role: ``bra``, ``member`` (UNG-gruppen), ``auditor``."""
    return {role: user.token for role, user in users.items()}


@pytest.fixture(scope="module")
def live_server(
    installation: tuple[Path, dict[str, User]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """``problemorienterat serve`` on the module's installation, ready (``/health`` and
    ``/ready`` answer 200), stopped with SIGTERM (then SIGKILL) after the module."""
    data_dir, _ = installation
    server = LiveServer(data_dir, tmp_path_factory.mktemp("e2e-server") / "server.log")
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    yield server
    server.stop()


# ---------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    reason = browser_unavailable_reason()
    if reason is not None:
        if browser_required():
            pytest.fail(f"CI=true or REQUIRE_BROWSER=1, but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless, started once for the session."""
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_FLAGS)
    )
    yield chromium
    chromium.close()


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    """A new browser context for each test (no cookies carried over between users), with
    relative URLs going to the live server, 1280 pixels wide, in Swedish."""
    ctx = browser.new_context(base_url=live_server.base_url, viewport=VIEWPORT, locale=LOCALE)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def failure_pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where a failing test's page is saved (the report names the file)."""
    return tmp_path_factory.mktemp("e2e-failures")


@pytest.fixture
def page(context: BrowserContext, failure_pictures: Path) -> Page:
    """A tab in the test's own context."""
    return context.new_page()
