"""One run of the reminders: every user's digest of a day, sent once.

For each user who wants digests (an active user with an e-mail address who has not turned
them off) the digest is built from the views; an empty one is not sent. A digest to send is
first *claimed* (a :class:`~problemorienterat.domain.reminder.ReminderDigest` recorded as
``sending``, its id derived from the user and the day), then handed to the SMTP server, then
recorded as ``sent`` (or ``failed``). So:

- a second run the same day finds the digest sent, or being sent by another run (also one
  claiming it at the same moment: the store takes only one of two claims), and sends nothing;
- a server that refuses the mail or cannot be reached leaves the digest ``failed``: the next
  run sends it; when the server cannot be reached (or its certificate cannot be trusted) the
  run stops there, and the users not yet tried are tried by the next run (nothing was
  recorded for them);
- a run that dies after the server accepted a mail but before recording it leaves the digest
  ``sending``: a run after ``REMINDER_RETRY_MINUTES`` sends it again. That window is the only
  way a digest can arrive twice; no way loses one.

The log names users by id only, never by name or address.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import ConfigurationError, Settings
from problemorienterat.domain.reminder import DigestStatus
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.infrastructure.mailer import MailError, SmtpMailer
from problemorienterat.reminders.digest import DigestSource
from problemorienterat.reminders.message import digest_message
from projections import ProjectionService

_log = logging.getLogger("problemorienterat.reminders")


@dataclass
class RunSummary:
    """What one run did, counted per user."""

    day: date
    dry_run: bool = False
    sent: int = 0
    already_sent: int = 0  # sent (or being sent) by an earlier or concurrent run
    nothing_to_send: int = 0
    failed: int = 0
    not_tried: int = 0  # the server could not be reached: left for the next run

    @property
    def line(self) -> str:
        verb = "would send" if self.dry_run else "sent"
        return (
            f"remind {self.day.isoformat()}: {verb} {self.sent}, already sent "
            f"{self.already_sent}, nothing to send {self.nothing_to_send}, failed "
            f"{self.failed}, not tried {self.not_tried}"
        )

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.not_tried == 0


def send_reminders(
    application: ProblemorienteratApp,
    views: ProjectionService,
    settings: Settings,
    *,
    day: date | None = None,
    dry_run: bool = False,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    mailer: SmtpMailer | None = None,
) -> RunSummary:
    """Send every user's digest of ``day`` (default: today in Sweden) that is not sent yet.

    ``dry_run``: build the digests and count what would be sent; nothing is sent or
    recorded. Without SMTP settings (and not a dry run) :class:`ConfigurationError`.
    """
    moment = now()
    today = day or swedish_today(moment)
    summary = RunSummary(today, dry_run=dry_run)
    if not dry_run and not settings.smtp_configured:
        raise ConfigurationError(
            "E-mail is not configured: set PROBLEMORIENTERAT_SMTP_HOST and "
            "PROBLEMORIENTERAT_SMTP_SENDER. Nothing was sent."
        )
    source = DigestSource(application, views, day=today, days=settings.reminder_days)
    stale_after = timedelta(minutes=settings.reminder_retry_minutes)
    users = application.digest_recipients()
    own_mailer = mailer is None and not dry_run
    active = mailer if mailer is not None or dry_run else SmtpMailer(settings)
    unreachable = False
    try:
        for user in users:
            digest = source.digest(user)
            if digest.is_empty:
                summary.nothing_to_send += 1
                continue
            if unreachable:
                summary.not_tried += 1
                continue
            if dry_run or active is None:
                found = application.find_digest(user, today)
                if found is not None and found.status is DigestStatus.SENT:
                    summary.already_sent += 1
                else:
                    summary.sent += 1
                continue
            claimed = application.claim_digest(
                user, today, items=digest.items, now=now(), stale_after=stale_after
            )
            if claimed is None:
                summary.already_sent += 1
                continue
            message = digest_message(
                digest, sender=active.sender, base_url=settings.resolved_base_url, now=now()
            )
            try:
                active.send(message)
            except MailError as error:
                application.record_digest_failed(claimed, error.reason)
                summary.failed += 1
                _log.warning("digest for user %s not sent: %s", user.user_id, error.reason)
                unreachable = error.unreachable
                continue
            application.record_digest_sent(claimed)
            summary.sent += 1
            _log.info("digest for user %s sent (%d items)", user.user_id, digest.items)
    finally:
        if own_mailer and active is not None:
            active.close()
    return summary


def caught_up_views(application: ProblemorienteratApp, settings: Settings) -> ProjectionService:
    """The views, brought up to the end of the event log first (a run of ``remind`` may
    happen while no server keeps them current)."""
    from projections.runner import ProjectionRunner

    runner = ProjectionRunner(
        application,
        batch_size=settings.projections_batch_size,
        poll_interval=settings.projections_poll_seconds,
    )
    runner.prepare_live()
    runner.catch_up()
    return ProjectionService(application, settings)
