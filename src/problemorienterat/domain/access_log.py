"""Who read which case's history, and when: reading the record is itself recorded."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from problemorienterat.domain.actor import Actor
from problemorienterat.domain.base import MunicipalAggregate, require_text


def access_log_id(subject_id: UUID) -> UUID:
    return uuid5(NAMESPACE_URL, f"problemorienterat:access-log:{subject_id}")


class AccessLog(MunicipalAggregate):
    """The reads of one aggregate's history (a problem, a group, a lägesbild ...)."""

    class Event(MunicipalAggregate.Event):
        pass

    class Opened(MunicipalAggregate.Created):
        subject_id: UUID

        def apply(self, log: AccessLog) -> None:
            super().apply(log)
            log.subject_id = self.subject_id

    class HistoryRead(Event):
        """``what`` is e.g. "history", "state-as-of", "export-json", "export-html",
        "export-pdf"."""

        what: str

        def apply(self, log: AccessLog) -> None:
            log.reads += 1

    def __init__(self) -> None:
        super().__init__()
        self.subject_id: UUID | None = None
        self.reads: int = 0

    @classmethod
    def open(cls, actor: Actor, *, municipality: str, subject_id: UUID) -> AccessLog:
        return cls._create(
            cls.Opened,
            id=access_log_id(subject_id),
            actor=actor,
            municipality=municipality,
            subject_id=subject_id,
        )

    def record_read(self, actor: Actor, *, what: str) -> None:
        self.record(self.HistoryRead, actor, what=require_text("what", what, max_length=50))
