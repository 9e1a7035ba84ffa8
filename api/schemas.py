"""Response models: domain objects adapted to plain JSON for the outside."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.problem_parts import (
    Action,
    DataSource,
    Effort,
    ProcessEvaluation,
    ReviewDecision,
    Spread,
)
from problemorienterat.domain.sara import (
    ActionKind,
    ActionStatus,
    CheersQuestion,
    Outcome,
    Priority,
    ProblemSource,
    RepeatPattern,
    ReviewStatus,
    SpreadDimension,
    SpreadKind,
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
    """A finding; ``named_persons`` are the private persons it names, each shown as the
    text, ``[dold]`` to those who may not see personal data, or ``[raderad]`` once erased."""

    id: UUID
    side: TriangleSide
    description: str
    named_persons: list[str]


class RepeatPatternView(_View):
    pattern: RepeatPattern
    description: str


class DataSourceView(_View):
    """A source the analysis used, with the date its data was extracted."""

    name: str
    extracted_on: date
    description: str

    @classmethod
    def of(cls, source: DataSource) -> DataSourceView:
        return cls(
            name=source.name, extracted_on=source.extracted_on, description=source.description
        )


class EffortView(_View):
    """Hours and costs a partner put into the response (for an action, if ``action_id``)."""

    organisation: Organisation
    partner: str
    hours: float
    cost_sek: float
    action_id: UUID | None
    note: str

    @classmethod
    def of(cls, effort: Effort) -> EffortView:
        return cls(
            organisation=effort.organisation,
            partner=effort.partner,
            hours=effort.hours,
            cost_sek=effort.cost_sek,
            action_id=effort.action_id,
            note=effort.note,
        )


class ProcessEvaluationView(_View):
    summary: str
    carried_out_as_planned: bool

    @classmethod
    def of(cls, evaluation: ProcessEvaluation) -> ProcessEvaluationView:
        return cls(
            summary=evaluation.summary,
            carried_out_as_planned=evaluation.carried_out_as_planned,
        )


class SpreadView(_View):
    """Displacement, or diffusion of benefits, looked for and found (or not)."""

    kind: SpreadKind
    dimension: SpreadDimension | None
    description: str
    weighted_displacement_quotient: float | None

    @classmethod
    def of(cls, spread: Spread) -> SpreadView:
        return cls(
            kind=spread.kind,
            dimension=spread.dimension,
            description=spread.description,
            weighted_displacement_quotient=spread.weighted_displacement_quotient,
        )


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
    decided_on: date  # the date of the decision: its meeting's, else the day it was recorded
    minutes_reference: str | None  # a typed reference to the minutes, if one was given
    meeting_id: UUID | None  # the meeting of lokala BRÅ that took the decision, and its §
    paragraph: int | None

    @classmethod
    def of(cls, review: ReviewDecision) -> ReviewView:
        return cls(
            status=review.status,
            comments=review.comments,
            decided_at=review.decided_at,
            decided_on=review.decision_date,
            minutes_reference=review.minutes_reference,
            meeting_id=review.meeting_id,
            paragraph=review.paragraph,
        )


class ProblemView(_View):
    """A problem's current state, every step recorded on it. ``version`` is also sent as the
    ``ETag`` header. Personal data (the persons a finding names) is shown only to those who
    may see it (lokala BRÅ, auditors and the group's members), else ``[dold]``."""

    id: UUID
    reference: str
    municipality: str
    title: str
    description: str
    place: str
    source: ProblemSource
    reported_by: str
    frequency: str | None
    harmed: str | None
    stage: Stage
    stage_label: str
    cycle: int
    group_id: UUID | None
    citizen_promise_id: UUID | None
    focus_area_id: UUID | None
    priority: Priority | None
    priority_reason: str | None
    rejection_reason: str | None
    cheers: list[CheersAnswerView]
    findings: list[FindingView]
    repeat_patterns: list[RepeatPatternView]
    data_sources: list[DataSourceView]
    causes: list[str]
    current_response: str | None
    hypothesis: str | None
    baseline: MeasureView | None
    actions: list[ActionView]
    efforts: list[EffortView]
    process_evaluation: ProcessEvaluationView | None
    follow_ups: list[MeasureView]
    spreads: list[SpreadView]
    outcome: OutcomeView | None
    lessons: list[str]
    review_status: ReviewStatus
    latest_review: ReviewView | None
    closed_at: datetime | None
    version: int
    created_on: datetime
    modified_on: datetime

    @classmethod
    def of(cls, problem: Problem, *, may_see_personal_data: bool) -> ProblemView:
        visible = may_see_personal_data
        return cls(
            id=problem.id,
            reference=problem.reference,
            municipality=problem.municipality,
            title=problem.title,
            description=problem.description,
            place=problem.place,
            source=problem.source,
            reported_by=problem.reported_by,
            frequency=problem.frequency,
            harmed=problem.harmed,
            stage=problem.stage,
            stage_label=problem.stage.label_sv,
            cycle=problem.cycle,
            group_id=problem.group_id,
            citizen_promise_id=problem.citizen_promise_id,
            focus_area_id=problem.focus_area_id,
            priority=problem.priority,
            priority_reason=problem.priority_reason,
            rejection_reason=problem.rejection_reason,
            cheers=[
                CheersAnswerView(question=a.question, met=a.met, evidence=a.evidence)
                for q in CheersQuestion
                if (a := problem.cheers.get(q.value)) is not None
            ],
            findings=[
                FindingView(
                    id=f.finding_id,
                    side=f.side,
                    description=f.description,
                    named_persons=[p.shown(visible=visible) for p in f.named_persons],
                )
                for f in problem.findings
            ],
            repeat_patterns=[
                RepeatPatternView(pattern=n.pattern, description=n.description)
                for n in problem.repeat_patterns
            ],
            data_sources=[DataSourceView.of(d) for d in problem.data_sources],
            causes=list(problem.causes),
            current_response=problem.current_response,
            hypothesis=problem.hypothesis,
            baseline=MeasureView.of(problem.baseline) if problem.baseline else None,
            actions=[ActionView.of(a) for a in problem.actions.values()],
            efforts=[EffortView.of(e) for e in problem.efforts],
            process_evaluation=(
                ProcessEvaluationView.of(problem.process_evaluation)
                if problem.process_evaluation
                else None
            ),
            follow_ups=[MeasureView.of(m) for m in problem.follow_ups],
            spreads=[SpreadView.of(s) for s in problem.spreads],
            outcome=(
                OutcomeView(outcome=problem.outcome.outcome, motivation=problem.outcome.motivation)
                if problem.outcome
                else None
            ),
            lessons=list(problem.lessons),
            review_status=problem.review_status,
            latest_review=ReviewView.of(problem.latest_review) if problem.latest_review else None,
            closed_at=problem.closed_at,
            version=problem.version,
            created_on=problem.created_on,
            modified_on=problem.modified_on,
        )


class Health(_View):
    status: str
