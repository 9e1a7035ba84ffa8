"""Use cases for auditors: a case's full history, its state as of a version or a time, the
audit feed over all events, the exports, the hash chain check, and the record of who read
which history.

The ``read_*`` and ``export_case`` use cases record their read in the subject's access log
before they answer; the API, the web and the CLI call them rather than recording reads
themselves.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, Literal, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from problemorienterat.application.base import ServiceBase
from problemorienterat.audit.bounded import BoundedChainCheck, Walk, broken_at_checkpoint
from problemorienterat.audit.case_verify import RecordVerification, verify_record
from problemorienterat.audit.checkpoint import Checkpoint, CheckpointError, check_signature
from problemorienterat.audit.export import case_export, case_html
from problemorienterat.audit.plain import (
    PlainStates,
    event_payload,
    state_changes,
)
from problemorienterat.audit.ports import ChainStore, EventIndex, FeedEntry, FeedFilter
from problemorienterat.audit.verify import (
    ChainState,
    Verification,
    verify_chain,
    with_erasures_checked,
)
from problemorienterat.domain.access_log import AccessLog, access_log_id
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.base import MunicipalAggregate
from problemorienterat.domain.citizen_promise import CitizenPromise
from problemorienterat.domain.erasure import PersonalDataErasure, erasure_id_for
from problemorienterat.domain.errors import ConcurrentWriteError, NotFoundError, RuleViolation
from problemorienterat.domain.municipality import Municipality, municipality_id
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.working_group import WorkingGroup
from problemorienterat.infrastructure.chain_store import chain_store
from problemorienterat.infrastructure.checkpoint_store import CheckpointStore
from problemorienterat.infrastructure.event_index import ScanningIndex, event_index
from problemorienterat.infrastructure.personal_data_vault import PersonalDataReferences

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class HistoryEntry:
    """One event of an aggregate's history, readable, with what it changed."""

    position: int | None
    version: int
    timestamp: datetime
    actor: Actor | None
    event_type: str
    payload: dict[str, Any]
    changes: list[dict[str, Any]]


@dataclass(frozen=True)
class CaseHistory:
    """A case as the Historik page shows it: its events, its state at the chosen version and
    its latest state. ``unreadable`` is the error met when its stored events no longer
    decode (then nothing else is filled in), so the page can show the chain's integrity."""

    entries: list[HistoryEntry] = field(default_factory=list)
    state: Problem | None = None
    latest: Problem | None = None
    unreadable: Exception | None = None


@dataclass(frozen=True)
class CaseNameLists:
    """The names of what a case's events refer to by id, for its readable history: working
    groups, focus areas and actions by id (a UUID's hex), municipalities by code."""

    groups: dict[str, str] = field(default_factory=dict)
    focus_areas: dict[str, str] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)
    municipalities: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseDocument:
    """An export of a case: the document's text, its media type and its file name."""

    text: str
    media_type: str
    filename: str


@dataclass(frozen=True)
class CaseChainCheck:
    """The hash chain checked over one case's events, with the link at its last event."""

    verification: RecordVerification
    last_link: bytes | None


class NoHashChainError(RuleViolation):
    """The event store keeps no hash chain (the in-memory store)."""


