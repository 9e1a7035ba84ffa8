"""Response models: domain objects adapted to plain JSON for the outside."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.problem_parts import Action, ReviewDecision
from problemorienterat.domain.sara import (
    ActionKind,
    ActionStatus,
    CheersQuestion,
    Outcome,
    Priority,
    ProblemSource,
    ReviewStatus,
    Stage,
    Technique,
    TimeHorizon,
    TriangleSide,
)


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class CheersAnswerView(_View):
    question: CheersQuestion
    met: bool
    evidence: str


class FindingView(_View):
    id: UUID
    side: TriangleSide
    description: str


class MeasureView(_View):
    """An indicator measured in an area over a period: a baseline or a follow-up."""

    indicator: str
    area: str
    period_start: date
    period_end: date
    value: float
    unit: str

    @classmethod
    def of(cls, measure: Measure) -> MeasureView:
        return cls(
            indicator=measure.indicator,
            area=measure.area,
            period_start=measure.period_start,
            period_end=measure.period_end,
            value=measure.value,
            unit=measure.unit,
        )


class ActionView(_View):
    id: UUID
    title: str
    responsible_organisation: Organisation
    responsible_party: str
    owner: str
    start_date: date
    due_date: date
    objective: str
    mechanism: str
    kind: ActionKind
    technique: Technique | None
    horizon: TimeHorizon
    status: ActionStatus
    status_reason: str | None

    @classmethod
    def of(cls, action: Action) -> ActionView:
        return cls(
            id=action.action_id,
            title=action.title,
            responsible_organisation=action.responsible_organisation,
            responsible_party=action.responsible_party,
            owner=action.owner,
            start_date=action.start_date,
            due_date=action.due_date,
            objective=action.objective,
            mechanism=action.mechanism,
            kind=action.kind,
            technique=action.technique,
            horizon=action.horizon,
            status=action.status,
            status_reason=action.status_reason,
        )


class OutcomeView(_View):
    outcome: Outcome
    motivation: str


class ReviewView(_View):
    """Lokala BRÅ's latest decision on a submitted assessment."""

    status: ReviewStatus
    comments: str
    decided_at: datetime

    @classmethod
    def of(cls, review: ReviewDecision) -> ReviewView:
        return cls(status=review.status, comments=review.comments, decided_at=review.decided_at)


class ProblemView(_View):
    """A problem's current state. ``version`` is also sent as the ``ETag`` header."""

    id: UUID
    reference: str
    municipality: str
    title: str
    description: str
    place: str
    source: ProblemSource
    stage: Stage
    stage_label: str
    group_id: UUID | None
    citizen_promise_id: UUID | None
    focus_area_id: UUID | None
    priority: Priority | None
    cheers: list[CheersAnswerView]
    findings: list[FindingView]
    hypothesis: str | None
    baseline: MeasureView | None
    actions: list[ActionView]
    follow_ups: list[MeasureView]
    outcome: OutcomeView | None
    review_status: ReviewStatus
    latest_review: ReviewView | None
    version: int
    created_on: datetime
    modified_on: datetime

    @classmethod
    def of(cls, problem: Problem) -> ProblemView:
        return cls(
            id=problem.id,
            reference=problem.reference,
            municipality=problem.municipality,
            title=problem.title,
            description=problem.description,
            place=problem.place,
            source=problem.source,
            stage=problem.stage,
            stage_label=problem.stage.label_sv,
            group_id=problem.group_id,
            citizen_promise_id=problem.citizen_promise_id,
            focus_area_id=problem.focus_area_id,
            priority=problem.priority,
            cheers=[
                CheersAnswerView(question=a.question, met=a.met, evidence=a.evidence)
                for q in CheersQuestion
                if (a := problem.cheers.get(q.value)) is not None
            ],
            findings=[
                FindingView(id=f.finding_id, side=f.side, description=f.description)
                for f in problem.findings
            ],
            hypothesis=problem.hypothesis,
            baseline=MeasureView.of(problem.baseline) if problem.baseline else None,
            actions=[ActionView.of(a) for a in problem.actions.values()],
            follow_ups=[MeasureView.of(m) for m in problem.follow_ups],
            outcome=(
                OutcomeView(outcome=problem.outcome.outcome, motivation=problem.outcome.motivation)
                if problem.outcome
                else None
            ),
            review_status=problem.review_status,
            latest_review=ReviewView.of(problem.latest_review) if problem.latest_review else None,
            version=problem.version,
            created_on=problem.created_on,
            modified_on=problem.modified_on,
        )


class Health(_View):
    status: str
