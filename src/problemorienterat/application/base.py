"""What every use case shares: load an aggregate, check the version, act, save."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, Recording

from problemorienterat.application.aggregate_cache import DEFAULT_SIZE, ExpiringCache
from problemorienterat.application.encryption import (
    EncryptionKeyError,
    Sealer,
    SealingMapper,
    choose_key,
    create_key_file,
    read_key_file,
)
from problemorienterat.application.group_commit import GroupCommit
from problemorienterat.application.key_store import SubjectKeyStore, key_store_for
from problemorienterat.application.personal_data import (
    KEY_CACHE_SECONDS,
    PersonalDataVault,
    register_personal_data_transcodings,
)
from problemorienterat.application.results import CommandResult
from problemorienterat.application.transcodings import register_domain_transcodings
from problemorienterat.audit.metadata import KWARG as METADATA_KWARG
from problemorienterat.audit.metadata import metadata_for
from problemorienterat.domain.errors import (
    ConcurrentWriteError,
    NotFoundError,
    VersionConflictError,
)

A = TypeVar("A", bound=Aggregate)

AGGREGATE_CACHE_SIZE = "PROBLEMORIENTERAT_AGGREGATE_CACHE_SIZE"
GROUP_COMMIT = "PROBLEMORIENTERAT_GROUP_COMMIT"


class ServiceBase(Application[UUID]):
    """The event-sourced application all use cases run in."""

    name = "problemorienterat"

    def __init__(self, env: Any = None) -> None:
        # The vault exists before the mapper, whose transcodings use it.
        self.personal_data = PersonalDataVault()
        super().__init__(env)
        self._save_listeners: list[Callable[[int], None]] = []
        self._use_aggregate_cache()
        self._reusable = threading.local()
        self.group_commit: GroupCommit | None = None
        if (self.env.get(GROUP_COMMIT) or "on").lower() not in {"off", "false", "0", "no"}:
            self.group_commit = GroupCommit(self._record_together)
        try:
            self.key_store = key_store_for(self.recorder)
            self._open_encryption(self.key_store)
        except Exception:
            self.close()
            raise

    def _use_aggregate_cache(self) -> None:
        """Keep recently used aggregates in memory (``AGGREGATE_CACHE_SIZE``, 0 = off): a
        command then reads only the events saved since, instead of replaying its aggregate."""
        size = int(self.env.get(AGGREGATE_CACHE_SIZE) or DEFAULT_SIZE)
        if size > 0:
            self.repository.cache = ExpiringCache(size, max_age=KEY_CACHE_SECONDS)
            self.repository.fastforward = True
            self.repository.deepcopy_from_cache = False  # the cache gives copies itself

    @cached_property
    def reads_over_network(self) -> bool:
        """True when the store is a database server (PostgreSQL): each read is a round trip,
        not a call into a local file. Asked on every request, so worked out once."""
        from eventsourcing.postgres import PostgresDatastore

        return isinstance(getattr(self.recorder, "datastore", None), PostgresDatastore)

    def forget_cached_aggregates(self) -> None:
        """Drop every cached aggregate (after an erasure, so no erased value stays in memory)."""
        if isinstance(self.repository.cache, ExpiringCache):
            self.repository.cache.clear()

    def construct_mapper(self) -> Mapper[UUID]:
        """Every stored event and snapshot sealed to its row (see ``encryption``)."""
        return SealingMapper(transcoder=self.construct_transcoder())

    def _open_encryption(self, store: SubjectKeyStore) -> None:
        """Find the master key, check it against the store's check value, start sealing.

        A wrong or missing key stops here, before anything is read or written.
        """
        choice = choose_key(self.env)
        check = store.check_value()
        sealer: Sealer | None = None
        if not choice.enabled:
            if check is not None:
                raise EncryptionKeyError(
                    "This store is encrypted, and PROBLEMORIENTERAT_ENCRYPTION is off: give "
                    "its key (PROBLEMORIENTERAT_ENCRYPTION_KEY or _KEY_FILE)."
                )
        else:
            key = choice.key
            if key is None and choice.key_file is not None:
                if check is None and not choice.key_file.exists():
                    key = create_key_file(choice.key_file)
                else:
                    key = read_key_file(choice.key_file)
            if key is None:  # pragma: no cover - choose_key always gives one or the other
                raise EncryptionKeyError("No encryption key is configured.")
            sealer = Sealer(key)
            if check is None:
                store.set_check_value(sealer.check_value())
                check = store.check_value()
            if check is None or not sealer.matches(check):
                raise EncryptionKeyError(
                    "The encryption key is not the one this store was written with "
                    f"({_key_source(choice.key_file)}). Nothing was read or written; start "
                    "again with the right key."
                )
        if isinstance(self.mapper, SealingMapper):
            self.mapper.sealer = sealer
        self.personal_data.attach(store, sealer)

    def add_save_listener(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(position)`` after every save in this process, with the position
        of the last event saved (e.g. to wake a projection runner early)."""
        self._save_listeners.append(listener)

    def remove_save_listener(self, listener: Callable[[int], None]) -> None:
        self._save_listeners.remove(listener)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        if recordings and self._save_listeners:
            position = max(r.notification.id for r in recordings)
            for listener in list(self._save_listeners):
                listener(position)

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """Hand the recorder each event's metadata (who, when, what, where) to index, and
        write the events together with those of other commands arriving at the same time
        (``GROUP_COMMIT``, on unless ``off``; see :mod:`.group_commit`)."""
        processing_event.saved_kwargs[METADATA_KWARG] = metadata_for(
            processing_event.events, processing_event.aggregates
        )
        if self.group_commit is not None and processing_event.tracking is None:
            recordings = self.group_commit.record(processing_event)
        else:
            recordings = super()._record(processing_event)
        cache = self.repository.cache
        if isinstance(cache, ExpiringCache):
            for aggregate_id, aggregate in processing_event.aggregates.items():
                cache.put(aggregate_id, aggregate)
        return recordings

    def _record_together(
        self, processing_events: Sequence[ProcessingEvent[UUID]]
    ) -> list[Recording[UUID]]:
        """Store the events of several commands in one transaction, in their order."""
        if len(processing_events) == 1:
            return super()._record(processing_events[0])
        together: ProcessingEvent[UUID] = ProcessingEvent()
        for each in processing_events:
            together.events.extend(each.events)
            together.aggregates.update(each.aggregates)
        together.saved_kwargs[METADATA_KWARG] = [
            m for each in processing_events for m in each.saved_kwargs[METADATA_KWARG]
        ]
        return super()._record(together)

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's ``save``, without its two ``isinstance`` checks against runtime
        protocols per aggregate (each walks the protocol's members: ~25 µs) when every
        object is one of our aggregates."""
        if not all(isinstance(obj, Aggregate) for obj in objs):
            return super().save(*objs, **kwargs)
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for aggregate in objs:
            processing_event.events.extend(aggregate.collect_events())
            processing_event.aggregates[aggregate.id] = aggregate
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        return recordings

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """Snapshot an aggregate whose saved event falls on its interval from the state in
        hand, when that state is the saved version: the library reads the aggregate back
        from the store instead (a replay of up to 50 events, decrypted, on the request that
        happens to save the 50th: 5 % of the CPU time of commands under 16 clients)."""
        if not (self.snapshots and self.snapshotting_intervals):
            return
        for event in processing_event.events:
            aggregate = processing_event.aggregates.get(event.originator_id)
            if aggregate is None:
                continue
            interval = self.snapshotting_intervals.get(type(aggregate))
            if interval is None or event.originator_version % interval:
                continue
            snapshot_class = getattr(type(aggregate), "Snapshot", type(self).snapshot_class)
            if (
                isinstance(aggregate, Aggregate)
                and aggregate.version == event.originator_version
                and not aggregate.pending_events
                and snapshot_class is not None
            ):
                self.snapshots.put([snapshot_class.take(aggregate)])
            else:
                self.take_snapshot(event.originator_id, version=event.originator_version)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)
        register_personal_data_transcodings(transcoder, self.personal_data)

    def close(self) -> None:
        close_readers = getattr(self.recorder, "close_readers", None)
        if close_readers is not None:
            close_readers()
        super().close()

    @contextmanager
    def reusing(self, *aggregates: Aggregate) -> Iterator[None]:
        """Within this block (in this thread), the next load of each of ``aggregates`` gets
        that object instead of reading it again: a request that has just loaded a problem to
        check who may change it hands it to the use case. Each is handed out once."""
        outer = getattr(self._reusable, "aggregates", None)
        self._reusable.aggregates = {a.id: a for a in aggregates}
        try:
            yield
        finally:
            self._reusable.aggregates = outer

    def load(self, cls: type[A], aggregate_id: UUID, *, version: int | None = None) -> A:
        """The aggregate of type ``cls`` with that id (as of ``version``), or NotFoundError."""
        reusable: dict[UUID, Aggregate] | None = getattr(self._reusable, "aggregates", None)
        if reusable and version is None:
            given = reusable.pop(aggregate_id, None)
            if isinstance(given, cls) and not given.pending_events:
                return given
        try:
            aggregate: Aggregate = self.repository.get(
                aggregate_id, version=version, projector_func=_project
            )
        except AggregateNotFoundError:
            raise NotFoundError(f"No {_label(cls)} with that id.") from None
        if not isinstance(aggregate, cls):
            raise NotFoundError(f"No {_label(cls)} with that id.")
        return aggregate

    def peek_cached(self, aggregate_id: UUID) -> Aggregate | None:
        """The aggregate as this process last saw it, if it is in memory: the cached object
        itself, to read a value from (never to change or hand on), maybe out of date."""
        cache = self.repository.cache
        if not isinstance(cache, ExpiringCache):
            return None
        try:
            found: Aggregate = cache.peek(aggregate_id)
        except KeyError:
            return None
        return found

    def load_together(self, *wanted: tuple[type[Aggregate], UUID]) -> list[Aggregate]:
        """Several aggregates, brought up to date with one read of the store when they are
        cached (each otherwise loaded on its own); NotFoundError as :meth:`load`."""
        cache = self.repository.cache
        read_after = getattr(self.recorder, "select_events_after", None)
        if not isinstance(cache, ExpiringCache) or read_after is None or len(wanted) < 2:
            return [self.load(cls, aggregate_id) for cls, aggregate_id in wanted]
        cached: dict[UUID, Aggregate] = {}
        for _, aggregate_id in wanted:
            with suppress(KeyError):
                cached[aggregate_id] = cache.get(aggregate_id)
        if cached:
            newer: dict[UUID, list[Any]] = {}
            for stored in read_after({i: a.version for i, a in cached.items()}):
                event = self.mapper.to_domain_event(stored)
                newer.setdefault(event.originator_id, []).append(event)
            for aggregate_id, events in newer.items():
                cached[aggregate_id] = _project(cached[aggregate_id], events)
        found = []
        for cls, aggregate_id in wanted:
            aggregate = cached.get(aggregate_id)
            if aggregate is None:
                aggregate = self.load(cls, aggregate_id)
            elif not isinstance(aggregate, cls):
                raise NotFoundError(f"No {_label(cls)} with that id.")
            found.append(aggregate)
        return found

    def change(
        self,
        cls: type[A],
        aggregate_id: UUID,
        expected_version: int | None,
        command: Callable[[A], Any],
    ) -> CommandResult:
        """Load, check the client's expected version, run ``command``, save.

        If ``command`` returns a UUID (an item it created) the result carries it.
        """
        aggregate = self.load(cls, aggregate_id)
        check_version(aggregate, expected_version)
        created = command(aggregate)
        return self.commit(aggregate, item_id=created if isinstance(created, UUID) else None)

    def commit(self, *aggregates: Aggregate, item_id: UUID | None = None) -> CommandResult:
        """Save the aggregates' new events in one transaction; the first is the one reported.

        A concurrent save of the same aggregate version fails the whole transaction:
        nothing is written and :class:`ConcurrentWriteError` tells the caller to retry.
        """
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConcurrentWriteError(
                "Someone else changed this at the same moment; nothing was saved. "
                "Load it again and retry."
            ) from None
        main = aggregates[0]
        position = max(r.notification.id for r in recordings) if recordings else 0
        return CommandResult(main.id, main.version, position, item_id)


def _project(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's ``project_aggregate`` without its ``isinstance`` assertion against a
    runtime protocol for every event applied (~25 µs each: a replay of 50 events paid more
    for the checks than for the events)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def check_version(aggregate: Aggregate, expected_version: int | None) -> None:
    """Refuse a command based on an older (or newer) version than the stored one."""
    if expected_version is not None and aggregate.version != expected_version:
        raise VersionConflictError(
            f"The version you changed was {expected_version}; the current version is "
            f"{aggregate.version}. Load it again and check what changed.",
            expected=expected_version,
            actual=aggregate.version,
        )


def _key_source(key_file: Path | None) -> str:
    return f"key file {key_file}" if key_file else "PROBLEMORIENTERAT_ENCRYPTION_KEY"


def _label(cls: type[Any]) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in cls.__name__).strip()
