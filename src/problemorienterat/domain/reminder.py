"""A reminder digest: the record that one user's digest of one day was sent (or is being sent).

Its id is derived from the user and the day, so two runs of ``problemorienterat remind`` on
the same day, also at the same moment, meet on the same aggregate: the one that creates it
(or claims it again after a failure) sends; the other finds it claimed and sends nothing.

The states: ``sending`` (claimed: the mail is about to go to the SMTP server), ``sent`` (the
server accepted it) and ``failed`` (the server refused it or could not be reached). A failed
digest is claimed again by the next run; a digest left ``sending`` (the process died between
claiming and recording the answer) is claimed again once it is older than the run's
``stale_after``: then the mail may arrive twice, never not at all.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import Enum
from uuid import NAMESPACE_URL, UUID, uuid5

from problemorienterat.domain.actor import Actor
from problemorienterat.domain.base import MunicipalAggregate
from problemorienterat.domain.errors import ClosedError, InvalidValueError

_REASON_MAX_LENGTH = 200


class DigestStatus(Enum):
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


def reminder_digest_id(user_id: UUID, day: date) -> UUID:
    """The digest of ``user_id`` for ``day``: the same id in every process."""
    return uuid5(NAMESPACE_URL, f"problemorienterat:reminder-digest:{user_id}:{day.isoformat()}")


class ReminderDigest(MunicipalAggregate):
    """One user's reminder digest of one day (``municipality``: the user's home)."""

    class Event(MunicipalAggregate.Event):
        pass

    class Claimed(MunicipalAggregate.Created):
        """A run took on sending the digest. ``items``: how many reminders it holds (the
        content itself is not recorded: it is in the views and the mail)."""

        user_id: UUID
        day: date
        items: int

        def apply(self, digest: ReminderDigest) -> None:
            super().apply(digest)
            digest.user_id = self.user_id
            digest.day = self.day
            digest.items = self.items
            digest.status = DigestStatus.SENDING
            digest.claimed_at = self.timestamp
            digest.attempts = 1

    class ClaimedAgain(Event):
        """A later run took on a digest that failed or was left sending."""

        items: int

        def apply(self, digest: ReminderDigest) -> None:
            digest.items = self.items
            digest.status = DigestStatus.SENDING
            digest.claimed_at = self.timestamp
            digest.attempts += 1

    class Sent(Event):
        """The SMTP server accepted the mail."""

        def apply(self, digest: ReminderDigest) -> None:
            digest.status = DigestStatus.SENT
            digest.sent_at = self.timestamp

    class SendFailed(Event):
        """The SMTP server refused the mail or could not be reached (``reason``: the kind of
        error, never an address)."""

        reason: str

        def apply(self, digest: ReminderDigest) -> None:
            digest.status = DigestStatus.FAILED

    def __init__(self) -> None:
        super().__init__()
        self.user_id: UUID | None = None
        self.day: date | None = None
        self.items = 0
        self.status = DigestStatus.SENDING
        self.claimed_at: datetime | None = None
        self.sent_at: datetime | None = None
        self.attempts = 0

    @classmethod
    def claim(
        cls, actor: Actor, *, municipality: str, user_id: UUID, day: date, items: int
    ) -> ReminderDigest:
        if items < 1:
            raise InvalidValueError("A digest holds at least one reminder.", field="items")
        return cls._create(
            cls.Claimed,
            id=reminder_digest_id(user_id, day),
            actor=actor,
            municipality=municipality,
            user_id=user_id,
            day=day,
            items=items,
        )

    def may_claim_again(self, now: datetime, stale_after: timedelta) -> bool:
        """A failed digest may be tried again at once; one left sending once it is stale."""
        if self.status is DigestStatus.FAILED:
            return True
        return (
            self.status is DigestStatus.SENDING
            and self.claimed_at is not None
            and now - self.claimed_at >= stale_after
        )

    def claim_again(
        self, actor: Actor, *, items: int, now: datetime, stale_after: timedelta
    ) -> None:
        if not self.may_claim_again(now, stale_after):
            raise ClosedError("The digest is sent or being sent.")
        self.record(self.ClaimedAgain, actor, items=items)

    def record_sent(self, actor: Actor) -> None:
        if self.status is not DigestStatus.SENDING:
            raise ClosedError("Only a digest being sent can be recorded as sent.")
        self.record(self.Sent, actor)

    def record_failure(self, actor: Actor, reason: str) -> None:
        if self.status is not DigestStatus.SENDING:
            raise ClosedError("Only a digest being sent can fail.")
        self.record(self.SendFailed, actor, reason=reason[:_REASON_MAX_LENGTH] or "error")
