"""The commands on a problem, stage by stage of SARA: identify (scanning), analyse,
respond, assess (and lokala BRÅ's review)."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated
from uuid import UUID

from pydantic import Field

from problemorienterat.contracts.commands.fields import (
    Body,
    MeasureBody,
    MunicipalityCode,
    Name,
    Note,
    Number,
    OptionalName,
    OptionalText,
    Text,
)
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.sara import (
    ActionKind,
    CheersQuestion,
    Outcome,
    Priority,
    ProblemSource,
    RepeatPattern,
    SpreadDimension,
    SpreadKind,
    Stage,
    Technique,
    TimeHorizon,
    TriangleSide,
)
from problemorienterat.domain.yearly import FIRST_YEAR, LAST_YEAR


class IdentifyProblem(Body):
    municipality: MunicipalityCode
    title: Name
    description: Text
    place: Name
    source: ProblemSource
    reported_by: Name
    frequency: Note = None
    harmed: Note = None
    group_id: UUID | None = None
    year: Annotated[int | None, Field(ge=FIRST_YEAR, le=LAST_YEAR)] = None


class Reformulate(Body):
    title: Name
    description: Text


class AnswerCheers(Body):
    question: CheersQuestion
    met: bool
    evidence: Text


class Prioritise(Body):
    priority: Priority
    reason: Text


class Reject(Body):
    reason: Text


class AssignGroup(Body):
    group_id: UUID


class LinkFocusArea(Body):
    citizen_promise_id: UUID
    focus_area_id: UUID


MAX_NAMED_PERSONS = 20
"""How many private persons one finding may name."""


class RecordFinding(Body):
    """``named_persons``: private persons the finding names. They are kept as personal data
    (each under a key of that person's own), shown only to those who may see personal data
    and never in the description, the history's step details or the logs."""

    side: TriangleSide
    description: Text
    named_persons: Annotated[list[Name], Field(max_length=MAX_NAMED_PERSONS)] = []


class ClassifyRepeatPattern(Body):
    pattern: RepeatPattern
    description: Text


class RecordDataSource(Body):
    name: Name
    extracted_on: date
    description: OptionalText = ""


class Description(Body):
    description: Text


class StateHypothesis(Body):
    hypothesis: Text


class RegisterBaseline(Body):
    measure: MeasureBody


class PlanAction(Body):
    title: Name
    responsible_organisation: Organisation
    responsible_party: Name
    owner: Name
    start_date: date
    due_date: date
    objective: Text
    mechanism: Text
    kind: ActionKind
    technique: Technique | None = None
    horizon: TimeHorizon = TimeHorizon.SHORT


class Reason(Body):
    reason: Text


class RecordEffort(Body):
    organisation: Organisation
    partner: Name
    hours: Annotated[Number, Field(ge=0)]
    cost_sek: Annotated[Number, Field(ge=0)] = 0.0
    action_id: UUID | None = None
    note: OptionalText = ""


class EvaluateProcess(Body):
    summary: Text
    carried_out_as_planned: bool


class RecordFollowUp(Body):
    measure: MeasureBody


class RecordSpread(Body):
    kind: SpreadKind
    dimension: SpreadDimension | None = None
    description: Text
    weighted_displacement_quotient: Annotated[float | None, Field(ge=-1000, le=1000)] = None


class JudgeOutcome(Body):
    outcome: Outcome
    motivation: Text


class RecordLesson(Body):
    lesson: Text


class ApproveAssessment(Body):
    comments: OptionalText = ""
    minutes_reference: OptionalName = None


class ReturnAssessment(Body):
    comments: Text
    minutes_reference: OptionalName = None


class ReopenStage(Enum):
    """The stages a problem can be reopened to (the domain's rule, stated in the contract)."""

    ANALYSIS = Stage.ANALYSIS.value
    RESPONSE = Stage.RESPONSE.value

    @property
    def stage(self) -> Stage:
        return Stage(self.value)


class Reopen(Body):
    """A problem is reopened to analysis or to response, never to another stage."""

    to_stage: ReopenStage
    reason: Text