class AuditTrailUseCases(ServiceBase):
    def history(self, aggregate_id: UUID) -> list[HistoryEntry]:
        """Every event of the aggregate in order, with its position and the state it changed."""
        events: list[Any] = list(self.events.get(aggregate_id))
        if not events:
            raise NotFoundError("Nothing with that id has been recorded.")
        positions = self._positions(aggregate_id, getattr(events[0], "municipality", ""))
        entries = []
        aggregate: Any = None
        before: dict[str, Any] = {}
        states = PlainStates()
        for event in events:
            aggregate = event.mutate(aggregate)
            after = states.after(aggregate)
            entries.append(
                HistoryEntry(
                    position=positions.get(event.originator_version),
                    version=event.originator_version,
                    timestamp=event.timestamp,
                    actor=getattr(event, "actor", None),
                    event_type=type(event).__name__,
                    payload=event_payload(event),
                    changes=state_changes(before, after),
                )
            )
            before = after
        return entries

    @property
    def event_index(self) -> EventIndex:
        """The store's event metadata index (a scan of the log where the store keeps none)."""
        try:
            return event_index(self.recorder)
        except TypeError:
            return ScanningIndex(self.recorder, self.mapper)

    def _positions(self, aggregate_id: UUID, municipality: str) -> dict[int, int]:
        index = self.event_index
        where = FeedFilter(municipalities=[municipality], originator_id=aggregate_id)
        positions: dict[int, int] = {}
        after = 0
        while True:
            page = index.feed(where, after=after, limit=1000)
            positions.update((e.originator_version, e.position) for e in page)
            if len(page) < 1000:
                return positions
            after = page[-1].position

    def state_as_of(
        self,
        cls: type[A],
        aggregate_id: UUID,
        *,
        version: int | None = None,
        at: datetime | None = None,
    ) -> A:
        """The aggregate as it was at ``version``, or after the last event at or before ``at``
        (with both: at that version, but no later than that moment).

        A time is resolved through the event index (one indexed query), never by replaying
        the store.
        """
        if at is not None:
            found = self.event_index.version_at(aggregate_id, at)
            if found is None:
                current = self.load(cls, aggregate_id)  # not found at all, or not yet then
                raise NotFoundError(
                    f"It did not exist yet at {at.isoformat()}; it was created "
                    f"{current.created_on.isoformat()}.",
                    field="at",
                )
            version = found if version is None else min(version, found)
        if version is not None and version < 1:
            raise NotFoundError("Versions start at 1.", field="version")
        aggregate = self.load(cls, aggregate_id, version=version)
        if version is not None and aggregate.version != version:
            raise NotFoundError(
                f"There is no version {version}; the latest is {aggregate.version}.",
                field="version",
            )
        return aggregate

    def audit_feed(self, where: FeedFilter, *, after: int = 0, limit: int = 100) -> list[FeedEntry]:
        """Events over the whole store, filtered, in log order, ``limit`` after ``after``."""
        return self.event_index.feed(where, after=after, limit=min(max(limit, 1), 1000))

    def record_read(self, actor: Actor, subject_id: UUID, *, what: str) -> None:
        """Record that ``actor`` read the history of ``subject_id`` (e.g. "history")."""
        subject: Any = self.repository.get(subject_id)
        municipality = getattr(subject, "municipality", "")
        if not isinstance(subject, MunicipalAggregate):
            raise NotFoundError("Nothing with that id has been recorded.")
        for attempt in range(20):
            try:
                log = self.load(AccessLog, access_log_id(subject_id))
            except NotFoundError:
                log = AccessLog.open(actor, municipality=municipality, subject_id=subject_id)
            log.record_read(actor, what=what)
            try:
                self.commit(log)
            except ConcurrentWriteError:
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311 - jitter
            else:
                return
        raise ConcurrentWriteError("Too many reads were recorded at once; try again.")

    def export_problem(self, problem_id: UUID) -> dict[str, Any]:
        """The case's complete history with stored bytes and chain links (see audit.export)."""
        problem = self.load(Problem, problem_id)
        entries = self.history(problem_id)
        stored = {e.originator_version: e for e in self.recorder.select_events(problem_id)}
        links: dict[int, tuple[bytes | None, bytes | None]] = {}
        head: tuple[int, bytes] | None = None
        try:
            chain = chain_store(self.recorder)
        except TypeError:
            chain = None
        if chain is not None:
            positions = [e.position for e in entries if e.position is not None]
            # Each event's link and the one before it, in one read: the link before is at
            # the position before, unless the log has a gap there (then asked alone).
            found = chain.links_of(sorted({*positions, *(p - 1 for p in positions)}))
            for entry in entries:
                if entry.position is not None:
                    before = entry.position - 1
                    links[entry.version] = (
                        found[before] if before in found else chain.link_before(entry.position),
                        found.get(entry.position),
                    )
            last = self.recorder.max_notification_id()
            link_at_last = chain.link_at(last) if last else None
            head = (last, link_at_last) if last and link_at_last else None
        summary = {
            "id": str(problem.id),
            "reference": problem.reference,
            "title": problem.title,
            "municipality": problem.municipality,
            "stage": problem.stage.value,
            "stage_sv": problem.stage.label_sv,
            "version": problem.version,
            "topics": {v: s.topic for v, s in stored.items()},
        }
        return case_export(
            summary=summary,
            entries=entries,
            stored={v: s.state for v, s in stored.items()},
            links=links,
            chain_head=head,
        )

    def case_names(self, entries: list[HistoryEntry], municipality: str) -> CaseNameLists:
        """The names of the working groups, focus areas and actions ``entries`` refer to by
        id, and of the municipality; what is no longer found stays unnamed."""
        names = CaseNameLists()
        found = self._found(Municipality, municipality_id(municipality))
        if found is not None:
            names.municipalities[municipality] = found.name
        promises: dict[str, CitizenPromise | None] = {}
        for entry in entries:
            payload = entry.payload
            action = payload.get("action")
            if isinstance(action, dict) and action.get("action_id"):
                names.actions[UUID(str(action["action_id"])).hex] = str(action.get("title", ""))
            if payload.get("group_id"):
                group_id = UUID(str(payload["group_id"]))
                group = self._found(WorkingGroup, group_id)
                if group is not None:
                    names.groups[group_id.hex] = group.name
            promise_id, focus_area_id = (
                payload.get("citizen_promise_id"),
                payload.get("focus_area_id"),
            )
            if promise_id and focus_area_id:
                if promise_id not in promises:
                    promises[promise_id] = self._found(CitizenPromise, UUID(str(promise_id)))
                promise = promises[promise_id]
                key = UUID(str(focus_area_id)).hex
                if promise is not None and key in promise.focus_areas:
                    names.focus_areas[key] = promise.focus_areas[key].title
        return names

    def _found(self, cls: type[A], aggregate_id: UUID) -> A | None:
        try:
            return self.load(cls, aggregate_id)
        except NotFoundError:
            return None

    # ---------------------------------------------------------------- recorded reads

    def read_history(self, actor: Actor, aggregate_id: UUID) -> list[HistoryEntry]:
        """:meth:`history`, the read recorded as ``history``."""
        self.record_read(actor, aggregate_id, what="history")
        return self.history(aggregate_id)

    def read_state_as_of(
        self,
        actor: Actor,
        cls: type[A],
        aggregate_id: UUID,
        *,
        version: int | None = None,
        at: datetime | None = None,
    ) -> A:
        """:meth:`state_as_of`, the read recorded as ``state-as-of``."""
        self.record_read(actor, aggregate_id, what="state-as-of")
        return self.state_as_of(cls, aggregate_id, version=version, at=at)

    def read_case_history(
        self, actor: Actor, problem_id: UUID, *, version: int | None = None
    ) -> CaseHistory:
        """A case's events with its state at ``version`` (the latest by default), the reads
        recorded first: ``history``, and ``state-as-of`` when a version is asked for.

        An error other than NotFoundError while reading the stored events is returned in
        ``unreadable``, not raised: the caller decides from the chain's integrity whether it
        is tampering or a fault.
        """
        self.record_read(actor, problem_id, what="history")
        if version is not None:
            self.record_read(actor, problem_id, what="state-as-of")
        try:
            entries = self.history(problem_id)
            state = self.state_as_of(Problem, problem_id, version=version)
            latest = self.state_as_of(Problem, problem_id)
        except NotFoundError:
            raise
        except Exception as error:  # stored data that no longer decodes
            return CaseHistory(unreadable=error)
        return CaseHistory(entries, state, latest)

    def export_case(
        self, actor: Actor, problem_id: UUID, *, form: Literal["json", "html"]
    ) -> CaseDocument:
        """The case's export as JSON (stored bytes and chain links, checkable offline) or
        as the readable Swedish HTML document, the read recorded as ``export-json`` or
        ``export-html`` before the export is made (so the chain head it names covers it)."""
        self.record_read(actor, problem_id, what=f"export-{form}")
        exported = self.export_problem(problem_id)
        reference = exported["case"]["reference"]
        if form == "json":
            return CaseDocument(
                json.dumps(exported, ensure_ascii=False), "application/json", f"{reference}.json"
            )
        names = self.case_names(self.history(problem_id), exported["case"]["municipality"])
        return CaseDocument(case_html(exported, names), "text/html", f"{reference}.html")

    def export_case_for_print(self, actor: Actor, problem_id: UUID) -> CaseDocument:
        """The readable Swedish HTML document of the case (as :meth:`export_case` makes it),
        for the caller to print to PDF; the read recorded as ``export-pdf`` first. The file
        name is the PDF's."""
        self.record_read(actor, problem_id, what="export-pdf")
        exported = self.export_problem(problem_id)
        reference = exported["case"]["reference"]
        names = self.case_names(self.history(problem_id), exported["case"]["municipality"])
        return CaseDocument(case_html(exported, names), "text/html", f"{reference}.pdf")

    def read_audit_feed(
        self, actor: Actor, where: FeedFilter, *, after: int = 0, limit: int = 100
    ) -> list[FeedEntry]:
        """:meth:`audit_feed`, the read recorded as ``audit-feed`` for each municipality
        the filter covers."""
        items = self.audit_feed(where, after=after, limit=limit)
        for municipality in where.municipalities:
            self.record_read(actor, municipality_id(municipality), what="audit-feed")
        return items

    # ---------------------------------------------------------------- the hash chain

    def check_chain(self) -> Verification:
        """Recompute the hash chain over every stored event, and check that every person
        whose sealed values the events hold and whose key is missing has an erasure on the
        record (a key deleted outside the application erases a person silently). It shows no
        case's content, so no read is recorded; NoHashChainError where the store keeps no
        chain."""
        walked = self._walk_chain(None)
        return self._erasures_checked(
            walked.verification, set(walked.subjects), set(walked.records)
        )

    def check_chain_bounded(
        self, *, trusted_public_key: str | None, full_every_seconds: float
    ) -> Verification:
        """:meth:`check_chain` as the API offers it to every overseer: the whole chain at
        most once per ``full_every_seconds`` in this process, in between only the events
        after the last verified state or the newest checkpoint signed by
        ``trusted_public_key``; an unchanged head answered from the last result (see
        :mod:`problemorienterat.audit.bounded`)."""
        self._chain()  # NoHashChainError before anything else
        head_position = self.recorder.max_notification_id() or 0
        return self._bounded_chain_check.check(
            head_position=head_position,
            full_every_seconds=full_every_seconds,
            walk=self._walk_chain,
            from_checkpoint=lambda: self._checkpoint_start(trusted_public_key),
            finish=self._erasures_checked,
        )

    @cached_property
    def _bounded_chain_check(self) -> BoundedChainCheck:
        return BoundedChainCheck()

    @cached_property
    def checkpoints(self) -> CheckpointStore:
        """The signed checkpoints kept beside the chain."""
        return CheckpointStore(self.side_tables)

    def latest_checkpoint(self, trusted_public_key: str | None) -> Checkpoint | None:
        """The newest stored checkpoint signed by ``trusted_public_key`` (any signed one,
        when no key is trusted here), for Historik; None when there is none."""
        for checkpoint in self.checkpoints.newest():
            if trusted_public_key is None:
                return checkpoint
            try:
                check_signature(checkpoint, trusted_public_key)
            except CheckpointError:
                continue
            return checkpoint
        return None

    def _checkpoint_start(self, trusted_public_key: str | None) -> ChainState | Verification | None:
        """The newest stored checkpoint signed by the trusted key, as a verified state; the
        broken verification when the chain no longer holds its head; None without one."""
        if trusted_public_key is None:
            return None
        checkpoint = self.latest_checkpoint(trusted_public_key)
        if checkpoint is None:
            return None
        found = self._chain().link_at(checkpoint.position)
        if found is None or found.hex() != checkpoint.head:
            return broken_at_checkpoint(checkpoint.position)
        return ChainState(checkpoint.position, bytes.fromhex(checkpoint.head), checkpoint.events)

    def _walk_chain(self, start: ChainState | None) -> Walk:
        references = PersonalDataReferences(self.mapper, get_topic(PersonalDataErasure.Erased))
        result = verify_chain(self._chain(), inspect=references, start=start)
        return Walk(result, frozenset(references.subjects), frozenset(references.records))

    def _erasures_checked(
        self, result: Verification, subjects: set[UUID], records: set[UUID]
    ) -> Verification:
        keyed = self.personal_data.keyed_subjects()
        erased = {
            subject
            for subject in subjects - keyed
            # An erasure recorded while the walk went on is in the store, not in the walk.
            if erasure_id_for(subject) in records
            or self.recorder.select_events(erasure_id_for(subject), limit=1)
        }
        return with_erasures_checked(result, subjects, keyed, erased)

    def check_case_chain(self, record_id: UUID, municipality: str) -> CaseChainCheck:
        """Check only one record's events against the chain (for a store too large to walk
        on a page request); NoHashChainError where the store keeps no chain."""
        store = self._chain()
        checked = verify_record(self.recorder, store, self.event_index, record_id, municipality)
        last = checked.last_position
        return CaseChainCheck(checked, store.link_at(last) if last is not None else None)

    @property
    def keeps_hash_chain(self) -> bool:
        """Whether the event store keeps a hash chain (every store but the in-memory one)."""
        try:
            chain_store(self.recorder)
        except TypeError:
            return False
        return True

    def _chain(self) -> ChainStore:
        try:
            return chain_store(self.recorder)
        except TypeError:
            raise NoHashChainError(
                "This event store keeps no hash chain (in-memory store)."
            ) from None

    def reads_of(self, subject_id: UUID) -> list[HistoryEntry]:
        """Who read the history of ``subject_id``, and when."""
        try:
            return [e for e in self.history(access_log_id(subject_id)) if e.version > 1]
        except NotFoundError:
            return []
