"""The reminder settings on the API: a user turns their own e-mail digests off and on and
makes or revokes their calendar address (``/api/v1/me/...``); an administrator sets the
address reminders go to (``/api/v1/users/{id}/email``), which nobody else may, and an address
that is not one is refused naming the field."""

from __future__ import annotations

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import World


def test_a_user_turns_their_digests_off_and_on(client: TestClient[Litestar], world: World) -> None:
    """Digests are on until the user turns them off; the settings never show the address."""
    member = world.headers("member")
    assert client.get("/api/v1/me/reminders", headers=member).json() == {
        "digests": True,
        "email_set": False,
        "calendar_feed": False,
    }
    off = client.post("/api/v1/me/reminders/digests", json={"enabled": False}, headers=member)
    assert off.status_code == 200, off.text
    assert client.get("/api/v1/me/reminders", headers=member).json()["digests"] is False
    client.post("/api/v1/me/reminders/digests", json={"enabled": True}, headers=member)
    assert client.get("/api/v1/me/reminders", headers=member).json()["digests"] is True


def test_an_administrator_sets_the_address_and_nobody_else_may(
    client: TestClient[Litestar], world: World
) -> None:
    member_id = world.user_ids["member"]
    path = f"/api/v1/users/{member_id}/email"
    refused = client.post(path, json={"email": "a@kungsor.se"}, headers=world.headers("bra"))
    assert refused.status_code == 403
    bad = client.post(path, json={"email": "inte en adress"}, headers=world.headers("admin"))
    assert bad.status_code == 400  # the contract states the pattern: a body field that is not valid
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert "inte en adress" not in bad.text
    assert "email" in bad.text
    done = client.post(path, json={"email": "anna@kungsor.se"}, headers=world.headers("admin"))
    assert done.status_code == 200, done.text
    mine = client.get("/api/v1/me/reminders", headers=world.headers("member")).json()
    assert mine["email_set"] is True
    assert "anna@kungsor.se" not in str(mine)
    user = world.application.get_user(member_id)
    assert user.email is not None
    assert user.email.text == "anna@kungsor.se"
    assert user.email.subject_id == user.id  # sealed as the user's own personal data


def test_a_user_makes_and_revokes_their_calendar_address(
    client: TestClient[Litestar], world: World
) -> None:
    """The address is in the answer once; a new one replaces it; revoked, none is left."""
    member = world.headers("member")
    made = client.post("/api/v1/me/calendar-feed", headers=member)
    assert made.status_code == 201, made.text
    url = made.json()["url"]
    assert "/kalender/" in url
    assert url.endswith(".ics")
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert world.application.calendar_feed_user(secret) is not None
    again = client.post("/api/v1/me/calendar-feed", headers=member).json()["url"]
    assert again != url
    assert world.application.calendar_feed_user(secret) is None
    assert client.get("/api/v1/me/reminders", headers=member).json()["calendar_feed"] is True
    revoked = client.delete("/api/v1/me/calendar-feed", headers=member)
    assert revoked.status_code == 200
    assert client.get("/api/v1/me/reminders", headers=member).json()["calendar_feed"] is False
    new_secret = again.rsplit("/", 1)[1].removesuffix(".ics")
    assert world.application.calendar_feed_user(new_secret) is None
