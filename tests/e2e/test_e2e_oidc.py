"""Signing in through the kommun's identity provider, in a real browser.

A real OpenID Provider (oidc-provider-mock) serves HTTP on 127.0.0.1; ``problemorienterat
serve`` is configured with it. The browser follows the whole flow: "Logga in med …" on the
login page, the provider's sign-in form, back to the callback, a session, and "Logga ut".
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import oidc_provider_mock
import pytest
import werkzeug.serving
from playwright.sync_api import Page, expect

from e2e.browser import LOGIN_PATH, logout, path_of, screenshot
from e2e.installation import LiveServer, User, add_demo_users, load_demo, run_cli

EMAIL = "ingrid.wahlberg@kungsor.example"

# The provider (oidc-provider-mock) uses authlib's older server interfaces.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def provider_url() -> Iterator[str]:
    """The kommun's identity provider on a free port of 127.0.0.1."""
    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, oidc_provider_mock.app(require_nonce=True), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    server.server_close()


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, User]]:
    """The demo installation; the BRÅ user registered by e-mail for signing in."""
    data_dir = tmp_path_factory.mktemp("e2e-oidc-data")
    load_demo(data_dir)
    users = add_demo_users(data_dir)
    listed = run_cli("users", "list", data_dir=data_dir)
    row = next(line for line in listed.splitlines() if users["bra"].name in line)
    found = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", row)
    assert found is not None, listed
    run_cli("users", "set-email", found.group(0), EMAIL, data_dir=data_dir)
    return data_dir, users


@pytest.fixture(scope="module")
def live_server(
    installation: tuple[Path, dict[str, User]],
    provider_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """``serve`` signing in through the provider (token login off: no ``--demo`` default
    wins over the installation's own setting)."""
    providers = [
        {
            "id": "kommun",
            "name": "Kungsörs kommun",
            "issuer": provider_url,
            "client_id": "problemorienterat",
            "client_secret": "hemligt",
        }
    ]
    server = LiveServer(
        installation[0],
        tmp_path_factory.mktemp("e2e-oidc-server") / "server.log",
        settings={
            "PROBLEMORIENTERAT_OIDC_PROVIDERS": json.dumps(providers),
            "PROBLEMORIENTERAT_TOKEN_LOGIN": "false",
        },
    )
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    yield server
    server.stop()


def test_a_user_signs_in_through_the_kommuns_provider_and_out_again(
    page: Page, users: dict[str, User]
) -> None:
    page.goto(LOGIN_PATH)
    expect(page.get_by_label("Åtkomsttoken")).to_have_count(0)
    screenshot(page, "inloggning-med-leverantor")
    page.get_by_role("link", name="Logga in med Kungsörs kommun").click()

    # the provider's own sign-in form, on its own address
    page.get_by_placeholder("sub").fill(EMAIL)
    screenshot(page, "inloggning-leverantorens-sida")
    with page.expect_navigation():
        page.get_by_role("button", name="Authorize").click()

    assert path_of(page) != LOGIN_PATH
    expect(page.locator("body")).to_contain_text(users["bra"].name)
    screenshot(page, "inloggning-klar")

    logout(page)
    assert path_of(page) == LOGIN_PATH
    expect(page.locator("body")).to_contain_text("Du är utloggad")
    page.goto("/oversikt")
    assert path_of(page) == LOGIN_PATH


def test_a_person_the_installation_does_not_know_is_refused_in_swedish(page: Page) -> None:
    """Signed in at the provider as someone no administrator registered: a Swedish page
    says so, and the person is not signed in here."""
    page.goto(LOGIN_PATH)
    page.get_by_role("link", name="Logga in med Kungsörs kommun").click()
    page.get_by_placeholder("sub").fill("okand.person@kungsor.example")
    with page.expect_navigation():
        page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("alert")).to_contain_text("Du är inte registrerad som användare här")
    screenshot(page, "inloggning-nekad")
    page.goto("/oversikt")
    assert path_of(page) == LOGIN_PATH
