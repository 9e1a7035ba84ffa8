"""Queries answered from the event store itself, until a projection serves them."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.utils import get_topic

from problemorienterat.application.base import ServiceBase
from problemorienterat.domain.municipality import Municipality


class QueryUseCases(ServiceBase):
    """Read-only questions about what the installation holds."""

    def list_municipalities(self) -> list[Municipality]:
        """Every registered municipality, ordered by kommunkod.

        Scans the notification log for registration events only (the store filters by
        topic), then loads each municipality. An installation serves a handful of
        municipalities, so this stays cheap without a read model.
        """
        topics = [get_topic(Municipality.Registered)]
        page_size = self.notification_log.section_size
        found: list[Municipality] = []
        start = 1
        while True:
            notifications = self.notification_log.select(start, page_size, topics=topics)
            found.extend(self.load(Municipality, UUID(str(n.originator_id))) for n in notifications)
            if len(notifications) < page_size:
                return sorted(found, key=lambda m: m.code)
            start = notifications[-1].id + 1
