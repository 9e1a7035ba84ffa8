"""The parts a problem's record is made of: CHEERS answers, findings, actions, evaluations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.personal_data import PersonalData
from problemorienterat.domain.sara import (
    ActionKind,
    ActionStatus,
    CheersQuestion,
    Outcome,
    RepeatPattern,
    ReviewStatus,
    SpreadDimension,
    SpreadKind,
    Technique,
    TimeHorizon,
    TriangleSide,
)


@dataclass(frozen=True)
class CheersAnswer:
    """One CHEERS question answered, with the evidence for the answer."""

    question: CheersQuestion
    met: bool
    evidence: str


@dataclass(frozen=True)
class Finding:
    """What the analysis found about one side of the problem triangle, and the private
    persons it names (personal data, each of its own person; none before version 0.2)."""

    finding_id: UUID
    side: TriangleSide
    description: str
    named_persons: tuple[PersonalData, ...] = ()

    def __post_init__(self) -> None:
        # Stored as a JSON list; kept as a tuple so the value stays immutable.
        object.__setattr__(self, "named_persons", tuple(self.named_persons))


@dataclass(frozen=True)
class RepeatPatternNote:
    pattern: RepeatPattern
    description: str


@dataclass(frozen=True)
class DataSource:
    """A source the analysis used, with the date its data was extracted."""

    name: str
    extracted_on: date
    description: str = ""


@dataclass(frozen=True)
class Action:
    """A planned action (åtgärd) of the response, and where it stands."""

    action_id: UUID
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
    status: ActionStatus = ActionStatus.PLANNED
    status_reason: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """Planned or under way: it still has a due date to meet."""
        return self.status in (ActionStatus.PLANNED, ActionStatus.STARTED, ActionStatus.DEVIATED)


@dataclass(frozen=True)
class Effort:
    """Hours and costs a partner put into the response."""

    organisation: Organisation
    partner: str
    hours: float
    cost_sek: float
    action_id: UUID | None = None
    note: str = ""


@dataclass(frozen=True)
class ProcessEvaluation:
    """Was the plan carried out as intended?"""

    summary: str
    carried_out_as_planned: bool


@dataclass(frozen=True)
class Spread:
    """Displacement of the problem, or diffusion of benefits, looked for and found (or not)."""

    kind: SpreadKind
    dimension: SpreadDimension | None
    description: str
    weighted_displacement_quotient: float | None = None


@dataclass(frozen=True)
class OutcomeJudgement:
    outcome: Outcome
    motivation: str


@dataclass(frozen=True)
class ReviewDecision:
    """What lokala BRÅ decided on a submitted assessment."""

    status: ReviewStatus
    comments: str
    decided_by: str
    decided_at: datetime
    minutes_reference: str | None = None
    meeting_id: UUID | None = None  # the meeting of lokala BRÅ that decided, and its §
    paragraph: int | None = None
    decided_on: date | None = None  # the meeting's date: the date of the decision

    @property
    def decision_date(self) -> date:
        """The date of the decision: the meeting's, else the day it was recorded."""
        return self.decided_on or self.decided_at.date()
