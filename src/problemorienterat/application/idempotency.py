"""Idempotent commands: a command retried with the same key is answered, not repeated.

The first run saves an :class:`IdempotencyRecord` in the same transaction as the command's
own events, so a key is recorded exactly when its command is. A retry with the same key
and the same request gets the recorded answer; the same key with another request is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from problemorienterat.application.base import ServiceBase
from problemorienterat.application.results import CommandResult
from problemorienterat.domain.errors import ConcurrentWriteError, InvalidValueError, NotFoundError
from problemorienterat.infrastructure.library_compat import create_aggregate

_NAMESPACE = uuid5(NAMESPACE_URL, "urn:problemorienterat:idempotency-key")
_Companion = Callable[[Aggregate, "UUID | None"], Aggregate]
_pending: ContextVar[_Companion | None] = ContextVar("idempotency_companion", default=None)


class IdempotencyKeyReusedError(InvalidValueError):
    rule = "idempotency-key-reused"


def idempotency_record_id(user_id: str, key: str) -> UUID:
    """Keys are scoped per user: two users may use the same key."""
    return uuid5(_NAMESPACE, f"{user_id}\n{key}")


class IdempotencyRecord(Aggregate):
    """What a keyed command changed, and the answer it was given."""

    class Recorded(Aggregate.Created):
        request_hash: str
        aggregate_id: UUID
        version: int
        item_id: UUID | None

    class Answered(Aggregate.Event):
        position: int

        def apply(self, record: IdempotencyRecord) -> None:
            record.position = self.position

    def __init__(
        self, request_hash: str, aggregate_id: UUID, version: int, item_id: UUID | None
    ) -> None:
        self.request_hash = request_hash
        self.aggregate_id = aggregate_id
        self.changed_version = version
        self.item_id = item_id
        self.position: int | None = None

    def answer(self, position: int) -> None:
        self.trigger_event(self.Answered, position=position)

    def result(self, fallback_position: int) -> CommandResult:
        position = self.position if self.position is not None else fallback_position
        return CommandResult(self.aggregate_id, self.changed_version, position, self.item_id)


class IdempotencyUseCases(ServiceBase):
    """Runs a command at most once per (user, key)."""

    def run_idempotently(
        self,
        user_id: str,
        key: str,
        request_hash: str,
        command: Callable[[], CommandResult],
    ) -> CommandResult:
        record_id = idempotency_record_id(user_id, key)
        earlier = self._earlier_answer(record_id, request_hash)
        if earlier is not None:
            return earlier

        def companion(main: Aggregate, item_id: UUID | None) -> Aggregate:
            return create_aggregate(
                IdempotencyRecord,
                IdempotencyRecord.Recorded,
                id=record_id,
                request_hash=request_hash,
                aggregate_id=main.id,
                version=main.version,
                item_id=item_id,
            )

        with _companion(companion):
            try:
                return command()
            except ConcurrentWriteError:
                earlier = self._earlier_answer(record_id, request_hash)
                if earlier is None:
                    raise
                return earlier

    def _earlier_answer(self, record_id: UUID, request_hash: str) -> CommandResult | None:
        try:
            record = self.load(IdempotencyRecord, record_id)
        except NotFoundError:
            return None
        if record.request_hash != request_hash:
            raise IdempotencyKeyReusedError(
                "This Idempotency-Key was already used for another request.",
                field="Idempotency-Key",
            )
        return record.result(self.recorder.max_notification_id() or 0)

    def commit(self, *aggregates: Aggregate, item_id: UUID | None = None) -> CommandResult:
        """Save the command's events with its idempotency record, when the command has a key."""
        companion = _pending.get()
        if companion is None:
            return super().commit(*aggregates, item_id=item_id)
        record = companion(aggregates[0], item_id)
        result = super().commit(*aggregates, record, item_id=item_id)
        _pending.set(None)
        assert isinstance(record, IdempotencyRecord)
        record.answer(result.position)
        with suppress(IntegrityError):  # the answer is also derivable: see IdempotencyRecord
            self.save(record)
        return result


@contextmanager
def _companion(companion: _Companion) -> Iterator[None]:
    token = _pending.set(companion)
    try:
        yield
    finally:
        _pending.reset(token)
