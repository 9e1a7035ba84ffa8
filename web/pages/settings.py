"""Mina inställningar: the logged-in user's reminders. Whether digests come by e-mail (to
the address an administrator set), and the secret address of their calendar feed: made,
replaced or revoked here, shown in full once, just after it is made (only its hash is kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from problemorienterat.contracts.principal import Principal
from web.auth import WebUser
from web.forms import FormData
from web.navigation import SETTINGS_PATH
from web.pages._municipal import application_of
from web.pages.calendar import CALENDAR_PATH, feed_url
from web.rendering import render, see_other
from web.session import flash

_NEW_FEED = "new_calendar_feed"  # the session key holding a just-made secret until shown


@dataclass(frozen=True)
class GroupFeed:
    name: str
    url: str


@get(SETTINGS_PATH, name="settings", sync_to_thread=True)
def settings_page(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    web_user: NamedDependency[WebUser],
) -> Template:
    user = application_of(request).get_user(principal.user_id)
    session = request.scope.get("session")
    secret = session.pop(_NEW_FEED, None) if isinstance(session, dict) else None
    new_feed = feed_url(request, secret) if isinstance(secret, str) else None
    group_feeds = (
        [
            GroupFeed(
                g.name,
                f"{new_feed.removesuffix('.ics')}/grupper/{g.group_id}.ics",
            )
            for g in web_user.groups
        ]
        if new_feed
        else []
    )
    return render(
        request,
        "installningar.html.j2",
        email=user.email.shown() if user.email is not None else None,
        digests_on=not user.digests_off,
        has_feed=bool(user.calendar_feed_hash),
        new_feed=new_feed,
        group_feeds=group_feeds,
        calendar_path=CALENDAR_PATH,
    )


@post(f"{SETTINGS_PATH}/paminnelser", sync_to_thread=True, status_code=303)
def set_digests(
    request: Request[Any, Any, Any], data: FormData, principal: NamedDependency[Principal]
) -> Redirect:
    """Påminnelser med e-post: ``paminnelser=pa`` turns them on, anything else off."""
    enabled = data.get("paminnelser") == "pa"
    application_of(request).set_digests(principal.actor, principal.user_id, enabled=enabled)
    flash(
        request,
        "Du får påminnelser med e-post."
        if enabled
        else "Du får inga påminnelser med e-post längre.",
    )
    return see_other(SETTINGS_PATH)


@post(f"{SETTINGS_PATH}/kalender", sync_to_thread=True, status_code=303)
def issue_feed(request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Redirect:
    """A new calendar address; the one before (if any) stops working."""
    secret = application_of(request).issue_calendar_feed(principal.actor, principal.user_id)
    session = request.scope.get("session")
    if isinstance(session, dict):
        session[_NEW_FEED] = secret
    return see_other(SETTINGS_PATH)


@post(f"{SETTINGS_PATH}/kalender/aterkalla", sync_to_thread=True, status_code=303)
def revoke_feed(request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Redirect:
    """The calendar address stops working at once."""
    application_of(request).revoke_calendar_feed(principal.actor, principal.user_id)
    flash(request, "Kalenderadressen fungerar inte längre.")
    return see_other(SETTINGS_PATH)


ROUTES = [settings_page, set_digests, issue_feed, revoke_feed]
