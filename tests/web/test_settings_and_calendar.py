"""Mina inställningar and the calendar feeds: a user makes a secret calendar address, a
calendar program reads it without logging in (iCalendar, parsed back with ``icalendar``),
and a revoked, replaced or made-up address gets one and the same 404. Digests by e-mail are
turned off and on on the same page."""

from __future__ import annotations

import re
from datetime import date

from icalendar import Calendar
from litestar import Litestar
from litestar.testing import TestClient
from web_helpers import ADMIN, DEMO_YEAR, STORY_TODAY, WebWorld, login, submit

from problemorienterat.domain.actor import Actor, Organisation, Role

ADMIN_ROLE = Actor("cli", "Kommandoraden", Organisation.ANNAN, Role.ADMIN)
FEED = re.compile(r"<code>(https?://[^<]+/kalender/[^<]+\.ics)</code>")


def _new_feed(client: TestClient[Litestar]) -> list[str]:
    """Make a calendar address on Mina inställningar; the addresses the page shows once."""
    made = submit(client, "/installningar", "/installningar/kalender", {})
    assert made.status_code == 303
    page = client.get("/installningar")
    return FEED.findall(page.text)


def _path(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _without_request_id(page: str) -> str:
    return re.sub(r"<code>[0-9a-f]{32}</code>", "", page)


def _events(body: bytes) -> dict[str, dict[str, object]]:
    calendar = Calendar.from_ical(body)
    return {
        str(e["UID"]): {
            "start": e.decoded("DTSTART"),
            "summary": str(e["SUMMARY"]),
            "url": str(e["URL"]),
        }
        for e in calendar.walk("VEVENT")
    }


def test_a_members_calendar_holds_their_groups_actions_and_the_years_activities(
    fresh_client: TestClient[Litestar], fresh_world: WebWorld
) -> None:
    """The address is shown once; read without a session it is an iCalendar feed with each
    open action of UNG-gruppen on its due date (an all-day event, linked to its case) and the
    medborgarlöfte's activities of the year that have a due date."""
    login(fresh_client, "member")
    page = fresh_client.get("/installningar")
    assert page.status_code == 200
    assert "Skapa kalenderadress" in page.text
    [user_feed, group_feed] = _new_feed(fresh_client)
    assert FEED.findall(fresh_client.get("/installningar").text) == []  # shown once
    fresh_client.cookies.clear()
    answer = fresh_client.get(_path(user_feed))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert answer.headers["cache-control"] == "no-store"
    assert "set-cookie" not in answer.headers  # a calendar program gets no session or CSRF cookie
    events = _events(answer.content)
    views = fresh_world.web_app.state.projections
    board = views.group_board(
        "1882", fresh_world.demo.groups["UNG-gruppen"], today=STORY_TODAY, list_limit=200
    )
    actions = {f"action-{a.action_id}@problemorienterat": a for a in board.next_actions}
    assert actions
    for uid, action in actions.items():
        assert events[uid]["start"] == action.due_date
        assert isinstance(events[uid]["start"], date)
        assert (
            events[uid]["summary"] == f"Åtgärd ska vara klar: {action.title} ({action.reference})"
        )
        assert str(events[uid]["url"]).endswith(f"/arenden/{action.reference}")
    follow_up = views.citizen_promise_follow_up("1882", DEMO_YEAR)
    activities = {
        f"activity-{a.activity_id}@problemorienterat": a
        for area in follow_up.focus_areas
        for a in area.activities
        if a.due_date is not None and a.status.value != "cancelled"
    }
    assert activities
    assert set(events) == set(actions) | set(activities)
    group_answer = fresh_client.get(_path(group_feed))
    assert group_answer.status_code == 200
    assert set(_events(group_answer.content)) == set(actions)


def test_a_revoked_replaced_or_made_up_address_is_the_same_404(
    fresh_client: TestClient[Litestar], fresh_world: WebWorld
) -> None:
    """After "Sluta dela kalendern" the address answers 404, as does one replaced by a new
    address, one nobody was given and a revoked user's; so does a group the user is not a
    member of."""
    login(fresh_client, "member")
    [first, _] = _new_feed(fresh_client)
    [second, second_group] = _new_feed(fresh_client)
    assert fresh_client.get(_path(second)).status_code == 200
    replaced = fresh_client.get(_path(first))
    made_up = fresh_client.get("/kalender/" + "x" * 43 + ".ics")
    assert replaced.status_code == made_up.status_code == 404
    assert _without_request_id(replaced.text) == _without_request_id(made_up.text)
    others = [g for name, g in fresh_world.demo.groups.items() if name != "UNG-gruppen"]
    other_group = _path(second_group).rsplit("/", 1)[0] + f"/{others[0]}.ics"
    assert fresh_client.get(other_group).status_code == 404
    revoked = submit(fresh_client, "/installningar", "/installningar/kalender/aterkalla", {})
    assert revoked.status_code == 303
    assert fresh_client.get(_path(second)).status_code == 404
    assert fresh_client.get(_path(second_group)).status_code == 404
    assert "Du har ingen kalenderadress." in fresh_client.get("/installningar").text
    [third, _] = _new_feed(fresh_client)
    fresh_world.application.revoke_user(ADMIN, fresh_world.user_ids["member"])
    assert fresh_client.get(_path(third)).status_code == 404  # a revoked user's feed


def test_a_user_turns_e_mail_digests_off_and_on(
    fresh_client: TestClient[Litestar], fresh_world: WebWorld
) -> None:
    """The page shows where digests go; the form turns the user's own digests off, and on
    again."""
    user_id = fresh_world.user_ids["member"]
    fresh_world.application.set_email_address(ADMIN_ROLE, user_id, "amina.rashid@kungsor.se")
    login(fresh_client, "member")
    assert "Påminnelserna skickas till <strong>amina.rashid@kungsor.se</strong>" in (
        fresh_client.get("/installningar").text
    )
    off = submit(
        fresh_client, "/installningar", "/installningar/paminnelser", {"paminnelser": "av"}
    )
    assert off.status_code == 303
    assert fresh_world.application.get_user(user_id).digests_off
    page = fresh_client.get("/installningar").text
    assert "Du får inga påminnelser med e-post längre." in page
    assert "Slå på påminnelser med e-post" in page
    submit(fresh_client, "/installningar", "/installningar/paminnelser", {"paminnelser": "pa"})
    assert not fresh_world.application.get_user(user_id).digests_off
