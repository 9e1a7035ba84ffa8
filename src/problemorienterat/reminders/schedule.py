"""The reminders on a schedule inside ``serve`` (``PROBLEMORIENTERAT_REMIND_AT=HH:MM``, UTC).

A thread sends the day's digests at that time each day, and at start-up when the time has
passed today (a run is safe to repeat: what was sent is not sent again). When a run could
not send everything (the mail server was down) it tries again after
``REMINDER_RETRY_MINUTES``, the same day. ``serve --workers N`` starts no schedule: run
``problemorienterat remind`` from a timer there (docs/reminders.md).
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from problemorienterat.reminders.run import send_reminders
from projections import ProjectionService

_log = logging.getLogger("problemorienterat.reminders")


class DailyReminders:
    """Sends the reminders each day at ``settings.remind_at`` until :meth:`stop`."""

    def __init__(
        self, application: ProblemorienteratApp, views: ProjectionService, settings: Settings
    ) -> None:
        if settings.remind_at is None:
            raise ValueError("REMIND_AT is not set")
        self.application = application
        self.views = views
        self.settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="reminders", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def next_run(self, now: datetime) -> datetime:
        """Today's time if it is still to come, else tomorrow's."""
        at = self.settings.remind_at
        assert at is not None
        today = datetime.combine(now.date(), at.replace(tzinfo=UTC))
        return today if today > now else today + timedelta(days=1)

    def _loop(self) -> None:
        now = datetime.now(UTC)
        wait = (
            0.0
            if self.next_run(now).date() > now.date()
            else (self.next_run(now) - now).total_seconds()
        )  # the time has passed today: run at once
        while not self._stop.wait(wait):
            ok = self._run_once()
            now = datetime.now(UTC)
            retry = timedelta(minutes=self.settings.reminder_retry_minutes)
            tomorrow = self.next_run(now)
            wait = (
                retry.total_seconds()
                if not ok and now + retry < tomorrow
                else (tomorrow - now).total_seconds()
            )

    def _run_once(self) -> bool:
        try:
            summary = send_reminders(self.application, self.views, self.settings)
        except Exception:  # the schedule lives on; the next run tries again
            _log.exception("reminder run failed")
            return False
        _log.info(summary.line)
        return summary.ok
