"""A problem's state (now or as of a version) and its history, for everyone who reads the
problem: its group's members, lokala BRÅ and auditors."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, Parameter
from pydantic import BaseModel

from api.documented import ETAG, READ
from api.schemas import ProblemView
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.audit.plain import plain
from problemorienterat.contracts.policy import readable_problem
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation, Role


class ActorView(BaseModel):
    user_id: str
    name: str
    organisation: Organisation
    role: Role


class HistoryEntry(BaseModel):
    """One recorded event: what, who and when (the auditor's record)."""

    version: int
    event: str
    recorded_at: datetime
    actor: ActorView | None
    facts: dict[str, Any]


class ProblemQueryController(Controller):
    path = "/api/v1/problems"
    tags = ["Ärenden (problems)"]

    @get(
        "/{reference:str}",
        summary="A problem's current state (or as of ?version=N), by "
        "reference such as KUN-2026-0007",
        sync_to_thread=True,
        response_headers=ETAG,
        responses=READ,
    )
    def get_problem(
        self,
        reference: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
        version: Annotated[int | None, Parameter(ge=1, le=2**31)] = None,
    ) -> Response[ProblemView]:
        problem = readable_problem(application, principal, reference, version=version)
        visible = application.may_see_personal_data(principal.actor, problem)
        return Response(
            ProblemView.of(problem, may_see_personal_data=visible),
            headers={"ETag": f'"{problem.version}"'},
        )

    @get(
        "/{reference:str}/history",
        summary="Every event of the problem: who recorded what and when (its group's members, "
        "lokala BRÅ and auditors)",
        sync_to_thread=True,
        responses=READ,
    )
    def get_problem_history(
        self,
        reference: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[HistoryEntry]:
        problem = readable_problem(application, principal, reference)
        visible = application.may_see_personal_data(principal.actor, problem)
        application.record_read(principal.actor, problem.id, what="history")
        return [_entry(e, visible) for e in application.repository.event_store.get(problem.id)]


def _entry(event: Any, visible: bool) -> HistoryEntry:
    actor = getattr(event, "actor", None)
    facts = {
        k: plain(v, visible=visible)
        for k, v in vars(event).items()
        if k not in {"originator_id", "originator_version", "timestamp", "actor"}
    }
    return HistoryEntry(
        version=event.originator_version,
        event=type(event).__name__,
        recorded_at=event.timestamp,
        actor=ActorView(
            user_id=actor.user_id, name=actor.name, organisation=actor.organisation, role=actor.role
        )
        if actor
        else None,
        facts=facts,
    )
