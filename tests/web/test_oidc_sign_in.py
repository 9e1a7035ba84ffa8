"""Signing in through an OpenID Provider: a real one (oidc-provider-mock) serving HTTP on
127.0.0.1, the web on Litestar's test client, the authorization code flow with PKCE.

The browser's moves: the login page's "Logga in med …" button posts to the web, which
sends the browser to the provider; the provider's form (posted here with httpx, as the
person would) sends it back with a code; the web trades the code for tokens over real HTTP
and checks the ID token. Every refused case shows a Swedish page and records no event.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

import httpx
import oidc_provider_mock
import pytest
import werkzeug.serving
from joserfc import jwt
from joserfc.jwk import RSAKey
from litestar import Litestar
from litestar.testing import TestClient
from web_helpers import WebWorld, build_web_world, csrf_token

from problemorienterat.composition import create_app
from problemorienterat.config import Settings
from problemorienterat.domain.actor import Organisation, Role
from web import oidc

MEMBER_EMAIL = "amina.rashid@kungsor.example"
OUTSIDER_EMAIL = "olle@polisen.example"
AUDITOR_EMAIL = "ingrid@kungsor.example"
REVOKED_SUBJECT = "rut-avstangd-0002"
HELENA_SUBJECT = "helena-strom-0001"

# The provider (oidc-provider-mock) uses authlib's older server interfaces.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def provider_url() -> Iterator[str]:
    """A real OpenID Provider on a free port of 127.0.0.1 (it insists on a nonce)."""
    yield from _serve(oidc_provider_mock.app(require_nonce=True))


@pytest.fixture(scope="module")
def stale_provider_url() -> Iterator[str]:
    """A provider whose ID tokens expired ten minutes before they were issued."""
    yield from _serve(
        oidc_provider_mock.app(require_nonce=True, access_token_max_age=timedelta(minutes=-10))
    )


def _serve(app: Any) -> Iterator[str]:
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, provider_url: str, stale_provider_url: str
) -> Iterator[WebWorld]:
    """The demo installation signing in through three providers: the kommun's (users
    found by e-mail), the police's (by registered subject) and one whose tokens are stale."""
    providers = [
        {
            "id": "kommun",
            "name": "Kungsörs kommun",
            "issuer": provider_url,
            "client_id": "po-kommun",
            "client_secret": "kommun-secret",
        },
        {
            "id": "polisen",
            "name": "Polisen",
            "issuer": provider_url,
            "client_id": "po-polisen",
            "client_secret": "polis-secret",
            "user_claim": "sub",
        },
        {
            "id": "gammal",
            "name": "Gammal tjänst",
            "issuer": stale_provider_url,
            "client_id": "po-gammal",
            "client_secret": "gammal-secret",
        },
    ]
    built = build_web_world(tmp_path_factory.mktemp("oidc"), oidc_providers=providers)
    app, ids = built.application, built.user_ids
    admin = app.get_user(ids["admin"]).actor
    app.set_email_address(admin, ids["member"], MEMBER_EMAIL)
    app.set_email_address(admin, ids["outsider"], OUTSIDER_EMAIL)
    app.set_email_address(admin, ids["auditor"], AUDITOR_EMAIL)
    app.revoke_user(admin, ids["outsider"])
    app.register_identity(admin, ids["bra"], issuer=provider_url, subject=HELENA_SUBJECT)
    revoked = app.add_user(
        admin,
        name="Rut Avstängd",
        organisation=Organisation.POLIS,
        role=Role.MEMBER,
        municipalities=[built.demo.municipality],
    )
    app.register_identity(admin, revoked.user_id, issuer=provider_url, subject=REVOKED_SUBJECT)
    app.revoke_user(admin, revoked.user_id)
    yield built
    built.close()


@pytest.fixture(scope="module")
def _module_client(world: WebWorld) -> Iterator[TestClient[Litestar]]:
    with TestClient(app=world.web_app) as test_client:
        yield test_client


@pytest.fixture
def client(_module_client: TestClient[Litestar]) -> TestClient[Litestar]:
    """A browser on the installation, signed out (no cookies)."""
    _module_client.cookies.clear()
    return _module_client


def _claims(provider_url: str, subject: str, **claims: Any) -> None:
    """What the provider says about ``subject`` (its users' claims)."""
    answer = httpx.put(f"{provider_url}/users/{quote(subject, safe='')}", json=claims)
    assert answer.status_code == 204, answer.text


