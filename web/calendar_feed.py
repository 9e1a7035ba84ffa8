"""Calendar feeds (iCalendar, RFC 5545, written by the ``icalendar`` library): what falls due,
for a calendar program to subscribe to.

A user's feed holds the open actions of the working groups they are a member of, each an
all-day event on its due date, and the medborgarlöfte activities with a due date of the
current year in the user's municipalities (not the cancelled ones). A group's feed holds that
group's open actions.
Each event's UID is stable (the action's or the activity's id), so a calendar that reads the
feed again updates its events instead of adding copies; a completed or cancelled action
leaves the feed. Nothing in a feed names a person: an action's owner is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote
from uuid import UUID

from icalendar import Calendar, Event

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.user import User
from problemorienterat.domain.working_group import WorkingGroup
from projections import ProjectionService
from projections.views.board import GroupBoard

FEED_LIST_LIMIT = 200  # open actions per group (the most a view gives)
PRODUCT_ID = "-//Problemorienterat//Kalender//SV"
UID_DOMAIN = "problemorienterat"


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    day: date
    summary: str
    description: str
    url: str


def user_feed(
    application: ProblemorienteratApp,
    views: ProjectionService,
    user: User,
    *,
    base_url: str,
    today: date,
) -> bytes:
    """``user``'s feed: their groups' open actions and the year's medborgarlöfte activities."""
    events: list[FeedEvent] = []
    for group in member_groups(application, user):
        events += _action_events(_board(views, group, today), base_url)
    for code in sorted(user.municipalities):
        events += _activity_events(views, code, today.year, base_url)
    return _calendar(f"Problemorienterat: {user.name}", events, today)


def group_feed(
    views: ProjectionService, group: WorkingGroup, *, base_url: str, today: date
) -> bytes:
    """One working group's feed: its open actions."""
    return _calendar(
        f"Problemorienterat: {group.name}",
        _action_events(_board(views, group, today), base_url),
        today,
    )


def member_groups(application: ProblemorienteratApp, user: User) -> list[WorkingGroup]:
    """The groups (not dissolved) ``user`` is a member of, in their municipalities."""
    return [g for g in application.groups_of(user.user_id) if g.municipality in user.municipalities]


def _board(views: ProjectionService, group: WorkingGroup, today: date) -> GroupBoard | None:
    return views.group_board(group.municipality, group.id, today=today, list_limit=FEED_LIST_LIMIT)


def _action_events(board: GroupBoard | None, base_url: str) -> list[FeedEvent]:
    if board is None:
        return []
    return [
        FeedEvent(
            uid=f"action-{a.action_id}@{UID_DOMAIN}",
            day=a.due_date,
            summary=f"Åtgärd ska vara klar: {a.title} ({a.reference})",
            description=(
                f"Åtgärden {a.title} i ärende {a.reference} ({board.group_name}) ska vara klar "
                f"{a.due_date.isoformat()}. Ansvarig: {a.responsible_party}."
            ),
            url=f"{base_url}/arenden/{quote(a.reference)}",
        )
        for a in board.next_actions
    ]


def _activity_events(
    views: ProjectionService, municipality: str, year: int, base_url: str
) -> list[FeedEvent]:
    follow_up = views.citizen_promise_follow_up(municipality, year, list_limit=1)
    if follow_up is None:
        return []
    return [
        FeedEvent(
            uid=f"activity-{activity.activity_id}@{UID_DOMAIN}",
            day=activity.due_date,
            summary=f"Medborgarlöfte: {activity.description}",
            description=(
                f"Aktivitet i medborgarlöftet {year} ({area.title}). "
                f"Ansvarig: {activity.responsible_party}."
            ),
            url=f"{base_url}/medborgarlofte/{year}",
        )
        for area in follow_up.focus_areas
        for activity in area.activities
        if activity.due_date is not None and activity.status is not ActivityStatus.CANCELLED
    ]


def _calendar(name: str, events: list[FeedEvent], today: date) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for item in sorted(events, key=lambda e: (e.day, e.uid)):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("url", item.url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    feed: bytes = calendar.to_ical()
    return feed


def group_id_of(value: str) -> UUID | None:
    """The group id of a ``{id}.ics`` path segment, or None."""
    try:
        return UUID(value.removesuffix(".ics"))
    except ValueError:
        return None
