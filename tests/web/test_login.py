"""Logging in and out of the web interface: start pages, wrong tokens, revocation, CSRF,
the ``nasta`` redirect and the administrator's one page."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from web_helpers import WebWorld, csrf_token, login, post_login, world_of

from problemorienterat.domain.actor import Actor


def _start_pages(world: WebWorld) -> dict[str, str]:
    return {
        "bra": "/oversikt",
        "auditor": "/oversikt",
        "member": f"/grupper/{world.youth_group_id}",
        "outsider": "/",
        "admin": "/administration",
    }


@pytest.mark.parametrize("role", ["bra", "auditor", "member", "outsider", "admin"])
def test_a_valid_token_logs_in_and_lands_on_the_roles_start_page(
    client: TestClient[Litestar], role: str
) -> None:
    """A correct token answers 303 to the role's start page and sets an HttpOnly,
    SameSite=Lax session cookie for the whole site."""
    world = world_of(client)
    answer = post_login(client, world.tokens[role])
    assert answer.status_code == 303
    assert answer.headers["location"] == _start_pages(world)[role]
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("po_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Path=/" in cookie


def test_the_logged_in_start_page_names_the_user_and_role_in_swedish(
    client: TestClient[Litestar],
) -> None:
    """After login, / shows the user's name and role in Swedish and their pages."""
    login(client, "member")
    page = client.get("/")
    assert page.status_code == 200
    assert "Amina Rashid" in page.text
    assert "Medlem i arbetsgrupp" in page.text
    assert "Gruppens tavla: UNG-gruppen" in page.text
    assert "BRÅ-översikt" not in page.text


def test_lokala_bra_sees_the_overview_link_and_no_group_boards(
    client: TestClient[Litestar],
) -> None:
    """The navigation follows the role: BRÅ-översikt for lokala BRÅ, no member boards."""
    login(client, "bra")
    page = client.get("/")
    assert 'href="/oversikt"' in page.text
    assert "Lokala BRÅ" in page.text
    assert "Gruppens tavla" not in page.text


def test_a_wrong_token_is_refused_in_swedish_without_a_session(
    client: TestClient[Litestar],
) -> None:
    """A wrong token: 400, "Fel eller återkallad token." next to the field, and no
    session (the next page request goes to the login page)."""
    answer = post_login(client, "inte-en-riktig-token")
    assert answer.status_code == 400
    assert "Fel eller återkallad token." in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert "inte-en-riktig-token" not in answer.text
    after = client.get("/", follow_redirects=False)
    assert after.status_code == 303
    assert after.headers["location"].startswith("/logga-in")


