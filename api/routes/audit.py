"""For auditors (and lokala BRÅ): replay a record, see it as of a version or a time, follow the
audit feed, verify the hash chain and export a case. Each route checks who may read, then
calls the application's use case, which records the read."""

from __future__ import annotations

import re
import time
from datetime import datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.enums import MediaType
from litestar.exceptions import ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, Parameter
from pydantic import BaseModel, ConfigDict

from api.documented import READ, READ_ERRORS, errors
from api.metrics import observe_verify
from api.schemas import ProblemView
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.application.audit_trail import HistoryEntry
from problemorienterat.audit.checkpoint import trusted_public_key
from problemorienterat.audit.plain import aggregate_state, plain
from problemorienterat.audit.ports import FeedFilter
from problemorienterat.config import Settings
from problemorienterat.contracts.policy import (
    OVERSEERS,
    check_municipal_object,
    municipal_object,
    readable_problem,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.agreement import Agreement
from problemorienterat.domain.base import MunicipalAggregate
from problemorienterat.domain.citizen_promise import CitizenPromise
from problemorienterat.domain.grannsamverkan import GrannsamverkanArea
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.situation_picture import SituationPicture
from problemorienterat.domain.working_group import WorkingGroup

A = TypeVar("A", bound=MunicipalAggregate)


class HistoryEntryView(BaseModel):
    """One event: its place in the log, who recorded it, what it said and what it changed."""

    position: int | None
    version: int
    recorded_at: datetime
    actor: dict[str, Any] | None
    event: str
    facts: dict[str, Any]
    changes: list[dict[str, Any]]

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryEntryView:
        return cls(
            position=entry.position,
            version=entry.version,
            recorded_at=entry.timestamp,
            actor=plain(entry.actor),
            event=entry.event_type,
            facts=entry.payload,
            changes=entry.changes,
        )


class RecordState(BaseModel):
    id: UUID
    kind: str
    version: int
    state: dict[str, Any]


class FeedItem(BaseModel):
    position: int
    recorded_at: datetime
    event: str
    record_id: UUID
    version: int
    actor_user_id: str
    actor_organisation: str
    actor_role: str
    municipality: str


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: int | None


class ChainReport(BaseModel):
    """``intact``, or where the stored data first differs from what was chained."""

    intact: bool
    events: int
    head_position: int
    head: str
    break_position: int | None
    problem: str | None
    summary: str
    walked: int = 0
    started_after: int = 0


class CaseExport(BaseModel):
    """A case export (``format``: ``problemorienterat-case-export/v1``): the case, each of its
    events with its stored bytes and chain links, and the head of the chain it was checked
    against (see docs/audit.md)."""

    model_config = ConfigDict(extra="allow")

    format: str
    exported_at: datetime
    case: dict[str, Any]
    events: list[dict[str, Any]]


class ReadRecord(BaseModel):
    read_at: datetime
    actor: dict[str, Any] | None
    what: str


Version = Annotated[int | None, Parameter(ge=1, le=2**31, description="A version (1, 2, ...)")]
# RFC 3339 (the OpenAPI "date-time" format) with its time zone: what the server parses.
MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
At = Annotated[
    str | None,
    Parameter(
        description="A moment (RFC 3339 with time zone, e.g. 2026-03-12T10:00:00+01:00); with "
        "a version too, the state at that version but no later than this moment",
        pattern=MOMENT_PATTERN,
        schema_extra={"format": "date-time"},
    ),
]


def _moment(name: str, value: str | None) -> datetime | None:
    """A query parameter's moment: RFC 3339 with a time zone (a number is no moment)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if re.match(MOMENT_PATTERN, value) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        message = "A moment with a time zone, e.g. 2026-03-12T10:00:00+01:00."
        raise ValidationException(
            detail=message, extra=[{"key": name, "source": "query", "message": message}]
        )
    return moment


def _as_of_args(version: int | None, at: str | None) -> dict[str, Any]:
    return {"version": version, "at": _moment("at", at)}


def _readable_record(
    application: ProblemorienteratApp, principal: Principal, cls: type[A], record_id: UUID
) -> A:
    return municipal_object(principal, lambda: application.load(cls, record_id), OVERSEERS)


def _history(
    application: ProblemorienteratApp, principal: Principal, cls: type[A], record_id: UUID
) -> list[HistoryEntryView]:
    _readable_record(application, principal, cls, record_id)
    return [HistoryEntryView.of(e) for e in application.read_history(principal.actor, record_id)]


def _as_of(
    application: ProblemorienteratApp,
    principal: Principal,
    cls: type[A],
    record_id: UUID,
    *,
    version: int | None,
    at: str | None,
) -> RecordState:
    args = _as_of_args(version, at)
    _readable_record(application, principal, cls, record_id)
    past = application.read_state_as_of(principal.actor, cls, record_id, **args)
    return RecordState(
        id=record_id, kind=cls.__name__, version=past.version, state=aggregate_state(past)
    )


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ["Granskning (audit)"]

    @get(
        "/problems/{reference:str}/history",
        summary="Every event of a problem in order: position, who, what, and what it changed",
        sync_to_thread=True,
        responses=READ,
    )
    def problem_history(
        self,
        reference: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[HistoryEntryView]:
        problem = readable_problem(application, principal, reference, OVERSEERS)
        return [
            HistoryEntryView.of(e) for e in application.read_history(principal.actor, problem.id)
        ]

    @get(
        "/problems/{reference:str}/as-of",
        summary="A problem as it was at a version, or after the last event at or before a time",
        sync_to_thread=True,
        responses=READ,
    )
    def problem_as_of(
        self,
        reference: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
        version: Version = None,
        at: At = None,
    ) -> ProblemView:
        args = _as_of_args(version, at)
        problem = readable_problem(application, principal, reference, OVERSEERS)
        return ProblemView.of(
            application.read_state_as_of(principal.actor, Problem, problem.id, **args),
            may_see_personal_data=application.may_see_personal_data(principal.actor, problem),
        )

    @get(
        "/problems/{reference:str}/reads",
        summary="Who read this problem's history or exported it, and when",
        sync_to_thread=True,
        responses=READ,
    )
    def problem_reads(
        self,
        reference: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[ReadRecord]:
        problem = readable_problem(application, principal, reference, OVERSEERS)
        return [
            ReadRecord(read_at=r.timestamp, actor=plain(r.actor), what=r.payload["what"])
            for r in application.reads_of(problem.id)
        ]

    @get(
        "/problems/{reference:str}/export.json",
        summary="The case's complete history with stored bytes and chain links (checkable "
        "offline against a checkpoint)",
        sync_to_thread=True,
        responses={
            200: ResponseSpec(
                data_container=CaseExport,
                description="The case export, as a file to keep (Content-Disposition)",
                generate_examples=False,
            ),
            **READ,
        },
    )
    def problem_export_json(
        self,
        reference: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> Response[str]:
        # The exported bytes as made (json.dumps), not encoded again: checkable offline.
        problem = readable_problem(application, principal, reference, OVERSEERS)
        document = application.export_case(principal.actor, problem.id, form="json")
        return Response(
            document.text,
            media_type=document.media_type,
            headers={"Content-Disposition": f'attachment; filename="{document.filename}"'},
        )

    @get(
        "/problems/{reference:str}/export.html",
        summary="The case's history as a readable Swedish document (timeline per SARA stage)",
        sync_to_thread=True,
        media_type=MediaType.HTML,
        responses=READ,
    )
    def problem_export_html(
        self,
        reference: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> Response[str]:
        problem = readable_problem(application, principal, reference, OVERSEERS)
        document = application.export_case(principal.actor, problem.id, form="html")
        return Response(document.text, media_type=MediaType.HTML)

    @get(
        "/groups/{group_id:uuid}/history",
        summary="Every event of a working group",
        sync_to_thread=True,
        responses=READ,
    )
    def group_history(
        self,
        group_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[HistoryEntryView]:
        return _history(application, principal, WorkingGroup, group_id)

    @get(
        "/groups/{group_id:uuid}/as-of",
        summary="A working group as of a version or time",
        sync_to_thread=True,
        responses=READ,
    )
    def group_as_of(
        self,
        group_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
        version: Version = None,
        at: At = None,
    ) -> RecordState:
        return _as_of(application, principal, WorkingGroup, group_id, version=version, at=at)

    @get(
        "/situation-pictures/{picture_id:uuid}/history",
        summary="Every event of a lägesbild",
        sync_to_thread=True,
        responses=READ,
    )
    def situation_picture_history(
        self,
        picture_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[HistoryEntryView]:
        return _history(application, principal, SituationPicture, picture_id)

    @get(
        "/situation-pictures/{picture_id:uuid}/as-of",
        summary="A lägesbild as of a version or time",
        sync_to_thread=True,
        responses=READ,
    )
    def situation_picture_as_of(
        self,
        picture_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
        version: Version = None,
        at: At = None,
    ) -> RecordState:
        return _as_of(application, principal, SituationPicture, picture_id, version=version, at=at)

    @get(
        "/citizen-promises/{promise_id:uuid}/history",
        summary="Every event of a medborgarlöfte",
        sync_to_thread=True,
        responses=READ,
    )
    def citizen_promise_history(
        self,
        promise_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[HistoryEntryView]:
        return _history(application, principal, CitizenPromise, promise_id)

    @get(
        "/citizen-promises/{promise_id:uuid}/as-of",
        summary="A medborgarlöfte as of a version or time",
        sync_to_thread=True,
        responses=READ,
    )
    def citizen_promise_as_of(
        self,
        promise_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
        version: Version = None,
        at: At = None,
    ) -> RecordState:
        return _as_of(application, principal, CitizenPromise, promise_id, version=version, at=at)

    @get(
        "/agreements/{agreement_id:uuid}/history",
        summary="Every event of a samverkansöverenskommelse",
        sync_to_thread=True,
        responses=READ,
    )
    def agreement_history(
        self,
        agreement_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[HistoryEntryView]:
        return _history(application, principal, Agreement, agreement_id)

    @get(
        "/agreements/{agreement_id:uuid}/as-of",
        summary="An agreement as of a version or time",
        sync_to_thread=True,
        responses=READ,
    )
    def agreement_as_of(
        self,
        agreement_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
        version: Version = None,
        at: At = None,
    ) -> RecordState:
        return _as_of(application, principal, Agreement, agreement_id, version=version, at=at)

    @get(
        "/grannsamverkan-areas/{area_id:uuid}/history",
        summary="Every event of a Grannsamverkan area",
        sync_to_thread=True,
        responses=READ,
    )
    def grannsamverkan_area_history(
        self,
        area_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[HistoryEntryView]:
        return _history(application, principal, GrannsamverkanArea, area_id)

    @get(
        "/grannsamverkan-areas/{area_id:uuid}/as-of",
        summary="A Grannsamverkan area as of a version or time",
        sync_to_thread=True,
        responses=READ,
    )
    def grannsamverkan_area_as_of(
        self,
        area_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
        version: Version = None,
        at: At = None,
    ) -> RecordState:
        return _as_of(application, principal, GrannsamverkanArea, area_id, version=version, at=at)

    @get(
        "/feed",
        summary="Every recorded event of your municipalities in log order, filtered by actor, "
        "organisation, event type and period; page with ?after=next_cursor",
        sync_to_thread=True,
        responses=READ,
    )
    def feed(  # noqa: PLR0917 - one parameter per filter of the feed
        self,
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
        actor: Annotated[str | None, Parameter(max_length=100)] = None,
        organisation: Annotated[str | None, Parameter(max_length=50)] = None,
        event_type: Annotated[
            str | None, Parameter(max_length=100, description="e.g. Problem.AssessmentApproved")
        ] = None,
        since: At = None,
        until: At = None,
        after: Annotated[int, Parameter(ge=0, le=2**53)] = 0,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 100,
    ) -> FeedPage:
        check_municipal_object(
            principal,
            municipality=next(iter(sorted(principal.municipalities)), ""),
            roles=OVERSEERS,
        )
        where = FeedFilter(
            municipalities=sorted(principal.municipalities),
            actor_user_id=actor,
            organisation=organisation,
            event_type=event_type,
            since=_moment("since", since),
            until=_moment("until", until),
        )
        items = application.read_audit_feed(principal.actor, where, after=after, limit=limit)
        return FeedPage(
            items=[
                FeedItem(
                    position=e.position,
                    recorded_at=e.timestamp,
                    event=e.event_type,
                    record_id=e.originator_id,
                    version=e.originator_version,
                    actor_user_id=e.actor_user_id,
                    actor_organisation=e.actor_organisation,
                    actor_role=e.actor_role,
                    municipality=e.municipality,
                )
                for e in items
            ],
            next_cursor=items[-1].position if len(items) == limit else None,
        )

    @get(
        "/verify",
        summary="The hash chain over every stored event: intact, or where it breaks (409 on "
        "a store that keeps no chain, e.g. in memory). The whole chain is recomputed at most "
        "every PROBLEMORIENTERAT_AUDIT_FULL_VERIFY_MINUTES; in between only the events after "
        "the last verified state or the newest signed checkpoint (started_after, walked)",
        sync_to_thread=True,
        responses=errors(*READ_ERRORS, 409),
    )
    def verify(
        self,
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
        state: State,
    ) -> ChainReport:
        check_municipal_object(
            principal,
            municipality=next(iter(sorted(principal.municipalities)), ""),
            roles=OVERSEERS,
        )
        settings: Settings = state.settings
        started = time.perf_counter()
        result = application.check_chain_bounded(
            trusted_public_key=trusted_public_key(settings.resolved_checkpoint_key_file),
            full_every_seconds=settings.audit_full_verify_minutes * 60,
        )
        observe_verify(intact=result.intact, seconds=time.perf_counter() - started)
        return ChainReport(
            intact=result.intact,
            events=result.events,
            head_position=result.head_position,
            head=result.head.hex(),
            break_position=result.break_position,
            problem=result.problem,
            summary=result.summary(),
            walked=result.walked,
            started_after=result.started_after,
        )