def _to_provider(client: TestClient[Litestar], provider_id: str) -> str:
    """Follow "Logga in med …" on the login page: the provider's authorization address."""
    page = client.get("/logga-in")
    link = f'href="/logga-in/oidc/{provider_id}"'
    assert link in page.text
    answer = client.get(f"/logga-in/oidc/{provider_id}", follow_redirects=False)
    assert answer.status_code == 303, answer.text
    location: str = answer.headers["location"]
    assert "code_challenge_method=S256" in location  # PKCE
    return location


def _authorize(authorization_url: str, subject: str) -> str:
    """The person signs in at the provider as ``subject``: the address back to the web."""
    answer = httpx.post(authorization_url, data={"sub": subject})
    assert answer.status_code == 302, answer.text
    back = answer.headers["location"]
    assert "code=" in back
    return back


def _back(client: TestClient[Litestar], callback: str) -> Any:
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}", follow_redirects=False)


def _sign_in(client: TestClient[Litestar], provider_id: str, subject: str) -> Any:
    return _back(client, _authorize(_to_provider(client, provider_id), subject))


def _events(world: WebWorld) -> int:
    return world.application.recorder.max_notification_id() or 0


def _stored_event_names(world: WebWorld, role: str) -> list[str]:
    from uuid import UUID

    stored = world.application.recorder.select_events(UUID(world.user_ids[role]))
    return [event.topic.rsplit(".", 1)[-1] for event in stored]


def _refused(answer: Any, status: int, words: str) -> None:
    assert answer.status_code == status, answer.text
    assert words in answer.text
    assert 'role="alert"' in answer.text


# ------------------------------------------------------------------------------- the page


def test_the_login_page_offers_each_provider_and_no_token_form(
    client: TestClient[Litestar],
) -> None:
    page = client.get("/logga-in")
    assert "Logga in med Kungsörs kommun" in page.text
    assert "Logga in med Polisen" in page.text
    assert 'name="token"' not in page.text


def test_an_unknown_provider_is_not_found(client: TestClient[Litestar]) -> None:
    assert client.get("/logga-in/oidc/okand", follow_redirects=False).status_code == 404
    assert client.get("/logga-in/oidc/okand/svar?code=x&state=y").status_code == 404


def test_token_login_is_refused_where_the_installation_has_not_turned_it_on(
    client: TestClient[Litestar], world: WebWorld
) -> None:
    client.get("/logga-in")  # the double-submit cookie of a visitor without a session
    data = {"_csrf_token": client.cookies["po_csrf"], "token": world.tokens["bra"], "nasta": ""}
    answer = client.post("/logga-in", data=data, follow_redirects=False)
    assert answer.status_code == 404
    assert client.get("/", follow_redirects=False).status_code == 303  # still logged out


def test_an_installation_that_turns_token_login_on_explains_it(tmp_path: Path) -> None:
    provider = {"id": "k", "name": "K", "issuer": "https://idp.example", "client_id": "c"}
    settings = Settings(data_dir=tmp_path, oidc_providers=[provider], token_login=True)
    with TestClient(app=create_app(settings)) as test_client:
        page = test_client.get("/logga-in").text
    assert "Logga in med K" in page
    assert 'name="token"' in page
    assert "åtkomsttoken" in page


# ----------------------------------------------------------------------- signing in


def test_a_member_registered_by_email_signs_in_and_the_first_sign_in_links_the_identity(
    client: TestClient[Litestar], world: WebWorld, provider_url: str
) -> None:
    _claims(provider_url, "amina-at-kommun", email=MEMBER_EMAIL, email_verified=True)
    answer = _sign_in(client, "kommun", "amina-at-kommun")
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"/grupper/{world.youth_group_id}"
    assert "Amina Rashid" in client.get("/").text
    names = _stored_event_names(world, "member")
    assert names[-2:] == ["IdentityLinked", "SignedIn"]

    # the next sign-in goes by the link, whatever address the provider then gives
    _claims(provider_url, "amina-at-kommun", email="amina.new@kungsor.example")
    client.cookies.clear()
    assert _sign_in(client, "kommun", "amina-at-kommun").status_code == 303
    assert _stored_event_names(world, "member")[-2:] == ["SignedIn", "SignedIn"]


