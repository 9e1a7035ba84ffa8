"""Queries answered from the event store itself, until a projection serves them."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.utils import get_topic

from problemorienterat.application.base import ServiceBase
from problemorienterat.audit.ports import EventIndex, FeedFilter
from problemorienterat.domain.agreement import Agreement
from problemorienterat.domain.grannsamverkan import GrannsamverkanArea
from problemorienterat.domain.municipality import Municipality
from problemorienterat.infrastructure.event_index import ScanningIndex, event_index

# The most agreements and Grannsamverkan areas one municipality's list loads. Each is loaded
# from its events; a municipality has a handful of agreements and at most some hundreds of
# areas. Beyond that a projection would serve the list.
REGISTER_LIST_LIMIT = 1000


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

    def agreements_of(self, municipality: str) -> list[Agreement]:
        """The municipality's agreements (terminated ones too), the newest start first.

        Found through the event index (one indexed query for the creation events of the
        municipality), then each loaded; at most REGISTER_LIST_LIMIT.
        """
        found = [
            self.load(Agreement, aggregate_id)
            for aggregate_id in self._created_in(municipality, Agreement.Signed)
        ]
        return sorted(found, key=lambda a: (a.signed_from, a.created_on), reverse=True)

    def grannsamverkan_areas_of(self, municipality: str) -> list[GrannsamverkanArea]:
        """The municipality's Grannsamverkan areas (ended ones too), by area name."""
        found = [
            self.load(GrannsamverkanArea, aggregate_id)
            for aggregate_id in self._created_in(municipality, GrannsamverkanArea.Registered)
        ]
        return sorted(found, key=lambda a: (a.area.casefold(), a.started_on))

    def _created_in(self, municipality: str, created: type) -> list[UUID]:
        where = FeedFilter(municipalities=[municipality], event_type=created.__qualname__)
        index: EventIndex
        try:
            index = event_index(self.recorder)
        except TypeError:  # a store without an index (in memory): scanned
            index = ScanningIndex(self.recorder, self.mapper)
        entries = index.feed(where, after=0, limit=REGISTER_LIST_LIMIT)
        return [e.originator_id for e in entries]
