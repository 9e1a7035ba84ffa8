"""Kalenderprenumeration: a user's calendar feed at ``/kalender/{secret}.ics`` and a group's
at ``/kalender/{secret}/grupper/{group_id}.ics``, for Outlook or any calendar to subscribe to.

No login: the secret in the address authorises (a calendar program cannot log in). It is a
random token of the user's; only its hash is stored, and the user replaces or revokes it on
Mina inställningar. An unknown, replaced or revoked secret, a revoked user, a group the user
may not see: all the same 404. What a feed shows is what its user may see on the boards.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Role
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.domain.user import User
from problemorienterat.domain.working_group import WorkingGroup
from web.calendar_feed import group_feed, group_id_of, member_groups, user_feed
from web.pages._municipal import application_of, views_of

CALENDAR_PATH = "/kalender"
ICS = "text/calendar"  # Litestar adds "; charset=utf-8"


def feed_url(request: Request[Any, Any, Any], secret: str) -> str:
    """The address of the user's feed with ``secret`` on this server."""
    return f"{_base_url(request)}{CALENDAR_PATH}/{secret}.ics"


@get(f"{CALENDAR_PATH}/{{feed:str}}", name="calendar_feed", sync_to_thread=True)
def calendar_feed(request: Request[Any, Any, Any], feed: FromPath[str]) -> Response[bytes]:
    """A user's feed: ``feed`` is ``{secret}.ics``."""
    if not feed.endswith(".ics"):
        raise NotFoundException
    application = application_of(request)
    user = _feed_user(application, feed.removesuffix(".ics"))
    body = user_feed(
        application, views_of(request), user, base_url=_base_url(request), today=_today()
    )
    return _ics(body, "problemorienterat.ics")


@get(
    f"{CALENDAR_PATH}/{{secret:str}}/grupper/{{group:str}}",
    name="calendar_group_feed",
    sync_to_thread=True,
)
def calendar_group_feed(
    request: Request[Any, Any, Any], secret: FromPath[str], group: FromPath[str]
) -> Response[bytes]:
    """A group's feed: ``group`` is ``{group_id}.ics``."""
    group_id = group_id_of(group) if group.endswith(".ics") else None
    if group_id is None:
        raise NotFoundException
    application = application_of(request)
    found = _visible_group(application, _feed_user(application, secret), group_id)
    body = group_feed(views_of(request), found, base_url=_base_url(request), today=_today())
    return _ics(body, f"grupp-{group_id}.ics")


def _feed_user(application: ProblemorienteratApp, secret: str) -> User:
    user = application.calendar_feed_user(secret)
    if user is None:
        raise NotFoundException
    return user


def _visible_group(application: ProblemorienteratApp, user: User, group_id: UUID) -> WorkingGroup:
    """A group of the user's (lokala BRÅ and auditors: any group of their municipalities)."""
    try:
        group = application.get_group(group_id)
    except NotFoundError:
        raise NotFoundException from None
    if user.role in (Role.BRA, Role.AUDITOR):
        if group.municipality in user.municipalities:
            return group
        raise NotFoundException
    if any(g.id == group.id for g in member_groups(application, user)):
        return group
    raise NotFoundException


def _ics(body: bytes, filename: str) -> Response[bytes]:
    return Response(
        body,
        media_type=ICS,
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def _base_url(request: Request[Any, Any, Any]) -> str:
    settings = request.app.state.get("settings")
    configured = getattr(settings, "base_url", None)
    return str(configured) if configured else str(request.base_url).rstrip("/")


def _today() -> date:
    return swedish_today()


FEED_ROUTES = [calendar_feed, calendar_group_feed]
