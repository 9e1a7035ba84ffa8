"""The query side the API calls: the four views, read-your-writes, status, the runner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from time import monotonic, sleep
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import PersistenceError

from problemorienterat.config import Settings
from problemorienterat.domain.errors import InvalidValueError
from problemorienterat.domain.sara import Stage
from problemorienterat.domain.swedish_day import swedish_today
from projections._database import Transaction, ViewDatabase
from projections._tables import Generation, ensure_registry, generations, send_generations
from projections.plans import PlansProjection
from projections.problems import ProblemsProjection
from projections.runner import PROJECTIONS, ProjectionRunner, usable_generation
from projections.views import board, follow_up, listings, overview, problem_index
from projections.views.board import GroupBoard
from projections.views.follow_up import CitizenPromiseFollowUp
from projections.views.listings import (
    CitizenPromiseListing,
    GroupListing,
    SituationPictureListing,
)
from projections.views.overview import BraOverview
from projections.views.problem_index import Page
from projections.views.tables import Tables

T = TypeVar("T")
# A view: sends its statements in a read transaction and returns how to build the answer
# from their rows once the transaction has ended (see projections.views).
View = Callable[[Transaction, Tables], Callable[[], T]]


class ViewsNotReadyError(Exception):
    """The views have not been created yet: no runner has started on this database."""


@dataclass(frozen=True)
class ViewStatus:
    """Where one generation of a projection stands."""

    name: str
    title: str
    generation: int
    state: str
    schema_version: int
    current_schema: bool
    position: int
    head: int
    lag: int


class ProjectionService:
    """Answers the views of one installation, from the database the application uses.

    ``start()`` keeps the views current in this process (the default for ``serve``); without
    it they are kept current by a ``problemorienterat project`` worker. Every query takes the
    municipality: each view is kept and read per municipality.
    """

    def __init__(self, application: Application[Any], settings: Settings | None = None) -> None:
        self.application = application
        self.settings = settings or Settings()
        self.db = ViewDatabase(application.recorder)
        ensure_registry(self.db)
        self._runner: ProjectionRunner | None = None
        # The generations the last read found current: the next read sends its statements
        # for them together with the registry query that checks them (one round trip).
        self._last_tables: Tables | None = None

    # ------------------------------------------------------------------ runner

    def start(self) -> None:
        """Keep the views current in this process until :meth:`stop`."""
        if self._runner is not None:
            return
        runner = ProjectionRunner(
            self.application,
            batch_size=self.settings.projections_batch_size,
            poll_interval=self.settings.projections_poll_seconds,
        )
        runner.prepare_live()
        runner.start()
        self._runner = runner

    def stop(self) -> None:
        if self._runner is not None:
            self._runner.stop()
            self._runner = None

    @property
    def runner(self) -> ProjectionRunner | None:
        return self._runner

    def wait_for(self, position: int, timeout: float = 1.0) -> bool:
        """Wait (at most ``timeout`` seconds) until every view has applied the event at
        ``position`` (a command's ``CommandResult.position``). False: it gave up."""
        if self._runner is not None and self._runner.is_running:
            return self._runner.wait_for(position, timeout)
        deadline = monotonic() + timeout
        pause = 0.005
        while True:
            if self._position() >= position:
                return True
            remaining = deadline - monotonic()
            if remaining <= 0:
                return False
            sleep(min(pause, remaining))
            pause = min(pause * 2, 0.1)

    def _position(self) -> int:
        with self.db.reading() as tx:
            known = generations(tx, self.db)
        reached = []
        for projection in PROJECTIONS:
            generation = usable_generation(
                [g for g in known if g.name == projection.name], projection
            )
            reached.append(generation.position if generation else -1)
        return min(reached)

    def status(self) -> tuple[ViewStatus, ...]:
        """Every generation of every projection: its state, position and lag behind the log."""
        head = self.application.recorder.max_notification_id() or 0
        titles = {p.name: p for p in PROJECTIONS}
        with self.db.reading() as tx:
            known = generations(tx, self.db)
        return tuple(
            ViewStatus(
                name=g.name,
                title=titles[g.name].title if g.name in titles else g.name,
                generation=g.generation,
                state=g.state,
                schema_version=g.schema_version,
                current_schema=g.name in titles
                and g.schema_version == titles[g.name].schema_version,
                position=g.position,
                head=head,
                lag=max(0, head - g.position),
            )
            for g in known
        )

    # ------------------------------------------------------------------ views

    def problem_index(
        self,
        municipality: str,
        *,
        stage: Stage | str | None = None,
        group_id: UUID | None = None,
        focus_area_id: UUID | None = None,
        year: int | None = None,
        text: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page:
        """The municipality's problems, newest first; filters combine; ``cursor`` pages on."""
        chosen = _stage(stage)
        return self._read(
            lambda tx, tables: problem_index.problem_index(
                tx,
                tables,
                municipality,
                stage=chosen,
                group_id=group_id,
                focus_area_id=focus_area_id,
                year=year,
                text=text,
                cursor=cursor,
                limit=limit,
            )
        )

    def bra_overview(
        self,
        municipality: str,
        *,
        stale_days: int | None = None,
        now: datetime | None = None,
        list_limit: int = 50,
    ) -> BraOverview:
        """Lokala BRÅ's portfolio. ``stale_days`` defaults to the setting (60); the work lists
        hold their ``list_limit`` most urgent items, with totals."""
        days = self.settings.stale_days if stale_days is None else stale_days
        moment = now or datetime.now(UTC)
        return self._read(
            lambda tx, tables: overview.bra_overview(
                tx, tables, municipality, stale_days=days, now=moment, list_limit=list_limit
            )
        )

    def group_board(
        self,
        municipality: str,
        group_id: UUID,
        *,
        today: date | None = None,
        list_limit: int = 50,
    ) -> GroupBoard | None:
        """The board of one working group (None: no such group in the municipality); each
        list holds its ``list_limit`` most pressing items, with totals."""
        day = today or swedish_today()
        return self._read(
            lambda tx, tables: board.group_board(
                tx, tables, municipality, group_id, today=day, list_limit=list_limit
            )
        )

    def citizen_promise_follow_up(
        self,
        municipality: str,
        year: int,
        *,
        list_limit: int = 50,
        group_ids: Sequence[UUID] | None = None,
    ) -> CitizenPromiseFollowUp | None:
        """The year's medborgarlöfte followed from lägesbild to outcome (None: none that
        year); per focus area its newest ``list_limit`` linked problems, with totals;
        ``group_ids``: only those working groups' problems."""
        return self._read(
            lambda tx, tables: follow_up.citizen_promise_follow_up(
                tx, tables, municipality, year, list_limit=list_limit, group_ids=group_ids
            )
        )

    def situation_pictures(self, municipality: str) -> tuple[SituationPictureListing, ...]:
        """The municipality's lägesbilder, newest year first: year, adopted or not, and the
        number of observations."""
        return self._read(lambda tx, tables: listings.situation_pictures(tx, tables, municipality))

    def groups(self, municipality: str) -> tuple[GroupListing, ...]:
        """The municipality's working groups (dissolved ones last, marked)."""
        return self._read(lambda tx, tables: listings.municipality_groups(tx, tables, municipality))

    def citizen_promise_years(self, municipality: str) -> tuple[int, ...]:
        """The years the municipality has a medborgarlöfte for, newest first."""
        return self._read(
            lambda tx, tables: listings.citizen_promise_years(tx, tables, municipality)
        )

    def citizen_promises(self, municipality: str) -> tuple[CitizenPromiseListing, ...]:
        """The municipality's medborgarlöften in brief, newest year first."""
        return self._read(lambda tx, tables: listings.citizen_promises(tx, tables, municipality))

    def _read(self, view: View[T]) -> T:
        """Answer ``view`` from one read transaction of the generations current in it."""
        guess = self._last_tables
        if guess is not None:
            try:
                build = self._read_from(view, guess)
            except PersistenceError:  # a table of the guess dropped since, by a rebuild
                build = None
            if build is not None:
                return build()
        with self.db.reading() as tx:  # the registry's rows first, then the view's
            tables = self._tables(send_generations(tx, self.db)())
            build = view(tx, tables)
        self._last_tables = tables
        return build()

    def _read_from(self, view: View[T], guess: Tables) -> Callable[[], T] | None:
        """The view read from the generations of ``guess``, sent together with the
        registry query; None if the registry says other generations are current (a
        rebuild switched over since the last read)."""
        with self.db.reading() as tx:
            known = send_generations(tx, self.db)
            build = view(tx, guess)
        current = self._tables(known())
        self._last_tables = current
        return build if current == guess else None

    def _tables(self, known: list[Generation]) -> Tables:
        """The tables of the generations to read, of those ``known``."""
        chosen = {}
        for projection in (ProblemsProjection, PlansProjection):
            generation = usable_generation(
                [g for g in known if g.name == projection.name], projection
            )
            if generation is None:
                raise ViewsNotReadyError(
                    f"The {projection.name} view has not been built yet; start the projection "
                    "runner (problemorienterat serve, or problemorienterat project)."
                )
            chosen[projection.name] = generation.generation
        return Tables.of(self.db, chosen["problems"], chosen["plans"])


def _stage(stage: Stage | str | None) -> Stage | None:
    """The stage filter, given as a :class:`Stage` or its value (``"analysis"``)."""
    if stage is None or isinstance(stage, Stage):
        return stage
    try:
        return Stage(stage)
    except ValueError:
        names = ", ".join(s.value for s in Stage)
        raise InvalidValueError(f"stage must be one of {names}.", field="stage") from None
