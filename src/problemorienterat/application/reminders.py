"""Use cases for reminders: a user's e-mail address and digest setting, their secret
calendar feed, and the record of each digest sent (exactly once per user and day, see
:mod:`problemorienterat.domain.reminder`)."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from problemorienterat.application.results import CommandResult
from problemorienterat.application.users import UserUseCases
from problemorienterat.domain.actor import Actor, Role
from problemorienterat.domain.errors import ConcurrentWriteError, ForbiddenError, NotFoundError
from problemorienterat.domain.reminder import ReminderDigest, reminder_digest_id
from problemorienterat.domain.user import (
    CalendarFeedIndex,
    User,
    calendar_feed_index_id,
    token_hash,
)

FEED_SECRET_BYTES = 32
_FEED_SECRET_MAX_LENGTH = 100
REMINDER_ACTOR = Actor.system("Påminnelser")


class ReminderUseCases(UserUseCases):
    """E-mail digests and calendar feeds of the users."""

    # ------------------------------------------------------------------ settings

    def set_email_address(self, actor: Actor, user_id: str, email: str) -> CommandResult:
        """Set the address a user's reminders go to (administrators; an empty one removes
        it). The address is personal data: sealed with the user's own key."""
        _require_admin(actor)
        user = self.get_user(user_id)
        user.set_email_address(actor, email)
        return self.commit(user)

    def set_digests(self, actor: Actor, user_id: str, *, enabled: bool) -> CommandResult:
        """The user turns their reminder digests on or off (only their own)."""
        _require_self(actor, user_id)
        user = self.get_user(user_id)
        if enabled:
            user.turn_digests_on(actor)
        else:
            user.turn_digests_off(actor)
        return self.commit(user)

    def issue_calendar_feed(self, actor: Actor, user_id: str) -> str:
        """A new secret for the user's calendar feed address (shown once; only its hash is
        recorded); any earlier address stops working."""
        _require_self(actor, user_id)
        user = self.get_user(user_id)
        secret = secrets.token_urlsafe(FEED_SECRET_BYTES)
        hashed = token_hash(secret)
        user.issue_calendar_feed(actor, hashed)
        self.commit(user, CalendarFeedIndex.for_user(hashed, user.id))
        return secret

    def revoke_calendar_feed(self, actor: Actor, user_id: str) -> CommandResult:
        """The user's calendar feed address stops working at once."""
        _require_self(actor, user_id)
        user = self.get_user(user_id)
        user.revoke_calendar_feed(actor)
        return self.commit(user)

    def calendar_feed_user(self, secret: str) -> User | None:
        """The active user whose current calendar feed secret is ``secret``, or None (an
        unknown, replaced or revoked secret, or a revoked user: all the same answer)."""
        if not secret or len(secret) > _FEED_SECRET_MAX_LENGTH:
            return None
        hashed = token_hash(secret)
        try:
            index = self.load(CalendarFeedIndex, calendar_feed_index_id(hashed))
            user = self.load(User, index.user_id)
        except NotFoundError:
            return None
        if user.is_revoked or not secrets.compare_digest(user.calendar_feed_hash, hashed):
            return None
        return user

    # ------------------------------------------------------------------ digests

    def digest_recipients(self) -> list[User]:
        """The active users with an e-mail address who have not turned digests off."""
        return [u for u in self.list_users() if u.wants_digests]

    def find_digest(self, user: User, day: date) -> ReminderDigest | None:
        try:
            return self.load(ReminderDigest, reminder_digest_id(user.id, day))
        except NotFoundError:
            return None

    def claim_digest(
        self, user: User, day: date, *, items: int, now: datetime, stale_after: timedelta
    ) -> ReminderDigest | None:
        """Take on sending ``user``'s digest of ``day``, or None: it is sent already, or
        another run is sending it (also one that claimed it at this very moment: the store
        refuses the second claim of the same aggregate version)."""
        digest = self.find_digest(user, day)
        try:
            if digest is None:
                digest = ReminderDigest.claim(
                    REMINDER_ACTOR,
                    municipality=user.municipality,
                    user_id=user.id,
                    day=day,
                    items=items,
                )
            elif digest.may_claim_again(now, stale_after):
                digest.claim_again(REMINDER_ACTOR, items=items, now=now, stale_after=stale_after)
            else:
                return None
            self.commit(digest)
        except ConcurrentWriteError:
            return None
        return digest

    def record_digest_sent(self, digest: ReminderDigest) -> None:
        digest.record_sent(REMINDER_ACTOR)
        self.commit(digest)

    def record_digest_failed(self, digest: ReminderDigest, reason: str) -> None:
        digest.record_failure(REMINDER_ACTOR, reason)
        self.commit(digest)


def _require_self(actor: Actor, user_id: str) -> None:
    if actor.user_id != user_id:
        raise ForbiddenError("Only the user themselves may change this setting.")


def _require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise ForbiddenError("Only an administrator sets a user's e-mail address.")
