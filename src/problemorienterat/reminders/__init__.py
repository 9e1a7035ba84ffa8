"""Reminders by e-mail: each user's daily digest of what falls due and what waits on them,
built from the views, sent through SMTP and recorded so it goes out once per user and day
(``problemorienterat remind``; see docs/reminders.md)."""

from problemorienterat.reminders.digest import Digest, build_digest
from problemorienterat.reminders.message import digest_message
from problemorienterat.reminders.run import RunSummary, send_reminders

__all__ = ["Digest", "RunSummary", "build_digest", "digest_message", "send_reminders"]
