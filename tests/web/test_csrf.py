"""The CSRF token is bound to the session (issue 17 item 13): a token and cookie an attacker
got for themselves do not pass with the victim's session; with Secure cookies the names are
``__Host-`` names."""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar
from litestar.testing import TestClient
from web_helpers import WebWorld, csrf_token, login, world_of

from problemorienterat.composition import create_app
from problemorienterat.config import Settings


def test_the_victims_session_refuses_the_attackers_own_csrf_cookie_and_token(
    client: TestClient[Litestar],
) -> None:
    """The attacker fetches the login page for a valid token and its cookie, plants the
    cookie in the victim's browser and has it post the token: 403, and the victim's session
    is untouched (a double-submit cookie alone let the logout through)."""
    app = client.app
    with TestClient(app=app) as attacker:
        page = attacker.get("/logga-in")
        planted_token = csrf_token(page.text)
        planted_cookie = {name: value for name, value in attacker.cookies.items() if "csrf" in name}
    assert planted_cookie
    login(client, "bra")
    for name, value in planted_cookie.items():
        client.cookies.set(name, value)
    answer = client.post("/logga-ut", data={"_csrf_token": planted_token}, follow_redirects=False)
    assert answer.status_code == 403, answer.text
    assert client.get("/", follow_redirects=False).status_code == 200


def test_a_form_token_works_only_in_its_own_session(client: TestClient[Litestar]) -> None:
    """The same user logged in twice: the first session's form token is refused in the
    second (even with the first's cookies), and accepted in its own."""
    world = world_of(client)
    login(client, "bra")
    first_token = csrf_token(client.get("/").text)
    first_cookies = dict(client.cookies.items())
    with TestClient(app=world.web_app) as second:
        login(second, "bra")
        for name, value in first_cookies.items():
            if "session" not in name:
                second.cookies.set(name, value)
        refused = second.post(
            "/logga-ut", data={"_csrf_token": first_token}, follow_redirects=False
        )
        assert refused.status_code == 403
        assert second.get("/", follow_redirects=False).status_code == 200
    accepted = client.post("/logga-ut", data={"_csrf_token": first_token}, follow_redirects=False)
    assert accepted.status_code == 303


def test_secure_cookies_get_host_only_names(web_world: WebWorld, tmp_path: Path) -> None:
    """With PROBLEMORIENTERAT_SESSION_COOKIE_SECURE, the CSRF and session cookies are
    ``__Host-po_csrf`` and ``__Host-po_session``: Secure, Path=/, no Domain."""
    settings = Settings(data_dir=tmp_path, session_cookie_secure=True)
    app = create_app(settings, application=web_world.application)
    with TestClient(app=app, base_url="https://testserver.local") as browser:
        page = browser.get("/logga-in")
        set_cookies = page.headers.get_list("set-cookie")
        data = {"_csrf_token": csrf_token(page.text), "token": web_world.tokens["bra"]}
        logged_in = browser.post("/logga-in", data=data, follow_redirects=False)
        assert logged_in.status_code == 303, logged_in.text
        set_cookies += logged_in.headers.get_list("set-cookie")
    names = {cookie.split("=", 1)[0] for cookie in set_cookies}
    assert {"__Host-po_csrf", "__Host-po_session"} <= names, set_cookies
    for cookie in set_cookies:
        attributes = cookie.lower()
        assert "secure" in attributes
        assert "path=/" in attributes
        assert "domain=" not in attributes
