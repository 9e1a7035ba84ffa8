"""The event store the use cases run on: the library's Application, set up for this project.

It seals every stored event (:mod:`.sealing`), keeps each person's data under a key of their
own (:mod:`.personal_data_vault`), writes the events of concurrent commands together
(:mod:`.group_commit`), hands the recorder each event's metadata to index, keeps recently
used aggregates in memory (:mod:`.aggregate_cache`), and tells listeners after each save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from functools import cached_property
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Mapper, Recording
from eventsourcing.postgres import PostgresDatastore

from problemorienterat.audit.metadata import KWARG as METADATA_KWARG
from problemorienterat.audit.metadata import metadata_for
from problemorienterat.infrastructure.aggregate_cache import DEFAULT_SIZE, ExpiringCache
from problemorienterat.infrastructure.group_commit import GroupCommit
from problemorienterat.infrastructure.key_store import key_store_for
from problemorienterat.infrastructure.library_compat import (
    ApplicationWithHooks,
    aggregate_cache_of,
    install_aggregate_cache,
    project_events,
)
from problemorienterat.infrastructure.personal_data_vault import (
    KEY_CACHE_SECONDS,
    PersonalDataVault,
    register_personal_data_transcodings,
)
from problemorienterat.infrastructure.rate_counts import WindowCounts
from problemorienterat.infrastructure.sealing import SealingMapper, open_encryption
from problemorienterat.infrastructure.side_tables import SideTables, side_tables
from problemorienterat.infrastructure.store_errors import store_unavailable
from problemorienterat.infrastructure.transcodings import register_domain_transcodings
from problemorienterat.infrastructure.write_probe import WriteProbe

AGGREGATE_CACHE_SIZE = "PROBLEMORIENTERAT_AGGREGATE_CACHE_SIZE"
GROUP_COMMIT = "PROBLEMORIENTERAT_GROUP_COMMIT"
_NO = frozenset({"off", "false", "0", "no"})


class EventStoreApplication(ApplicationWithHooks):
    """The library's Application with this project's storage: see the module's description."""

    def __init__(self, env: Any = None) -> None:
        # The vault exists before the mapper, whose transcodings use it.
        self.personal_data = PersonalDataVault()
        super().__init__(env)
        self._save_listeners: list[Callable[[int], None]] = []
        self._use_aggregate_cache()
        self.group_commit: GroupCommit | None = None
        if (self.env.get(GROUP_COMMIT) or "on").lower() not in _NO:
            self.group_commit = GroupCommit(self.record_together)
        try:
            create_tables = (self.env.get("CREATE_TABLE") or "yes").lower() not in _NO
            self.key_store = key_store_for(self.recorder, create_tables=create_tables)
            sealer = open_encryption(self.env, self.key_store)
            if isinstance(self.mapper, SealingMapper):
                self.mapper.sealer = sealer
            self.personal_data.attach(self.key_store, sealer)
        except Exception:
            self.close()
            raise

    # ------------------------------------------------------------------ set-up

    def construct_mapper(self) -> Mapper[UUID]:
        """Every stored event and snapshot sealed to its row (see :mod:`.sealing`)."""
        return SealingMapper(transcoder=self.construct_transcoder())

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)
        register_personal_data_transcodings(transcoder, self.personal_data)

    def _use_aggregate_cache(self) -> None:
        """Keep recently used aggregates in memory (``AGGREGATE_CACHE_SIZE``, 0 = off): a
        command then reads only the events saved since, instead of replaying its aggregate."""
        size = int(self.env.get(AGGREGATE_CACHE_SIZE) or DEFAULT_SIZE)
        if size > 0:
            install_aggregate_cache(self.repository, ExpiringCache(size, max_age=KEY_CACHE_SECONDS))

    @cached_property
    def side_tables(self) -> SideTables | None:
        """The application's own small tables beside the events (None in memory)."""
        return side_tables(self.recorder)

    @cached_property
    def write_probe(self) -> WriteProbe:
        """Whether the store can write now (``/ready``); told of every failed save."""
        return WriteProbe(self.side_tables)

    @cached_property
    def rate_counts(self) -> WindowCounts:
        """Request counts per minute, shared with every process on this store."""
        return WindowCounts(self.side_tables)

    @cached_property
    def reads_over_network(self) -> bool:
        """True when the store is a database server (PostgreSQL): each read is a round trip,
        not a call into a local file. Asked on every request, so worked out once."""
        return isinstance(getattr(self.recorder, "datastore", None), PostgresDatastore)

    def close(self) -> None:
        counts = self.__dict__.get("rate_counts")
        if isinstance(counts, WindowCounts):
            counts.close()
        close_readers = getattr(self.recorder, "close_readers", None)
        if close_readers is not None:
            close_readers()
        super().close()

    # ------------------------------------------------------------------ saving

    def add_save_listener(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(position)`` after every save in this process, with the position
        of the last event saved (e.g. to wake a projection runner early)."""
        self._save_listeners.append(listener)

    def remove_save_listener(self, listener: Callable[[int], None]) -> None:
        self._save_listeners.remove(listener)

    def saved(self, recordings: list[Recording[UUID]]) -> None:
        if recordings and self._save_listeners:
            position = max(r.notification.id for r in recordings)
            for listener in list(self._save_listeners):
                listener(position)

    def record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """Hand the recorder each event's metadata (who, when, what, where) to index, and
        write the events together with those of other commands arriving at the same time
        (``GROUP_COMMIT``, on unless ``off``; see :mod:`.group_commit`)."""
        processing_event.saved_kwargs[METADATA_KWARG] = metadata_for(
            processing_event.events, processing_event.aggregates
        )
        try:
            if self.group_commit is not None and processing_event.tracking is None:
                recordings = self.group_commit.record(processing_event)
            else:
                recordings = self.write(processing_event)
        except Exception as error:
            unavailable = store_unavailable(error)
            if unavailable is not None:
                self.write_probe.failed(unavailable)
                raise unavailable from error
            raise
        cache = self.aggregate_cache
        if cache is not None:
            for aggregate_id, aggregate in processing_event.aggregates.items():
                cache.put(aggregate_id, aggregate)
        return recordings

    def record_together(
        self, processing_events: Sequence[ProcessingEvent[UUID]]
    ) -> list[Recording[UUID]]:
        """Store the events of several commands in one transaction, in their order."""
        if len(processing_events) == 1:
            return self.write(processing_events[0])
        together: ProcessingEvent[UUID] = ProcessingEvent()
        for each in processing_events:
            together.events.extend(each.events)
            together.aggregates.update(each.aggregates)
        together.saved_kwargs[METADATA_KWARG] = [
            m for each in processing_events for m in each.saved_kwargs[METADATA_KWARG]
        ]
        return self.write(together)

    def take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """Snapshot an aggregate whose saved event falls on its interval from the state in
        hand, when that state is the saved version (the library reads it back instead)."""
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

    # ------------------------------------------------------------------ reading

    @property
    def aggregate_cache(self) -> ExpiringCache | None:
        """The cache of recently used aggregates, or None when it is off."""
        cache = aggregate_cache_of(self.repository)
        return cache if isinstance(cache, ExpiringCache) else None

    def read_aggregate(self, aggregate_id: UUID, version: int | None = None) -> Any:
        """The stored aggregate (from the cache or a snapshot, brought up to date), or the
        library's ``AggregateNotFoundError``.

        A cached aggregate is brought up to date here rather than by the library's
        repository, which holds a lock per aggregate while it reads the newer events (it
        brings its cached object itself up to date). The cache hands every reader a copy of
        its own, so readers of one aggregate need not wait for each other: sixteen
        requests of one user, each reading that user, were served one after another."""
        cache = self.aggregate_cache
        if cache is not None and version is None:
            try:
                cached = cache.get(aggregate_id)  # a copy of its own
            except KeyError:
                pass
            else:
                newer = self.repository.event_store.get(aggregate_id, gt=cached.version)
                aggregate = project_events(cached, newer)
                if aggregate is None:
                    raise AggregateNotFoundError(aggregate_id)
                return aggregate
        return self.repository.get(aggregate_id, version=version, projector_func=project_events)

    def read_cached_together(self, aggregate_ids: Iterable[UUID]) -> dict[UUID, Any] | None:
        """Those of the aggregates that are cached, each a copy of its own, brought up to
        date with one read of the store; None where the store or cache cannot do that."""
        cache = self.aggregate_cache
        read_after = getattr(self.recorder, "select_events_after", None)
        if cache is None or read_after is None:
            return None
        cached: dict[UUID, Any] = {}
        for aggregate_id in aggregate_ids:
            with suppress(KeyError):
                cached[aggregate_id] = cache.get(aggregate_id)
        if cached:
            newer: dict[UUID, list[Any]] = {}
            for stored in read_after({i: a.version for i, a in cached.items()}):
                event = self.mapper.to_domain_event(stored)
                newer.setdefault(event.originator_id, []).append(event)
            for aggregate_id, events in newer.items():
                cached[aggregate_id] = project_events(cached[aggregate_id], events)
        return cached

    def peek_cached_aggregate(self, aggregate_id: UUID) -> Any | None:
        """The cached object itself (not a copy), or None."""
        cache = self.aggregate_cache
        if cache is None:
            return None
        try:
            return cache.peek(aggregate_id)
        except KeyError:
            return None
