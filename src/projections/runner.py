"""The runner: keeps projection generations current from the application's notification log.

It reads the log in pages and applies each page to every generation it keeps, writing the
changed rows and the new tracking position in one transaction per page: the
``eventsourcing.projection`` guarantee (view and tracking record commit together) with a
batch per transaction instead of an event per transaction, which is what makes a rebuild
fast. A rebuild goes further: it applies page after page in one transaction of up to
``REBUILD_EVENTS`` events, so that a row many events change is written once a transaction
(nobody reads a generation being built). A stop or a crash anywhere loses at most the
uncommitted batch, which the next run reads again from the committed position.

It waits for new events in two ways at once: saves made by this process wake it at once
(``add_save_listener``), and on PostgreSQL a ``LISTEN`` on the events table's channel wakes it
for saves made by other processes. On SQLite, where the library has no subscription, other
processes' saves are found by polling every ``poll_interval`` seconds.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from time import monotonic
from typing import Any

import structlog
from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, Notification
from eventsourcing.postgres import PostgresApplicationRecorder

from projections._database import ViewDatabase
from projections._projection import Handler, Projection, ViewState
from projections._tables import (
    ACTIVE,
    BUILDING,
    RETIRED,
    Generation,
    activate,
    advance,
    analyze,
    create_generation,
    drop_generation,
    ensure_registry,
    generations,
    lock_registry,
    vacuum,
)
from projections.plans import PlansProjection
from projections.problems import ProblemsProjection

PROJECTIONS: tuple[type[Projection], ...] = (ProblemsProjection, PlansProjection)

log = structlog.get_logger("projections")

# Rows a runner keeps cached per generation before it starts over (bounded memory).
CACHE_ROWS = 200_000
# Events a rebuild applies in one transaction (pages of ``batch_size`` read one after another).
REBUILD_EVENTS = 50_000

Progress = Callable[[int], None]


def projection_named(name: str) -> type[Projection]:
    for projection in PROJECTIONS:
        if projection.name == name:
            return projection
    names = ", ".join(p.name for p in PROJECTIONS)
    raise KeyError(f"No projection named {name!r}; there are: {names}.")


@dataclass
class _Slot:
    """A generation this runner keeps current, and the rows it has cached."""

    projection: type[Projection]
    generation: Generation
    state: ViewState


class ProjectionRunner:
    """Applies new events to projection generations, a page per transaction.

    ``live`` runners keep each projection's active generation current (and build the first
    one, or a new one when a projection's ``schema_version`` changed). A rebuild runner is
    given building generations and makes each active in the transaction in which it catches
    up with the log.
    """

    def __init__(
        self,
        application: Application[Any],
        *,
        projections: Sequence[type[Projection]] = PROJECTIONS,
        batch_size: int = 2000,
        poll_interval: float = 0.5,
    ) -> None:
        self.application = application
        self.recorder: ApplicationRecorder = application.recorder
        self.db = ViewDatabase(self.recorder)
        self.projections = tuple(projections)
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.last_error: str | None = None
        self._slots: list[_Slot] = []
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._progress = threading.Condition()
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------------ set-up

    def prepare_live(self) -> None:
        """Take every projection's active generation; create the ones missing."""
        ensure_registry(self.db)
        with self.db.transaction() as tx:
            lock_registry(tx, self.db)
            known = generations(tx, self.db)
            slots = []
            for projection in self.projections:
                mine = [g for g in known if g.name == projection.name]
                current = _usable(mine, projection)
                if current is None:
                    state = ACTIVE if not _of_state(mine, ACTIVE) else BUILDING
                    current = create_generation(
                        tx,
                        self.db,
                        projection.name,
                        projection.tables,
                        schema_version=projection.schema_version,
                        state=state,
                    )
                slots.append(self._slot(projection, current))
        self._slots = slots

    def prepare_rebuild(self, projections: Sequence[type[Projection]]) -> list[Generation]:
        """For each projection: drop retired generations, then resume or start a building
        generation; the runner builds them all in one pass over the log."""
        ensure_registry(self.db)
        slots = []
        with self.db.transaction() as tx:
            lock_registry(tx, self.db)
            for projection in projections:
                mine = generations(tx, self.db, projection.name)
                for old in mine:
                    if old.state == RETIRED or (
                        old.state == BUILDING and old.schema_version != projection.schema_version
                    ):
                        drop_generation(tx, self.db, old, projection.tables)
                building = [
                    g
                    for g in mine
                    if g.state == BUILDING and g.schema_version == projection.schema_version
                ]
                generation = (
                    building[-1]
                    if building
                    else create_generation(
                        tx,
                        self.db,
                        projection.name,
                        projection.tables,
                        schema_version=projection.schema_version,
                        state=BUILDING,
                    )
                )
                slots.append(self._slot(projection, generation))
        self._slots = slots
        return [slot.generation for slot in slots]

    def _slot(self, projection: type[Projection], generation: Generation) -> _Slot:
        state = ViewState(
            self.db,
            projection.tables,
            generation.generation,
            complete=generation.position == 0,
        )
        return _Slot(projection, generation, state)

    # ------------------------------------------------------------------ processing

    @property
    def generations(self) -> list[Generation]:
        return [slot.generation for slot in self._slots]

    @property
    def position(self) -> int | None:
        """How far every active generation this runner keeps has come (None: none kept)."""
        active = [s.generation.position for s in self._slots if s.generation.state == ACTIVE]
        return min(active) if active else None

    def run_once(self) -> int:
        """Apply the next page of the log; return how many notifications it held."""
        return self._run_page(None)

    def catch_up(self, progress: Progress | None = None) -> None:
        """Run until the log holds nothing more (and building generations are active).

        On PostgreSQL the next page is read in a background thread while a page is applied
        (the server and this process then work at the same time); the thread ends with
        this call, also when it fails."""
        ahead = _ReadAhead(self._select) if self.db.is_postgres else None
        try:
            while True:
                count = self._run_page(ahead)
                if progress is not None and self._slots:
                    progress(min(s.generation.position for s in self._slots))
                building = any(s.generation.state == BUILDING for s in self._slots)
                if count < self.batch_size and not building:
                    return
        finally:
            if ahead is not None:
                ahead.close()

    def _select(self, start: int) -> Sequence[Notification]:
        return self.recorder.select_notifications(
            start=start, limit=self.batch_size, inclusive_of_start=False
        )

    def _run_page(self, ahead: _ReadAhead | None) -> int:
        self._refresh()
        if not self._slots:
            return 0
        start = min(slot.generation.position for slot in self._slots)
        notifications = self._page(ahead, start)
        caught_up = len(notifications) < self.batch_size
        if not notifications:
            if caught_up and any(s.generation.state == BUILDING for s in self._slots):
                self._apply([], start, caught_up=True)
            return 0
        last = notifications[-1].id
        if ahead is not None and not caught_up:
            # Every generation at or behind ``last`` moves to it and the others are past it,
            # so the next page starts there; if the refresh before it finds otherwise (another
            # process moved a generation, this page failed), page() reads that page instead.
            ahead.read(last)
        rebuilding = all(slot.generation.state == BUILDING for slot in self._slots)
        return self._apply(
            notifications, last, caught_up=caught_up, rebuilding=rebuilding, ahead=ahead
        )

    def _page(self, ahead: _ReadAhead | None, start: int) -> Sequence[Notification]:
        """The page after ``start``: the one read ahead on PostgreSQL, else read now."""
        return ahead.page(start) if ahead is not None else self._select(start)

    def _apply(
        self,
        notifications: Sequence[Notification],
        last: int,
        *,
        caught_up: bool,
        rebuilding: bool = False,
        ahead: _ReadAhead | None = None,
    ) -> int:
        """Apply a page in one transaction with the generations' new position; return how
        many events it held.

        When ``rebuilding`` (every generation is being built), the pages after it are
        read and applied in the same transaction, up to ``REBUILD_EVENTS`` events or the end
        of the log. Then a problem whose steps fall in several pages is settled and counted
        once (:meth:`Projection.finish`) and its row written once instead of once a page;
        the positions move at the end of the transaction, when the last page is known."""
        slots = (
            list(self._slots)
            if rebuilding
            else [slot for slot in self._slots if slot.generation.position <= last]
        )
        count = len(notifications)
        switched: list[_Slot] = []
        try:
            with self.db.transaction() as tx:
                if not rebuilding:
                    for slot in slots:
                        # First, so a second writer of this generation waits here and gives up.
                        advance(tx, self.db, slot.generation, last)
                for slot in slots:
                    slot.state.begin(tx)
                self._feed(notifications, slots)
                if rebuilding:
                    last, caught_up, count = self._feed_more(ahead, slots, last, caught_up, count)
                    slots = [slot for slot in slots if slot.generation.position <= last]
                    for slot in slots:
                        advance(tx, self.db, slot.generation, last)
                for slot in slots:
                    slot.projection.finish(slot.state)
                    slot.state.flush(tx)
                    if caught_up and slot.generation.state == BUILDING:
                        activate(tx, self.db, slot.generation)
                        analyze(tx, self.db, slot.generation, slot.projection.tables)
                        switched.append(slot)
        except BaseException:
            for slot in self._slots:
                slot.state.discard()
            self._reload()
            raise
        finally:
            for slot in self._slots:
                slot.state.begin(None)
        self._committed(slots, switched, last)
        return count

    def _feed_more(
        self, ahead: _ReadAhead | None, slots: list[_Slot], last: int, caught_up: bool, count: int
    ) -> tuple[int, bool, int]:
        """A rebuild's further pages in its transaction (see :meth:`_apply`); the last
        position, whether the log has ended, and the events applied in all."""
        while not caught_up and count < REBUILD_EVENTS:
            page = self._page(ahead, last)
            caught_up = len(page) < self.batch_size
            if not page:
                break
            last = page[-1].id
            if ahead is not None and not caught_up:
                ahead.read(last)
            self._feed(page, slots)
            count += len(page)
        return last, caught_up, count

    def _committed(self, slots: list[_Slot], switched: list[_Slot], last: int) -> None:
        """After a batch's commit: trim the caches, move the generations on, and vacuum
        the ones it made active."""
        for slot in slots:
            slot.state.trim(CACHE_ROWS)
        with self._progress:
            for slot in slots:
                state = ACTIVE if slot in switched else slot.generation.state
                slot.generation = replace(slot.generation, position=last, state=state)
            self._progress.notify_all()
        for slot in switched:
            try:
                vacuum(self.db, slot.generation, slot.projection.tables)
            except Exception as error:  # only a clean-up: autovacuum does it later anyway
                log.warning("projection_vacuum_failed", error=type(error).__name__)

    def _feed(self, notifications: Sequence[Notification], slots: list[_Slot]) -> None:
        """Decode each event once and give it to every generation that wants it."""
        to_domain_event = self.application.mapper.to_domain_event
        # The generations that handle a topic, and their handlers, looked up once per topic
        # (a page holds thousands of events of a few dozen topics).
        routes: dict[str, list[tuple[_Slot, Handler]]] = {}
        for notification in notifications:
            topic = notification.topic
            route = routes.get(topic)
            if route is None:
                route = routes[topic] = _route(slots, topic)
            event = None
            position = notification.id
            for slot, handler in route:
                if position <= slot.generation.position:
                    continue
                if event is None:
                    event = to_domain_event(notification)
                handler(slot.state, event, position)

    def _refresh(self) -> None:
        """Follow what other processes did: a switch to a rebuilt generation, or a position
        moved on by another runner."""
        with self.db.reading() as tx:
            known = generations(tx, self.db)
        kept: list[_Slot] = []
        for slot in self._slots:
            mine = [g for g in known if g.name == slot.projection.name]
            same = next((g for g in mine if g.generation == slot.generation.generation), None)
            if slot.generation.state == ACTIVE or same is None or same.state == RETIRED:
                current = _usable(mine, slot.projection)
                if current is None:
                    continue
                if current.generation != slot.generation.generation:
                    kept.append(self._slot(slot.projection, current))
                    continue
                same = current
            if same.position != slot.generation.position:
                slot.state.discard()
            slot.generation = same
            kept.append(slot)
        with self._progress:
            self._slots = kept
            self._progress.notify_all()

    def _reload(self) -> None:
        try:
            self._refresh()
        except Exception as error:  # the database may be what failed; retry next time
            log.warning("projection_refresh_failed", error=type(error).__name__)

    # ------------------------------------------------------------------ the thread

    def start(self) -> None:
        """Keep the views current in background threads until :meth:`stop`."""
        if self._threads:
            return
        self._stopping.clear()
        if hasattr(self.application, "add_save_listener"):
            self.application.add_save_listener(self._saved)
        self._threads.append(threading.Thread(target=self._loop, name="projections", daemon=True))
        if isinstance(self.recorder, PostgresApplicationRecorder):
            self._threads.append(
                threading.Thread(target=self._listen, name="projections-listen", daemon=True)
            )
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if hasattr(self.application, "remove_save_listener"):
            with contextlib.suppress(ValueError):
                self.application.remove_save_listener(self._saved)
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []
        with self._progress:
            self._progress.notify_all()

    @property
    def is_running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def wake(self) -> None:
        self._wake.set()

    def _saved(self, position: int) -> None:
        self._wake.set()

    def _loop(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                count = self.run_once()
            except Exception as error:
                failures += 1
                self.last_error = f"{type(error).__name__}: {error}"
                log.warning("projection_batch_failed", error=self.last_error, failures=failures)
                self._stopping.wait(min(5.0, 0.05 * 2**failures))
                continue
            failures = 0
            self.last_error = None
            if count < self.batch_size:
                self._wake.wait(self.poll_interval)

    def _listen(self) -> None:
        """Wake the loop on every NOTIFY the PostgreSQL recorder sends when events are saved."""
        from psycopg.sql import SQL, Identifier

        recorder = self.recorder
        assert isinstance(recorder, PostgresApplicationRecorder)
        while not self._stopping.is_set():
            try:
                with recorder.datastore.get_connection() as conn:
                    conn.execute(SQL("LISTEN {0}").format(Identifier(recorder.channel_name)))
                    try:
                        while not self._stopping.is_set():
                            for _ in conn.notifies(timeout=0.25, stop_after=1):
                                self._wake.set()
                    finally:
                        conn.execute("UNLISTEN *")
            except Exception as error:
                log.warning("projection_listen_failed", error=type(error).__name__)
                self._stopping.wait(1.0)

    def wait_for(self, position: int, timeout: float = 1.0) -> bool:
        """Block until every active view has applied ``position`` (True), or ``timeout``
        seconds have passed (False)."""
        deadline = monotonic() + timeout
        with self._progress:
            while True:
                reached = self.position
                if reached is not None and reached >= position:
                    return True
                remaining = deadline - monotonic()
                if remaining <= 0 or not self._threads:
                    return False
                self._wake.set()
                self._progress.wait(remaining)


def _route(slots: list[_Slot], topic: str) -> list[tuple[_Slot, Handler]]:
    found = ((slot, slot.projection.handler_for(topic)) for slot in slots)
    return [(slot, handler) for slot, handler in found if handler is not None]


class _ReadAhead:
    """Reads a page of the log in a background thread, for the caller to take later.

    The thread takes a connection of the recorder's pool for the read only. A page read from
    another start than the one taken is dropped and the right one read at once.
    """

    def __init__(self, select: Callable[[int], Sequence[Notification]]) -> None:
        self._select = select
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="projections-read")
        self._pending: tuple[int, Future[Sequence[Notification]]] | None = None

    def read(self, start: int) -> None:
        """Start reading the page after ``start``."""
        self._drop()
        self._pending = (start, self._pool.submit(self._select, start))

    def page(self, start: int) -> Sequence[Notification]:
        """The page after ``start``: the one read ahead if it starts there (its error, if its
        read failed), else read now."""
        pending, self._pending = self._pending, None
        if pending is not None:
            ahead_of, future = pending
            if ahead_of == start:
                return future.result()
            future.cancel()  # if still queued; a read under way ends on its own
        return self._select(start)

    def close(self) -> None:
        """Drop what was read ahead and wait for the thread to end."""
        self._drop()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _drop(self) -> None:
        if self._pending is not None:
            self._pending[1].cancel()
            self._pending = None


def _of_state(known: list[Generation], state: str) -> list[Generation]:
    return [g for g in known if g.state == state]


def _usable(known: list[Generation], projection: type[Projection]) -> Generation | None:
    """The generation queries should read: the active one if its schema is current, else
    one being built with the current schema."""
    for state in (ACTIVE, BUILDING):
        fitting = [
            g for g in known if g.state == state and g.schema_version == projection.schema_version
        ]
        if fitting:
            return fitting[-1]
    return None


def usable_generation(known: list[Generation], projection: type[Projection]) -> Generation | None:
    return _usable(known, projection)