def test_a_user_registered_by_subject_signs_in_through_the_police_provider(
    client: TestClient[Litestar], world: WebWorld
) -> None:
    answer = _sign_in(client, "polisen", HELENA_SUBJECT)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/oversikt"
    assert _stored_event_names(world, "bra")[-1] == "SignedIn"


@pytest.mark.parametrize(
    ("nasta", "lands_on"), [("/arenden", "/arenden"), ("//evil.example", "/oversikt")]
)
def test_a_sign_in_returns_to_the_page_asked_for_on_this_site_only(
    client: TestClient[Litestar], nasta: str, lands_on: str
) -> None:
    started = client.get("/logga-in/oidc/polisen", params={"nasta": nasta}, follow_redirects=False)
    assert started.status_code == 303
    answer = _back(client, _authorize(started.headers["location"], HELENA_SUBJECT))
    assert answer.status_code == 303
    assert answer.headers["location"] == lands_on


def test_signing_out_is_recorded_and_ends_the_session(
    client: TestClient[Litestar], world: WebWorld
) -> None:
    assert _sign_in(client, "polisen", HELENA_SUBJECT).status_code == 303
    page = client.get("/oversikt")
    assert page.status_code == 200
    answer = client.post(
        "/logga-ut", data={"_csrf_token": csrf_token(page.text)}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert _stored_event_names(world, "bra")[-1] == "SessionEnded"
    assert client.get("/oversikt", follow_redirects=False).status_code == 303


def test_a_user_revoked_while_signed_in_is_out_at_once(
    client: TestClient[Litestar], world: WebWorld, provider_url: str
) -> None:
    _claims(provider_url, "ingrid", email=AUDITOR_EMAIL)
    assert _sign_in(client, "kommun", "ingrid").status_code == 303
    assert client.get("/oversikt").status_code == 200
    admin = world.application.get_user(world.user_ids["admin"]).actor
    world.application.revoke_user(admin, world.user_ids["auditor"])
    assert client.get("/oversikt", follow_redirects=False).status_code == 303


# ---------------------------------------------------------------------- refused cases


def test_an_unknown_person_is_refused_and_nothing_is_recorded(
    client: TestClient[Litestar], world: WebWorld, provider_url: str
) -> None:
    _claims(provider_url, "stranger", email="nobody@elsewhere.example")
    before = _events(world)
    answer = _sign_in(client, "kommun", "stranger")
    _refused(answer, 403, "Du är inte registrerad som användare här")
    assert _events(world) == before
    assert client.get("/", follow_redirects=False).status_code == 303


def test_an_unregistered_subject_at_the_police_provider_is_refused(
    client: TestClient[Litestar], world: WebWorld
) -> None:
    before = _events(world)
    _refused(_sign_in(client, "polisen", "someone-else"), 403, "inte registrerad")
    assert _events(world) == before


def test_a_revoked_user_is_refused_though_the_provider_vouches_for_them(
    client: TestClient[Litestar], world: WebWorld, provider_url: str
) -> None:
    _claims(provider_url, "olle-at-polisen", email=OUTSIDER_EMAIL, email_verified=True)
    before = _events(world)
    _refused(_sign_in(client, "kommun", "olle-at-polisen"), 403, "Ditt konto här är avstängt")
    assert _events(world) == before
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_revoked_user_registered_by_subject_is_refused(
    client: TestClient[Litestar], world: WebWorld
) -> None:
    before = _events(world)
    _refused(_sign_in(client, "polisen", REVOKED_SUBJECT), 403, "Ditt konto här är avstängt")
    assert _events(world) == before


def test_an_unverified_email_address_is_not_believed(
    client: TestClient[Litestar], world: WebWorld, provider_url: str
) -> None:
    _claims(provider_url, "fake-amina", email=MEMBER_EMAIL, email_verified=False)
    before = _events(world)
    _refused(_sign_in(client, "kommun", "fake-amina"), 403, "inte registrerad")
    assert _events(world) == before


def test_a_wrong_state_is_refused(client: TestClient[Litestar], world: WebWorld) -> None:
    callback = _authorize(_to_provider(client, "polisen"), HELENA_SUBJECT)
    before = _events(world)
    _refused(_back(client, _with_param(callback, state="forged")), 400, "hörde inte")
    assert _events(world) == before


def test_an_answer_without_the_browsers_pending_sign_in_is_refused(
    client: TestClient[Litestar], world: WebWorld
) -> None:
    """Login CSRF: the attacker's own callback URL, opened in the victim's browser."""
    callback = _authorize(_to_provider(client, "polisen"), HELENA_SUBJECT)
    client.cookies.clear()
    before = _events(world)
    _refused(_back(client, callback), 400, "hörde inte")
    assert _events(world) == before


def test_an_answer_used_twice_is_refused(client: TestClient[Litestar], world: WebWorld) -> None:
    callback = _authorize(_to_provider(client, "polisen"), HELENA_SUBJECT)
    assert _back(client, callback).status_code == 303
    before = _events(world)
    _refused(_back(client, callback), 400, "hörde inte")
    assert _events(world) == before


def test_a_wrong_nonce_is_refused(client: TestClient[Litestar], world: WebWorld) -> None:
    """The provider puts another nonce in the ID token than this sign-in asked for."""
    authorization_url = _with_param(_to_provider(client, "polisen"), nonce="replayed-nonce")
    callback = _authorize(authorization_url, HELENA_SUBJECT)
    before = _events(world)
    _refused(_back(client, callback), 400, "gick inte att lita på")
    assert _events(world) == before


def test_an_expired_id_token_is_refused(client: TestClient[Litestar], world: WebWorld) -> None:
    before = _events(world)
    _refused(_sign_in(client, "gammal", "anyone"), 400, "gick inte att lita på")
    assert _events(world) == before


@pytest.mark.parametrize("tampering", ["changed claims", "another key"])
def test_a_tampered_id_token_is_refused(
    client: TestClient[Litestar],
    world: WebWorld,
    monkeypatch: pytest.MonkeyPatch,
    tampering: str,
) -> None:
    """The token endpoint's answer altered on the way: the subject changed to a registered
    user's (signature no longer matches), or the token re-signed with a key not the
    provider's."""
    fetch = oidc._Client.fetch_access_token

    async def altered(self: Any, **kwargs: Any) -> dict[str, Any]:
        token: dict[str, Any] = await fetch(self, **kwargs)
        header, payload, signature = token["id_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["sub"] = HELENA_SUBJECT
        if tampering == "changed claims":
            encoded = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
            token["id_token"] = f"{header}.{encoded.decode()}.{signature}"
        else:
            key = RSAKey.generate_key(2048, parameters={"kid": _kid(header)})
            token["id_token"] = jwt.encode({"alg": "RS256", "kid": _kid(header)}, claims, key)
        return token

    monkeypatch.setattr(oidc._Client, "fetch_access_token", altered)
    before = _events(world)
    _refused(_sign_in(client, "polisen", "mallory"), 400, "gick inte att lita på")
    assert _events(world) == before
    assert client.get("/oversikt", follow_redirects=False).status_code == 303


def test_a_person_who_cancels_at_the_provider_is_not_signed_in(
    client: TestClient[Litestar], world: WebWorld
) -> None:
    authorization_url = _to_provider(client, "polisen")
    answer = httpx.post(authorization_url, data={"action": "deny"})
    assert answer.status_code == 302
    _refused(_back(client, answer.headers["location"]), 400, "avbröts")


# ------------------------------------------------------------ the API and provider tokens


def _provider_jwt(provider_url: str, client_id: str, subject: str) -> str:
    """A token the provider signed for ``client_id`` about ``subject`` (its ID token: a JWT
    with that audience; the mock's access tokens are opaque)."""
    callback = "http://integration.example/cb"
    authorized = httpx.post(
        f"{provider_url}/oauth2/authorize",
        params={
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": callback,
            "scope": "openid",
            "nonce": "n",
            "state": "s",
        },
        data={"sub": subject},
    )
    code = parse_qs(urlsplit(authorized.headers["location"]).query)["code"][0]
    answer = httpx.post(
        f"{provider_url}/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": callback},
        auth=(client_id, "secret"),
    )
    token: str = answer.json()["id_token"]
    return token


def _me(client: TestClient[Litestar], token: str) -> Any:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def test_the_api_accepts_a_providers_token_for_the_registered_subject(
    client: TestClient[Litestar], world: WebWorld, provider_url: str
) -> None:
    answer = _me(client, _provider_jwt(provider_url, "po-polisen", HELENA_SUBJECT))
    assert answer.status_code == 200, answer.text
    assert world.user_ids["bra"] in answer.text
    assert _me(client, world.tokens["bra"]).status_code == 200  # its own tokens still work


def test_the_api_refuses_provider_tokens_that_do_not_hold(
    client: TestClient[Litestar], world: WebWorld, provider_url: str, stale_provider_url: str
) -> None:
    good = _provider_jwt(provider_url, "po-polisen", HELENA_SUBJECT)
    header, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    refused = {
        "unlinked subject": _provider_jwt(provider_url, "po-polisen", "nobody-registered"),
        "another audience": _provider_jwt(provider_url, "someone-elses-app", HELENA_SUBJECT),
        "tampered": f"{header}.{forged}.{signature}",
        "another key": jwt.encode(
            {"alg": "RS256", "kid": _kid(header)}, claims, RSAKey.generate_key(2048)
        ),
        "expired": _provider_jwt(stale_provider_url, "po-gammal", HELENA_SUBJECT),
    }
    for case, token in refused.items():
        assert _me(client, token).status_code == 401, case


def test_the_api_refuses_a_revoked_users_provider_token(
    client: TestClient[Litestar], world: WebWorld, provider_url: str
) -> None:
    token = _provider_jwt(provider_url, "po-polisen", REVOKED_SUBJECT)
    assert _me(client, token).status_code == 401


def _with_param(url: str, **changed: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()} | changed
    return urlunsplit(parts._replace(query=urlencode(query)))


def _kid(header: str) -> str:
    decoded = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    return str(decoded.get("kid", "k"))


# ------------------------------------------------------------------- invitations (issue 14)


def test_an_invitation_accepted_at_the_provider_links_the_identity_once(
    client: TestClient[Litestar], world: WebWorld, provider_url: str
) -> None:
    """A person without a registered address or subject follows an invitation link and
    signs in at the police's provider: that identity is linked to the invited user
    (IdentityLinked, InvitationUsed, SignedIn), later sign-ins there go by the link, and the
    same link cannot be used again."""
    app = world.application
    admin = app.get_user(world.user_ids["admin"]).actor
    added = app.add_user(
        admin,
        name="Ivar Inbjuden",
        organisation=Organisation.POLIS,
        role=Role.MEMBER,
        municipalities=[world.demo.municipality],
    )
    secret = app.issue_invitation(admin, added.user_id)
    page = client.get(f"/inbjudan/{secret}")
    assert f'href="/inbjudan/{secret}/oidc/polisen"' in page.text
    begun = client.get(f"/inbjudan/{secret}/oidc/polisen", follow_redirects=False)
    assert begun.status_code == 303, begun.text
    answer = _back(client, _authorize(begun.headers["location"], "ivar-polisen-0003"))
    assert answer.status_code == 303, answer.text
    assert "Ivar Inbjuden" in client.get("/").text
    stored = app.recorder.select_events(app.get_user(added.user_id).id)
    names = [event.topic.rsplit(".", 1)[-1] for event in stored]
    assert names[-3:] == ["IdentityLinked", "InvitationUsed", "SignedIn"]

    client.cookies.clear()
    assert _sign_in(client, "polisen", "ivar-polisen-0003").status_code == 303
    client.cookies.clear()
    assert client.get(f"/inbjudan/{secret}").status_code == 410


def test_an_invitation_is_not_used_for_an_identity_another_user_has(
    client: TestClient[Litestar], world: WebWorld, provider_url: str
) -> None:
    """Helena's identity at the police's provider is hers: accepting someone else's
    invitation with it is refused, and the invitation still works."""
    app = world.application
    admin = app.get_user(world.user_ids["admin"]).actor
    added = app.add_user(
        admin,
        name="Greta Gäst",
        organisation=Organisation.REGION,
        role=Role.AUDITOR,
        municipalities=[world.demo.municipality],
    )
    secret = app.issue_invitation(admin, added.user_id)
    client.get(f"/inbjudan/{secret}")
    begun = client.get(f"/inbjudan/{secret}/oidc/polisen", follow_redirects=False)
    answer = _back(client, _authorize(begun.headers["location"], HELENA_SUBJECT))
    _refused(answer, 400, "Inbjudningslänken fungerar inte längre")
    assert app.invited_user(secret) is not None
