"""The one module that touches private members of eventsourcing (written against 9.5.6).

eventsourcing is pinned exactly in pyproject.toml. Everything else in the project calls the
public functions and hook classes here. ``RELIED_ON`` lists each private member used, and for
the library code copied here or whose behaviour an override depends on, the SHA-256 of its
source: ``tests/unit/test_library_compat.py`` fails, naming the member and the version, when
an upgrade changes one. Then read the library's new code, adapt this module, and record the
new digests.

Also relied on outside this module: domain aggregates call ``cls._create(...)`` in their
class methods, as the library documents for subclasses of ``Aggregate`` (checked here too).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import Application, LRUCache, ProcessingEvent, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    Mapper,
    MapperDeserialisationError,
    Recording,
    StoredEvent,
    find_id_convertor,
)
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteConnection,
    SQLiteCursor,
    SQLiteDatastore,
)
from eventsourcing.utils import get_topic, resolve_topic
from psycopg import Cursor
from psycopg.abc import Query
from psycopg.rows import DictRow

LIBRARY_VERSION = "9.5.6"

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class Member:
    """A private member of the library relied on here: ``owner`` is ``module:qualname``.

    ``signature`` (a method's, as ``str(inspect.signature(...))``) or, for an attribute,
    ``None``: the owner's source must assign ``self.<name>``. ``digest`` is the SHA-256 of
    the member's source, for code copied here or behaviour an override depends on."""

    owner: str
    name: str
    signature: str | None = None
    digest: str | None = None

    @property
    def label(self) -> str:
        return f"{self.owner}.{self.name}" if self.name else self.owner


_APP = "eventsourcing.application"
_SQLITE = "eventsourcing.sqlite"
_PG = "eventsourcing.postgres"

RELIED_ON: tuple[Member, ...] = (
    # The three private steps of Application.save, and save itself (copied below).
    Member(
        f"{_APP}:Application",
        "_record",
        "(self, processing_event: 'ProcessingEvent[TAggregateID]') -> "
        "'list[Recording[TAggregateID]]'",
        digest="104c6186b29d50595198443b697de23b0dab4344c50d4dca54688b32fce52340",
    ),
    Member(
        f"{_APP}:Application",
        "_take_snapshots",
        "(self, processing_event: 'ProcessingEvent[TAggregateID]') -> 'None'",
        digest="ae98c5b97ed9a8e3c50f324a01081e277572d192fac93ef738fdb3c053421562",
    ),
    Member(
        f"{_APP}:Application",
        "_notify",
        "(self, recordings: 'list[Recording[TAggregateID]]') -> 'None'",
        digest="6b32f9fc4b4cf4552a6e87205e218d3a65403a116435604c75513ce101a83785",
    ),
    Member(
        f"{_APP}:Application",
        "save",
        digest="4e9747d14b8fd046df1b9b8ce688be89030978de0c04a632e6a7ec783dc7c5cc",
    ),
    Member(
        f"{_APP}:project_aggregate",
        "",
        digest="e2d05062a4fad31fd02c4fc7e3800f3e046aee37afd8ce8d323bc22f114effab",
    ),
    # The aggregate cache: the repository's cache and its use, and LRUCache's fields.
    Member(f"{_APP}:Repository", "cache"),
    Member(f"{_APP}:Repository", "fastforward"),
    Member(f"{_APP}:Repository", "deepcopy_from_cache"),
    Member(
        f"{_APP}:Repository",
        "get",
        digest="0ffc6e82b6afa0a04c77fcdefe8163216b201c014b22b85c9552ab3c285de1bb",
    ),
    Member(f"{_APP}:LRUCache", "lock"),
    Member(f"{_APP}:LRUCache", "cache"),
    Member(f"{_APP}:LRUCache", "full"),
    Member(
        f"{_APP}:LRUCache",
        "get",
        digest="2876ecfd983ca73dc19a85105ecdb475e579a263ba1bcf38097dc2cb94b210ef",
    ),
    Member(
        f"{_APP}:LRUCache",
        "put",
        digest="43aa35b57b0e5269b8ee8b16b3be5dd7aeeac1525cca1146d72be1770d08f2c1",
    ),
    Member(
        f"{_APP}:LRUCache",
        "clear",
        digest="7e9b9f5beab5b4fd82b0bab35c3fc1f7b47507ded3b709f0e330094f2b1f63dc",
    ),
    # The mapper's two methods, copied into MapperWithStateHooks.
    Member(
        "eventsourcing.persistence:Mapper",
        "to_stored_event",
        digest="ff9e72e538d73a3a2e6805246b5bec6f544c89f75128f5b587025d2c5baaed0e",
    ),
    Member(
        "eventsourcing.persistence:Mapper",
        "to_domain_event",
        digest="6ec02f2a3b6e233a81470ac02288628088c400d59ad5054eb9db0ca8f322c972",
    ),
    # Where an aggregate keeps its bookkeeping (copied by the aggregate cache, left out of
    # plain states and diffs).
    *(
        Member("eventsourcing.domain:BaseAggregate", name)
        for name in sorted(("_id", "_version", "_created_on", "_modified_on", "_pending_events"))
    ),
    # Creating an aggregate from outside its class (and, by the domain, inside it).
    Member(
        "eventsourcing.domain:BaseAggregate",
        "_create",
        "(cls: 'type[Self]', event_class: 'type[CanInitAggregate[TAggregateID]]', *, "
        "id: 'TAggregateID | None' = None, **kwargs: 'Any') -> 'Self'",
    ),
    # SQLite: the insert step the chain extends, the pool's connection maker, the raw
    # connection, and the event query's text.
    Member(
        f"{_SQLITE}:SQLiteApplicationRecorder",
        "_insert_events",
        "(self, c: 'SQLiteCursor', stored_events: 'Sequence[StoredEvent]', **_: 'Any') -> "
        "'Sequence[int] | None'",
        digest="413cdf219c7bae6361386b240f477256549c5675adc02089fed33453160f1611",
    ),
    Member(
        f"{_SQLITE}:SQLiteConnectionPool",
        "_create_connection",
        "(self) -> 'SQLiteConnection'",
        digest="4635cb356e9ae4ec242c34f322390bc2fa6057f53a2d3e1a1eb70bc114921101",
    ),
    Member(f"{_SQLITE}:SQLiteConnection", "_sqlite_conn"),
    Member(f"{_SQLITE}:SQLiteAggregateRecorder", "select_events_statement"),
    Member(
        f"{_SQLITE}:SQLiteAggregateRecorder",
        "select_events",
        digest="9f67704c004bbbd4b27a2557d1b56381daa4059384ca88b6a210091e60c018a8",
    ),
    # PostgreSQL: the steps the chain and the pre-rendered statements replace.
    Member(
        f"{_PG}:PostgresApplicationRecorder",
        "_fetch_ids_after_insert_events",
        "(self, curs: 'Cursor[DictRow]', stored_events: 'Sequence[StoredEvent]', **_: 'Any') "
        "-> 'Sequence[int] | None'",
        digest="9c8efbc1baf72b52213eeaa4c689bfb06cdbdacfac07643939a65c2e3102de9b",
    ),
    Member(
        f"{_PG}:PostgresApplicationRecorder",
        "_notify_channel",
        "(self, curs: 'Cursor[DictRow]') -> 'None'",
        digest="9e5bab72ecfbcf2ec8060b6d5f87cc5c0cf02a59bd7671e3efdb3a4c540371fe",
    ),
    Member(
        f"{_PG}:PostgresApplicationRecorder",
        "_insert_stored_events",
        digest="139580714a6590854299f5b5c1630b9cf56c65825cb463eb287bbf97996b29f1",
    ),
    Member(
        f"{_PG}:PostgresApplicationRecorder",
        "_lock_table",
        digest="42bc9c135b4a93c1e1ba4b3788eab049b605e48f2e49657630037d16382d6d9c",
    ),
    Member(f"{_PG}:PostgresApplicationRecorder", "insert_events_statement"),
    Member(f"{_PG}:PostgresApplicationRecorder", "max_notification_id_statement"),
    Member(f"{_PG}:PostgresApplicationRecorder", "lock_table_statements"),
    Member(f"{_PG}:PostgresAggregateRecorder", "select_events_statement"),
    Member(
        f"{_PG}:PostgresAggregateRecorder",
        "select_events",
        digest="429a54082f1c6766f60e30be5dbfd6b761b9bad401562bd971a9a41bde26f870",
    ),
)


# ---------------------------------------------------------------------------- application

PENDING_EVENTS_ATTRIBUTE = "_pending_events"
# Attributes of an aggregate that are the library's bookkeeping, not recorded facts.
AGGREGATE_BOOKKEEPING = frozenset(
    {PENDING_EVENTS_ATTRIBUTE, "_version", "_modified_on", "_id", "_created_on"}
)


class ApplicationWithHooks(Application[UUID]):
    """The library's Application with the private steps of ``save`` turned into public
    hooks: :meth:`record`, :meth:`take_snapshots`, :meth:`saved`."""

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's ``save`` (copied), without its two ``isinstance`` checks against
        runtime protocols per aggregate when every object is an ``Aggregate``; it also skips
        the deprecated ``notify`` call, a no-op here."""
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

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        return self.record(processing_event)

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        self.take_snapshots(processing_event)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        self.saved(recordings)

    def record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """Store the events (override to add to it; :meth:`write` is the library's step)."""
        return self.write(processing_event)

    def write(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """The library's own recording step: the events in one transaction."""
        return Application._record(self, processing_event)

    def take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """Snapshot what falls on an interval (the library's step unless overridden)."""
        Application._take_snapshots(self, processing_event)

    def saved(self, recordings: list[Recording[UUID]]) -> None:
        """Called after every save with its recordings."""


def project_events(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's ``project_aggregate`` (copied) without its ``isinstance`` assertion
    against a runtime protocol for every event applied."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def create_aggregate(cls: type[A], event_class: Any, **kwargs: Any) -> A:
    """A new aggregate of ``cls`` from its created-event class (the library's ``_create``)."""
    return cls._create(event_class, **kwargs)


# ---------------------------------------------------------------------------- aggregate cache


def install_aggregate_cache(repository: Repository[UUID], cache: LRUCache[UUID, Any]) -> None:
    """Make ``cache`` the repository's cache: cached aggregates are brought up to date with
    later events (fast-forward), and not deep-copied (the cache hands out copies itself)."""
    repository.cache = cache
    repository.fastforward = True
    repository.deepcopy_from_cache = False


def aggregate_cache_of(repository: Repository[UUID]) -> Any:
    """The repository's cache of aggregates, or None."""
    return repository.cache


def empty_lru_cache(cache: LRUCache[Any, Any]) -> None:
    """Forget every entry (the library's ``clear`` only resets the recency list)."""
    with cache.lock:
        cache.cache.clear()
        cache.full = False
        LRUCache.clear(cache)


# ---------------------------------------------------------------------------- mapper


class MapperWithStateHooks(Mapper[UUID]):
    """The library's mapper with two hooks on the stored state: :meth:`seal_state` after
    encoding and :meth:`open_state` before decoding. Both methods are copied, as the
    library's ``Mapper`` calls its cipher without the row (id, version, topic)."""

    def seal_state(self, state: bytes, originator_id: Any, version: int, topic: str) -> bytes:
        return state

    def open_state(self, stored_event: StoredEvent) -> bytes:
        return stored_event.state

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        topic = get_topic(domain_event.__class__)
        event_state = dict(vars(domain_event))
        originator_id = event_state.pop("originator_id")
        originator_version = event_state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            event_state["class_version"] = class_version
        state = self.transcoder.encode(event_state)
        state = self.seal_state(state, originator_id, originator_version, topic)
        return StoredEvent(originator_id, originator_version, topic, state)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = resolve_topic(stored_event.topic)
        state = self.open_state(stored_event)
        try:
            event_state: dict[str, Any] = self.transcoder.decode(state)
        except Exception as error:
            raise MapperDeserialisationError(
                f"Failed to deserialise state of stored event {stored_event.topic!r} of "
                f"{stored_event.originator_id} version {stored_event.originator_version}: "
                f"{error}"
            ) from error
        id_convertor = find_id_convertor(cls, cast("Hashable", type(stored_event.originator_id)))
        event_state["originator_id"] = id_convertor(stored_event.originator_id)
        event_state["originator_version"] = stored_event.originator_version
        class_version = getattr(cls, "class_version", 1)
        from_version = event_state.pop("class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(event_state)
            from_version += 1
        domain_event = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", event_state)
        return domain_event


# ---------------------------------------------------------------------------- SQLite


def new_sqlite_connection(datastore: SQLiteDatastore) -> SQLiteConnection:
    """A connection made as the datastore's pool makes its own, outside the pool."""
    return datastore.pool._create_connection()


def raw_sqlite_connection(connection: SQLiteConnection) -> sqlite3.Connection:
    """The ``sqlite3`` connection inside the library's connection."""
    return connection._sqlite_conn


def sqlite_select_events_statement(recorder: SQLiteApplicationRecorder) -> str:
    """The library's event query, up to its ``WHERE originator_id=?``."""
    return recorder.select_events_statement


class SQLiteRecorderWithInsertHook(SQLiteApplicationRecorder):
    """The library's SQLite recorder, calling :meth:`after_insert` in the transaction that
    inserts events, with the notification ids they were given."""

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        if ids:
            self.after_insert(c, ids, stored_events, kwargs)
        return ids

    def after_insert(
        self,
        cursor: SQLiteCursor,
        ids: Sequence[int],
        stored_events: Sequence[StoredEvent],
        kwargs: dict[str, Any],
    ) -> None:
        """Write more in the same transaction (nothing by default)."""


# ---------------------------------------------------------------------------- PostgreSQL


class PostgresRecorderWithInsertHook(PostgresApplicationRecorder):
    """The library's PostgreSQL recorder, calling :meth:`after_insert` in the transaction
    that inserts events, and sending ``notify_statement`` (set by the subclass) as its
    NOTIFY. :meth:`render_library_statements` renders the library's statements once."""

    notify_statement: Query

    def _notify_channel(self, curs: Cursor[DictRow]) -> None:
        curs.execute(self.notify_statement)

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if ids:
            self.after_insert(curs, ids, stored_events, kwargs)
        return ids

    def after_insert(
        self,
        cursor: Cursor[DictRow],
        ids: Sequence[int],
        stored_events: Sequence[StoredEvent],
        kwargs: dict[str, Any],
    ) -> None:
        """Write more in the same transaction (nothing by default)."""

    def render_library_statements(self, render: Any) -> None:
        """Replace the library's insert, head and lock statements by ``render(statement)``."""
        self.insert_events_statement = render(self.insert_events_statement)
        self.max_notification_id_statement = render(self.max_notification_id_statement)
        self.lock_table_statements = [render(s) for s in self.lock_table_statements]

    @property
    def library_select_events_statement(self) -> Any:
        """The library's event query, up to its ``WHERE originator_id = %s``."""
        return self.select_events_statement