def test_logging_out_ends_the_session(client: TestClient[Litestar]) -> None:
    """Logga ut (POST with the CSRF token) clears the session: / then sends to login."""
    login(client, "bra")
    start = client.get("/")
    answer = client.post(
        "/logga-ut", data={"_csrf_token": csrf_token(start.text)}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/logga-in")
    assert client.get("/", follow_redirects=False).status_code == 303
    assert "Du är utloggad" in client.get(answer.headers["location"]).text


def test_a_copy_of_the_session_cookie_is_refused_after_logging_out(
    client: TestClient[Litestar],
) -> None:
    """Logging out ends the session on the server too: someone who copied the cookie
    before (a shared computer, a stolen backup) is sent to the login page with it."""
    login(client, "member")
    start = client.get("/")
    copied = dict(client.cookies)
    client.post("/logga-ut", data={"_csrf_token": csrf_token(start.text)}, follow_redirects=False)

    client.cookies.clear()
    for name, value in copied.items():
        client.cookies.set(name, value)
    answer = client.get("/", follow_redirects=False)

    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/logga-in")


def test_logging_out_of_one_session_keeps_the_users_other_sessions(
    client: TestClient[Litestar],
) -> None:
    """Only the session logged out of ends: the same user logged in elsewhere stays in."""
    login(client, "bra")
    other_device = dict(client.cookies)
    client.cookies.clear()
    login(client, "bra")
    start = client.get("/")
    client.post("/logga-ut", data={"_csrf_token": csrf_token(start.text)}, follow_redirects=False)

    client.cookies.clear()
    for name, value in other_device.items():
        client.cookies.set(name, value)

    assert client.get("/", follow_redirects=False).status_code == 200


def test_a_revoked_user_is_thrown_out_on_the_next_request(
    fresh_client: TestClient[Litestar], fresh_world: WebWorld
) -> None:
    """Revocation is instant: the next page request of a logged-in user whose token was
    revoked goes to the login page, and the old cookie stays useless."""
    login(fresh_client, "member")
    assert fresh_client.get("/").status_code == 200
    fresh_world.application.revoke_user(Actor.system(), fresh_world.user_ids["member"])
    answer = fresh_client.get("/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/logga-in")
    assert fresh_client.get("/", follow_redirects=False).status_code == 303
    assert post_login(fresh_client, fresh_world.tokens["member"]).status_code == 400


def test_a_post_without_the_csrf_token_is_a_swedish_403_page(
    client: TestClient[Litestar],
) -> None:
    """A form posted without (or with a wrong) CSRF token: 403, a Swedish HTML page, and
    nothing done (the session is still there)."""
    login(client, "bra")
    for data in ({}, {"_csrf_token": "fel"}):
        answer = client.post("/logga-ut", data=data, follow_redirects=False)
        assert answer.status_code == 403
        assert answer.headers["content-type"].startswith("text/html")
        assert "Formuläret hade gått ut" in answer.text
    assert client.get("/", follow_redirects=False).status_code == 200


def test_a_login_post_without_the_csrf_token_is_refused(client: TestClient[Litestar]) -> None:
    """Even the login form needs its CSRF token (no login CSRF)."""
    token = world_of(client).tokens["bra"]
    answer = client.post("/logga-in", data={"token": token}, follow_redirects=False)
    assert answer.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_page_asked_for_without_login_remembers_the_path(
    client: TestClient[Litestar],
) -> None:
    """Unauthenticated: 303 to /logga-in?nasta=<path>; after login, back to that path."""
    answer = client.get("/?x=1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/logga-in?nasta=%2F%3Fx%3D1"
    logged_in = post_login(client, world_of(client).tokens["bra"], nasta="/?x=1")
    assert logged_in.headers["location"] == "/?x=1"


@pytest.mark.parametrize(
    "nasta",
    [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
    ],
)
def test_nasta_never_leads_off_the_site(client: TestClient[Litestar], nasta: str) -> None:
    """An absolute, protocol-relative or scheme URL as ``nasta`` is ignored: the login
    goes to the start page instead (no open redirect)."""
    answer = post_login(client, world_of(client).tokens["bra"], nasta=nasta)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/oversikt"


def test_an_administrator_sees_only_the_administration_page(
    client: TestClient[Litestar],
) -> None:
    """Admins log in, but every page sends them to the administration page, where they
    manage users."""
    login(client, "admin")
    page = client.get("/administration")
    assert page.status_code == 200
    assert "Ny användare" in page.text
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/administration"


def test_other_roles_do_not_have_the_administration_page(
    client: TestClient[Litestar],
) -> None:
    """The administration page is 404 for everyone but administrators."""
    login(client, "bra")
    assert client.get("/administration").status_code == 404


def test_a_user_name_is_escaped_in_the_layout(
    fresh_client: TestClient[Litestar], fresh_world: WebWorld
) -> None:
    """Templates are autoescaped: markup in a user's name is shown, not run."""
    from problemorienterat.domain.actor import Organisation, Role

    added = fresh_world.application.add_user(
        Actor.system(),
        name="<script>alert(1)</script>",
        organisation=Organisation.KOMMUN,
        role=Role.BRA,
        municipalities=[fresh_world.demo.municipality],
    )
    assert post_login(fresh_client, added.token).status_code == 303
    page = fresh_client.get("/")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
