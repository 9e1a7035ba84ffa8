"""The problem and its SARA life cycle: Identifiera · Analysera · Åtgärda · Följa upp.

Its steps are declared once, here: each command with its SARA stage, the roles that may
send it and its rule checks (:data:`PROBLEM_STEPS`, asked by :meth:`Problem.available_commands`);
each event with the SARA stage it belongs to (``sara_stage``) and the stage it enters, if any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from problemorienterat.domain.actor import Actor, Organisation
from problemorienterat.domain.base import (
    MunicipalAggregate,
    new_item_id,
    optional_text,
    require_text,
)
from problemorienterat.domain.errors import (
    ActionStateError,
    AnalysisIncompleteError,
    AssessmentIncompleteError,
    BaselineFixedError,
    CheersIncompleteError,
    ClosedError,
    IndicatorMismatchError,
    InvalidValueError,
    NotFoundError,
    ReviewStateError,
    RuleViolation,
    WrongStageError,
)
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.personal_data import PersonalData
from problemorienterat.domain.problem_parts import (
    Action,
    CheersAnswer,
    DataSource,
    Effort,
    Finding,
    OutcomeJudgement,
    ProcessEvaluation,
    RepeatPatternNote,
    ReviewDecision,
    Spread,
)
from problemorienterat.domain.problem_steps import BRA_ONLY, WRITERS, Steps
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


def _named_person(person: str | PersonalData) -> PersonalData:
    if isinstance(person, PersonalData):
        if person.text is None:
            raise InvalidValueError(
                "An erased person cannot be named again.", field="named_persons"
            )
        return person
    name = require_text("named_persons", person, max_length=200, personal_data=True)
    return PersonalData.of(name)


OPEN_STAGES = (Stage.SCANNING, Stage.ANALYSIS, Stage.RESPONSE, Stage.ASSESSMENT)


@lru_cache(maxsize=4096)  # every command on a problem asks (uuid5 hashes the reference)
def problem_id_for(reference: str) -> UUID:
    """A problem's id follows from its reference: one reference can never name two problems."""
    return uuid5(NAMESPACE_URL, f"problemorienterat:problem:{reference}")


@dataclass(frozen=True)
class MinutedAt:
    """The meeting of lokala BRÅ that took a decision, its § and the meeting's date."""

    meeting_id: UUID
    paragraph: int
    decided_on: date


def _review_minutes(reference: str | None, minuted: MinutedAt | None) -> dict[str, Any]:
    """A review decision's minutes: a meeting and § (then no typed reference), or a typed
    reference, or neither."""
    if minuted is not None:
        return {
            "minutes_reference": None,
            "meeting_id": minuted.meeting_id,
            "paragraph": minuted.paragraph,
            "decided_on": minuted.decided_on,
        }
    return {
        "minutes_reference": optional_text("minutes_reference", reference, max_length=200),
        "meeting_id": None,
        "paragraph": None,
        "decided_on": None,
    }


class NoGroupError(RuleViolation):
    rule = "no-working-group"


PROBLEM_STEPS: Steps[Problem] = Steps()
"""Every command of a problem: its SARA stage, who may send it, and its rule checks."""

ACTION_COMMANDS: dict[str, frozenset[ActionStatus]] = {
    "start_action": frozenset({ActionStatus.PLANNED}),
    "complete_action": frozenset({ActionStatus.STARTED, ActionStatus.DEVIATED}),
    "cancel_action": frozenset({ActionStatus.PLANNED, ActionStatus.STARTED, ActionStatus.DEVIATED}),
    "record_deviation": frozenset({ActionStatus.STARTED, ActionStatus.DEVIATED}),
}
"""The commands on one action, and the statuses of the action each may be taken from."""


class Problem(MunicipalAggregate):
    """A recurring set of related harmful events that the public expects to be addressed."""

    class Event(MunicipalAggregate.Event):
        sara_stage: ClassVar[Stage]  # the SARA stage the event belongs to (its history's part)
        enters: ClassVar[Stage | None] = None  # the stage the problem moves to, if any

    # ------------------------------------------------------------------ events: scanning

    class Identified(MunicipalAggregate.Created):
        sara_stage: ClassVar[Stage] = Stage.SCANNING
        reference: str
        title: str
        description: str
        place: str
        source: ProblemSource
        reported_by: str
        frequency: str | None
        harmed: str | None
        group_id: UUID | None

        def apply(self, problem: Problem) -> None:
            super().apply(problem)
            problem.reference = self.reference
            problem.title = self.title
            problem.description = self.description
            problem.place = self.place
            problem.source = self.source
            problem.reported_by = self.reported_by
            problem.frequency = self.frequency
            problem.harmed = self.harmed
            problem.group_id = self.group_id

    class Reformulated(Event):
        sara_stage = Stage.SCANNING
        title: str
        description: str

        def apply(self, problem: Problem) -> None:
            problem.title = self.title
            problem.description = self.description

    class CheersAnswered(Event):
        sara_stage = Stage.SCANNING
        question: CheersQuestion
        met: bool
        evidence: str

        def apply(self, problem: Problem) -> None:
            problem.cheers[self.question.value] = CheersAnswer(
                self.question, self.met, self.evidence
            )

    class Prioritised(Event):
        sara_stage = Stage.SCANNING
        priority: Priority
        reason: str

        def apply(self, problem: Problem) -> None:
            problem.priority = self.priority
            problem.priority_reason = self.reason

    class Rejected(Event):
        sara_stage = Stage.SCANNING
        enters: ClassVar[Stage] = Stage.REJECTED
        reason: str

        def apply(self, problem: Problem) -> None:
            problem.stage = self.enters
            problem.rejection_reason = self.reason

    class GroupAssigned(Event):
        sara_stage = Stage.SCANNING
        group_id: UUID

        def apply(self, problem: Problem) -> None:
            problem.group_id = self.group_id

    class FocusAreaLinked(Event):
        sara_stage = Stage.SCANNING
        citizen_promise_id: UUID
        focus_area_id: UUID

        def apply(self, problem: Problem) -> None:
            problem.citizen_promise_id = self.citizen_promise_id
            problem.focus_area_id = self.focus_area_id

    class AnalysisStarted(Event):
        sara_stage = Stage.ANALYSIS
        enters: ClassVar[Stage] = Stage.ANALYSIS

        def apply(self, problem: Problem) -> None:
            problem.stage = self.enters

    # ------------------------------------------------------------------ events: analysis

    class FindingRecorded(Event):
        """v2 added ``named_persons``: private persons the finding names (personal data)."""

        sara_stage = Stage.ANALYSIS
        class_version = 2
        finding_id: UUID
        side: TriangleSide
        description: str
        named_persons: tuple[PersonalData, ...]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["named_persons"] = []

        def apply(self, problem: Problem) -> None:
            problem.findings.append(
                Finding(self.finding_id, self.side, self.description, tuple(self.named_persons))
            )

    class RepeatPatternClassified(Event):
        sara_stage = Stage.ANALYSIS
        pattern: RepeatPattern
        description: str

        def apply(self, problem: Problem) -> None:
            problem.repeat_patterns.append(RepeatPatternNote(self.pattern, self.description))

    class DataSourceRecorded(Event):
        sara_stage = Stage.ANALYSIS
        name: str
        extracted_on: date
        description: str

        def apply(self, problem: Problem) -> None:
            problem.data_sources.append(DataSource(self.name, self.extracted_on, self.description))

    class CauseRecorded(Event):
        sara_stage = Stage.ANALYSIS
        description: str

        def apply(self, problem: Problem) -> None:
            problem.causes.append(self.description)

    class CurrentResponseDescribed(Event):
        sara_stage = Stage.ANALYSIS
        description: str

        def apply(self, problem: Problem) -> None:
            problem.current_response = self.description

    class HypothesisStated(Event):
        sara_stage = Stage.ANALYSIS
        hypothesis: str

        def apply(self, problem: Problem) -> None:
            problem.hypothesis = self.hypothesis

    class BaselineRegistered(Event):
        sara_stage = Stage.ANALYSIS
        measure: Measure

        def apply(self, problem: Problem) -> None:
            problem.baseline = self.measure

    class AnalysisCompleted(Event):
        sara_stage = Stage.ANALYSIS
        enters: ClassVar[Stage] = Stage.RESPONSE

        def apply(self, problem: Problem) -> None:
            problem.stage = self.enters

    # ------------------------------------------------------------------ events: response

    class ActionPlanned(Event):
        sara_stage = Stage.RESPONSE
        action: Action

        def apply(self, problem: Problem) -> None:
            problem.actions[self.action.action_id.hex] = self.action

    class ActionStarted(Event):
        sara_stage = Stage.RESPONSE
        action_id: UUID

        def apply(self, problem: Problem) -> None:
            problem._set_action(self.action_id, ActionStatus.STARTED, None, started=self.timestamp)
            if problem.response_started_at is None:
                problem.response_started_at = self.timestamp

    class ActionCompleted(Event):
        sara_stage = Stage.RESPONSE
        action_id: UUID

        def apply(self, problem: Problem) -> None:
            problem._set_action(
                self.action_id, ActionStatus.COMPLETED, None, finished=self.timestamp
            )

    class ActionCancelled(Event):
        sara_stage = Stage.RESPONSE
        action_id: UUID
        reason: str

        def apply(self, problem: Problem) -> None:
            problem._set_action(
                self.action_id, ActionStatus.CANCELLED, self.reason, finished=self.timestamp
            )

    class ActionDeviated(Event):
        sara_stage = Stage.RESPONSE
        action_id: UUID
        reason: str

        def apply(self, problem: Problem) -> None:
            problem._set_action(self.action_id, ActionStatus.DEVIATED, self.reason)

    class EffortRecorded(Event):
        sara_stage = Stage.RESPONSE
        effort: Effort

        def apply(self, problem: Problem) -> None:
            problem.efforts.append(self.effort)

    class AssessmentStarted(Event):
        sara_stage = Stage.RESPONSE
        enters: ClassVar[Stage] = Stage.ASSESSMENT

        def apply(self, problem: Problem) -> None:
            problem.stage = self.enters

    # ------------------------------------------------------------------ events: assessment

    class ProcessEvaluated(Event):
        sara_stage = Stage.ASSESSMENT
        summary: str
        carried_out_as_planned: bool

        def apply(self, problem: Problem) -> None:
            problem.process_evaluation = ProcessEvaluation(
                self.summary, self.carried_out_as_planned
            )

    class FollowUpRecorded(Event):
        sara_stage = Stage.ASSESSMENT
        measure: Measure

        def apply(self, problem: Problem) -> None:
            problem.follow_ups.append(self.measure)

    class SpreadRecorded(Event):
        sara_stage = Stage.ASSESSMENT
        spread: Spread

        def apply(self, problem: Problem) -> None:
            problem.spreads.append(self.spread)

    class OutcomeJudged(Event):
        sara_stage = Stage.ASSESSMENT
        outcome: Outcome
        motivation: str

        def apply(self, problem: Problem) -> None:
            problem.outcome = OutcomeJudgement(self.outcome, self.motivation)

    class LessonRecorded(Event):
        sara_stage = Stage.ASSESSMENT
        lesson: str

        def apply(self, problem: Problem) -> None:
            problem.lessons.append(self.lesson)

    class AssessmentSubmitted(Event):
        sara_stage = Stage.ASSESSMENT

        def apply(self, problem: Problem) -> None:
            problem.review_status = ReviewStatus.SUBMITTED
            problem.submitted_at = self.timestamp

    class AssessmentApproved(Event):
        """v2 added ``minutes_reference`` (where lokala BRÅ minuted the decision); v3 the
        meeting that took the decision, its § and the meeting's date (the decision's date;
        the event's timestamp stays the moment it was recorded)."""

        sara_stage = Stage.ASSESSMENT
        class_version = 3
        comments: str
        minutes_reference: str | None
        meeting_id: UUID | None
        paragraph: int | None
        decided_on: date | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["minutes_reference"] = None

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            state["meeting_id"] = None
            state["paragraph"] = None
            state["decided_on"] = None

        def apply(self, problem: Problem) -> None:
            problem._decide(ReviewStatus.APPROVED, self, self.comments, self.minutes_reference)

    class AssessmentReturned(Event):
        """v2 added ``minutes_reference`` (where lokala BRÅ minuted the decision); v3 the
        meeting that took the decision, its § and the meeting's date (the decision's date;
        the event's timestamp stays the moment it was recorded)."""

        sara_stage = Stage.ASSESSMENT
        class_version = 3
        comments: str
        minutes_reference: str | None
        meeting_id: UUID | None
        paragraph: int | None
        decided_on: date | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["minutes_reference"] = None

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            state["meeting_id"] = None
            state["paragraph"] = None
            state["decided_on"] = None

        def apply(self, problem: Problem) -> None:
            problem._decide(ReviewStatus.RETURNED, self, self.comments, self.minutes_reference)

    class Closed(Event):
        sara_stage = Stage.ASSESSMENT
        enters: ClassVar[Stage] = Stage.CLOSED

        def apply(self, problem: Problem) -> None:
            problem.stage = self.enters
            problem.closed_at = self.timestamp

    class Reopened(Event):
        sara_stage = Stage.ASSESSMENT
        to_stage: Stage
        reason: str

        def apply(self, problem: Problem) -> None:
            problem.stage = self.to_stage
            problem.cycle += 1
            problem.closed_at = None
            problem.submitted_at = None
            problem.review_status = ReviewStatus.NOT_SUBMITTED
            problem.process_evaluation = None
            problem.outcome = None
            problem.cycle_follow_ups_start = len(problem.follow_ups)

    # ------------------------------------------------------------------ state

    def __init__(self) -> None:
        super().__init__()
        self.reference: str = ""
        self.title: str = ""
        self.description: str = ""
        self.place: str = ""
        self.source: ProblemSource = ProblemSource.OTHER
        self.reported_by: str = ""
        self.frequency: str | None = None
        self.harmed: str | None = None
        self.stage: Stage = Stage.SCANNING
        self.group_id: UUID | None = None
        self.citizen_promise_id: UUID | None = None
        self.focus_area_id: UUID | None = None
        self.priority: Priority | None = None
        self.priority_reason: str | None = None
        self.rejection_reason: str | None = None
        self.cheers: dict[str, CheersAnswer] = {}
        self.findings: list[Finding] = []
        self.repeat_patterns: list[RepeatPatternNote] = []
        self.data_sources: list[DataSource] = []
        self.causes: list[str] = []
        self.current_response: str | None = None
        self.hypothesis: str | None = None
        self.baseline: Measure | None = None
        self.actions: dict[str, Action] = {}
        self.efforts: list[Effort] = []
        self.response_started_at: datetime | None = None
        self.process_evaluation: ProcessEvaluation | None = None
        self.follow_ups: list[Measure] = []
        self.spreads: list[Spread] = []
        self.outcome: OutcomeJudgement | None = None
        self.lessons: list[str] = []
        self.review_status: ReviewStatus = ReviewStatus.NOT_SUBMITTED
        self.reviews: list[ReviewDecision] = []
        self.submitted_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.cycle: int = 1
        self.cycle_follow_ups_start: int = 0

    def _set_action(
        self,
        action_id: UUID,
        status: ActionStatus,
        reason: str | None,
        *,
        started: datetime | None = None,
        finished: datetime | None = None,
    ) -> None:
        action = self.actions[action_id.hex]
        self.actions[action_id.hex] = replace(
            action,
            status=status,
            status_reason=reason,
            started_at=started or action.started_at,
            finished_at=finished or action.finished_at,
        )

    def _decide(
        self,
        status: ReviewStatus,
        event: Problem.AssessmentApproved | Problem.AssessmentReturned,
        comments: str,
        minutes_reference: str | None,
    ) -> None:
        self.review_status = status
        self.reviews.append(
            ReviewDecision(
                status,
                comments,
                event.actor.name,
                event.timestamp,
                minutes_reference,
                meeting_id=event.meeting_id,
                paragraph=event.paragraph,
                decided_on=event.decided_on,
            )
        )

    # ------------------------------------------------------------------ derived facts

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def cheers_missing(self) -> list[CheersQuestion]:
        return [q for q in CheersQuestion if q.value not in self.cheers]

    @property
    def cheers_failed(self) -> list[CheersQuestion]:
        answers = self.cheers
        return [q for q in CheersQuestion if q.value in answers and not answers[q.value].met]

    @property
    def analysis_gaps(self) -> list[str]:
        """What the analysis still lacks before a response may be planned."""
        gaps = []
        if not self.findings:
            gaps.append("at least one finding")
        if not self.hypothesis:
            gaps.append("a hypothesis")
        if self.baseline is None:
            gaps.append("a baseline")
        return gaps

    @property
    def assessment_gaps(self) -> list[str]:
        """What the assessment still lacks before it may be submitted to lokala BRÅ."""
        gaps = []
        if self.process_evaluation is None:
            gaps.append("a process evaluation")
        if not self._current_follow_ups:
            gaps.append("a follow-up measure (impact evaluation)")
        if self.outcome is None:
            gaps.append("a judged outcome (impact evaluation)")
        return gaps

    @property
    def _current_follow_ups(self) -> list[Measure]:
        """Follow-ups of this cycle: a reopened problem is followed up anew."""
        return self.follow_ups[self.cycle_follow_ups_start :]

    @property
    def latest_review(self) -> ReviewDecision | None:
        return self.reviews[-1] if self.reviews else None

    @property
    def next_deadline(self) -> date | None:
        """The earliest due date among actions still open."""
        dues = [a.due_date for a in self.actions.values() if a.is_open]
        return min(dues) if dues else None

    def available_commands(self, actor: Actor, *, unready: bool = False) -> list[str]:
        """The commands ``actor``'s role may send now and whose rule checks pass, in
        declaration order. ``unready`` adds those that belong to the present state but wait
        for work not yet done (starting the analysis before CHEERS is complete): a form may
        offer them and explain what is missing when taken."""
        return [
            step.command
            for step in PROBLEM_STEPS.values()
            if actor.role in step.roles
            and (step.belongs_now(self) if unready else step.can_be_taken(self))
        ]

    def action_commands(self, actor: Actor, status: ActionStatus) -> list[str]:
        """The commands ``actor`` may take now on an action that is ``status``."""
        offered = self.available_commands(actor)
        return [c for c, sources in ACTION_COMMANDS.items() if c in offered and status in sources]

    def action(self, action_id: UUID) -> Action:
        try:
            return self.actions[action_id.hex]
        except KeyError:
            raise NotFoundError(
                "The problem has no action with that id.", field="action_id"
            ) from None

    # ------------------------------------------------------------------ rule checks

    def _check_open(self) -> None:
        if self.stage is Stage.CLOSED:
            raise ClosedError("The problem is closed; reopen it to record more.")
        if self.stage is Stage.REJECTED:
            raise ClosedError("The problem was rejected and takes no more steps.")

    def _check_stage(self, stage: Stage, doing: str) -> None:
        self._check_open()
        if self.stage is not stage:
            raise WrongStageError(
                f"{doing} belongs to the {stage.value} stage ({stage.label_sv}); "
                f"the problem is in the {self.stage.value} stage ({self.stage.label_sv})."
            )

    def _check_assessment_editable(self, doing: str) -> None:
        self._check_stage(Stage.ASSESSMENT, doing)
        if self.review_status is ReviewStatus.SUBMITTED:
            raise ReviewStateError(
                "The assessment is with lokala BRÅ for review; wait for its decision."
            )
        if self.review_status is ReviewStatus.APPROVED:
            raise ReviewStateError(
                "The assessment has been approved; reopen the problem to change it."
            )

    def _check_response_allowed(self, doing: str) -> None:
        self._check_open()
        if self.stage in (Stage.SCANNING, Stage.ANALYSIS):
            raise AnalysisIncompleteError(
                f"{doing} is not possible before the analysis is completed with at least "
                "one finding, a hypothesis and a baseline."
            )
        self._check_stage(Stage.RESPONSE, doing)

    def _check_ready_for_analysis(self) -> None:
        if self.cheers_missing:
            missing = ", ".join(q.value for q in self.cheers_missing)
            raise CheersIncompleteError(
                "The analysis cannot start before all six CHEERS questions are answered; "
                f"unanswered: {missing}."
            )
        if self.cheers_failed:
            failed = ", ".join(q.value for q in self.cheers_failed)
            raise CheersIncompleteError(
                f"The problem does not pass CHEERS ({failed} not met); a problem that fails "
                "CHEERS is rejected or reformulated, not analysed."
            )
        if self.group_id is None:
            raise NoGroupError("Assign the problem to a working group before the analysis starts.")

    def _check_baseline_open(self) -> None:
        self._check_open()
        if self.response_started_at is not None:
            raise BaselineFixedError(
                "The baseline is fixed once a response has started; "
                "the follow-up must be compared with the baseline as registered."
            )
        if self.stage not in (Stage.ANALYSIS, Stage.RESPONSE):
            raise WrongStageError(
                "The baseline is registered in the analysis stage (Analysera); "
                f"the problem is in the {self.stage.value} stage ({self.stage.label_sv})."
            )

    def _check_reviewable(self) -> None:
        self._check_stage(Stage.ASSESSMENT, "Reviewing an assessment")
        if self.review_status is not ReviewStatus.SUBMITTED:
            raise ReviewStateError("Only a submitted assessment can be reviewed.")

    def _check_closable(self) -> None:
        self._check_open()
        if self.review_status is not ReviewStatus.APPROVED:
            raise ReviewStateError(
                "Only an assessment approved by lokala BRÅ allows closing the problem."
            )

    def _check_reopenable(self) -> None:
        if self.stage not in (Stage.ASSESSMENT, Stage.CLOSED):
            raise WrongStageError(
                "Only a problem in assessment (Följa upp) or closed can be reopened."
            )
        if self.review_status is ReviewStatus.SUBMITTED:
            raise ReviewStateError(
                "The assessment is with lokala BRÅ for review; wait for its decision."
            )

    def _check_analysis_complete(self) -> None:
        if self.analysis_gaps:
            raise AnalysisIncompleteError(
                "The analysis cannot be completed without " + ", ".join(self.analysis_gaps) + "."
            )

    def _check_effort_stage(self) -> None:
        self._check_open()
        if self.stage not in (Stage.RESPONSE, Stage.ASSESSMENT):
            raise WrongStageError("Effort is recorded for the response (Åtgärda).")

    def _check_response_started(self) -> None:
        if self.response_started_at is None:
            raise RuleViolation(
                "The assessment follows up a response: start at least one action first."
            )

    def _check_assessment_complete(self) -> None:
        if self.assessment_gaps:
            raise AssessmentIncompleteError(
                "The assessment cannot be submitted without "
                + ", ".join(self.assessment_gaps)
                + "."
            )

    # ------------------------------------------------------------------ commands: scanning

    @classmethod
    def identify(
        cls,
        actor: Actor,
        *,
        id: UUID,  # noqa: A002 - the library's name for an aggregate's id
        municipality: str,
        reference: str,
        title: str,
        description: str,
        place: str,
        source: ProblemSource,
        reported_by: str,
        frequency: str | None = None,
        harmed: str | None = None,
        group_id: UUID | None = None,
    ) -> Problem:
        """Record a newly identified problem. It starts in the scanning stage (Identifiera)."""
        return cls._create(
            cls.Identified,
            id=id,
            actor=actor,
            municipality=municipality,
            reference=reference,
            title=require_text("title", title, max_length=200),
            description=require_text("description", description),
            place=require_text("place", place, max_length=200),
            source=source,
            reported_by=require_text("reported_by", reported_by, max_length=200),
            frequency=optional_text("frequency", frequency, max_length=500),
            harmed=optional_text("harmed", harmed, max_length=500),
            group_id=group_id,
        )

    @PROBLEM_STEPS.command(
        Stage.SCANNING, WRITERS, lambda p: p._check_stage(Stage.SCANNING, "Reformulating a problem")
    )
    def reformulate(self, actor: Actor, *, title: str, description: str) -> None:
        """Restate the problem during scanning, e.g. after it failed CHEERS."""
        self.record(
            self.Reformulated,
            actor,
            title=require_text("title", title, max_length=200),
            description=require_text("description", description),
        )

    @PROBLEM_STEPS.command(
        Stage.SCANNING, WRITERS, lambda p: p._check_stage(Stage.SCANNING, "Answering CHEERS")
    )
    def answer_cheers(
        self, actor: Actor, *, question: CheersQuestion, met: bool, evidence: str
    ) -> None:
        """Answer one of the six CHEERS questions with evidence (a later answer replaces it)."""
        self.record(
            self.CheersAnswered,
            actor,
            question=question,
            met=met,
            evidence=require_text("evidence", evidence),
        )

    @PROBLEM_STEPS.command(Stage.SCANNING, WRITERS, _check_open)
    def prioritise(self, actor: Actor, *, priority: Priority, reason: str) -> None:
        self.record(
            self.Prioritised, actor, priority=priority, reason=require_text("reason", reason)
        )

    @PROBLEM_STEPS.command(
        Stage.SCANNING, WRITERS, lambda p: p._check_stage(Stage.SCANNING, "Rejecting a problem")
    )
    def reject(self, actor: Actor, *, reason: str) -> None:
        """Reject a problem that does not pass CHEERS or is not ours to solve."""
        self.record(self.Rejected, actor, reason=require_text("reason", reason))

    @PROBLEM_STEPS.command(Stage.SCANNING, WRITERS, _check_open)
    def assign_group(self, actor: Actor, *, group_id: UUID) -> None:
        if group_id == self.group_id:
            raise RuleViolation("The problem is already assigned to that working group.")
        self.record(self.GroupAssigned, actor, group_id=group_id)

    @PROBLEM_STEPS.command(Stage.SCANNING, WRITERS, _check_open)
    def link_focus_area(
        self, actor: Actor, *, citizen_promise_id: UUID, focus_area_id: UUID
    ) -> None:
        self.record(
            self.FocusAreaLinked,
            actor,
            citizen_promise_id=citizen_promise_id,
            focus_area_id=focus_area_id,
        )

    @PROBLEM_STEPS.command(
        Stage.SCANNING,
        WRITERS,
        lambda p: p._check_stage(Stage.SCANNING, "Starting the analysis"),
        _check_ready_for_analysis,
    )
    def start_analysis(self, actor: Actor) -> None:
        """Move to analysis (Analysera): all six CHEERS answers met, and a group to do it."""
        self.record(self.AnalysisStarted, actor)

    # ------------------------------------------------------------------ commands: analysis

    @PROBLEM_STEPS.command(
        Stage.ANALYSIS, WRITERS, lambda p: p._check_stage(Stage.ANALYSIS, "Recording a finding")
    )
    def record_finding(
        self,
        actor: Actor,
        *,
        side: TriangleSide,
        description: str,
        named_persons: Sequence[str | PersonalData] = (),
    ) -> UUID:
        """Record a finding; ``named_persons`` are private persons it names (a name for a new
        person, or personal data of a person already known), kept as personal data only."""
        finding_id = new_item_id()
        self.record(
            self.FindingRecorded,
            actor,
            finding_id=finding_id,
            side=side,
            description=require_text("description", description),
            named_persons=tuple(_named_person(p) for p in named_persons),
        )
        return finding_id

    def personal_data_subjects(self) -> set[UUID]:
        """Every person (data subject) the problem's record holds personal data about."""
        return {p.subject_id for f in self.findings for p in f.named_persons}

    @PROBLEM_STEPS.command(
        Stage.ANALYSIS,
        WRITERS,
        lambda p: p._check_stage(Stage.ANALYSIS, "Classifying a repeat pattern"),
    )
    def classify_repeat_pattern(
        self, actor: Actor, *, pattern: RepeatPattern, description: str
    ) -> None:
        self.record(
            self.RepeatPatternClassified,
            actor,
            pattern=pattern,
            description=require_text("description", description),
        )

    @PROBLEM_STEPS.command(
        Stage.ANALYSIS, WRITERS, lambda p: p._check_stage(Stage.ANALYSIS, "Recording a data source")
    )
    def record_data_source(
        self, actor: Actor, *, name: str, extracted_on: date, description: str = ""
    ) -> None:
        self.record(
            self.DataSourceRecorded,
            actor,
            name=require_text("name", name, max_length=200),
            extracted_on=extracted_on,
            description=optional_text("description", description) or "",
        )

    @PROBLEM_STEPS.command(
        Stage.ANALYSIS, WRITERS, lambda p: p._check_stage(Stage.ANALYSIS, "Recording a cause")
    )
    def record_cause(self, actor: Actor, *, description: str) -> None:
        self.record(self.CauseRecorded, actor, description=require_text("description", description))

    @PROBLEM_STEPS.command(
        Stage.ANALYSIS,
        WRITERS,
        lambda p: p._check_stage(Stage.ANALYSIS, "Describing the current response"),
    )
    def describe_current_response(self, actor: Actor, *, description: str) -> None:
        """What is done about the problem today, and its limits."""
        self.record(
            self.CurrentResponseDescribed,
            actor,
            description=require_text("description", description),
        )

    @PROBLEM_STEPS.command(
        Stage.ANALYSIS, WRITERS, lambda p: p._check_stage(Stage.ANALYSIS, "Stating a hypothesis")
    )
    def state_hypothesis(self, actor: Actor, *, hypothesis: str) -> None:
        self.record(self.HypothesisStated, actor, hypothesis=require_text("hypothesis", hypothesis))

    @PROBLEM_STEPS.command(Stage.ANALYSIS, WRITERS, _check_baseline_open)
    def register_baseline(self, actor: Actor, *, measure: Measure) -> None:
        """Register the baseline; it may be corrected until the first action starts."""
        self.record(self.BaselineRegistered, actor, measure=measure)

    @PROBLEM_STEPS.command(
        Stage.ANALYSIS,
        WRITERS,
        lambda p: p._check_stage(Stage.ANALYSIS, "Completing the analysis"),
        _check_analysis_complete,
    )
    def complete_analysis(self, actor: Actor) -> None:
        """Close the analysis and move to the response stage (Åtgärda)."""
        self.record(self.AnalysisCompleted, actor)

    # ------------------------------------------------------------------ commands: response

    @PROBLEM_STEPS.command(
        Stage.RESPONSE, WRITERS, lambda p: p._check_response_allowed("Planning an action")
    )
    def plan_action(
        self,
        actor: Actor,
        *,
        title: str,
        responsible_organisation: Organisation,
        responsible_party: str,
        owner: str,
        start_date: date,
        due_date: date,
        objective: str,
        mechanism: str,
        kind: ActionKind,
        technique: Technique | None,
        horizon: TimeHorizon,
    ) -> UUID:
        """Plan an action. A situational action names one of the 25 techniques."""
        if due_date < start_date:
            raise InvalidValueError("The due date is before the start date.", field="due_date")
        if kind is ActionKind.SITUATIONAL and technique is None:
            raise InvalidValueError(
                "A situational action names which of the 25 techniques it uses.",
                field="technique",
            )
        if kind is ActionKind.SOCIAL and technique is not None:
            raise InvalidValueError(
                "The 25 techniques are situational; a social action has none.",
                field="technique",
            )
        action = Action(
            action_id=new_item_id(),
            title=require_text("title", title, max_length=200),
            responsible_organisation=responsible_organisation,
            responsible_party=require_text("responsible_party", responsible_party, max_length=200),
            owner=require_text("owner", owner, max_length=200),
            start_date=start_date,
            due_date=due_date,
            objective=require_text("objective", objective),
            mechanism=require_text("mechanism", mechanism),
            kind=kind,
            technique=technique,
            horizon=horizon,
        )
        self.record(self.ActionPlanned, actor, action=action)
        return action.action_id

    @PROBLEM_STEPS.command(
        Stage.RESPONSE, WRITERS, lambda p: p._check_response_allowed("Starting an action")
    )
    def start_action(self, actor: Actor, *, action_id: UUID) -> None:
        self._check_action_status(action_id, "start_action", "started")
        self.record(self.ActionStarted, actor, action_id=action_id)

    @PROBLEM_STEPS.command(
        Stage.RESPONSE, WRITERS, lambda p: p._check_response_allowed("Completing an action")
    )
    def complete_action(self, actor: Actor, *, action_id: UUID) -> None:
        self._check_action_status(action_id, "complete_action", "completed")
        self.record(self.ActionCompleted, actor, action_id=action_id)

    @PROBLEM_STEPS.command(
        Stage.RESPONSE, WRITERS, lambda p: p._check_response_allowed("Cancelling an action")
    )
    def cancel_action(self, actor: Actor, *, action_id: UUID, reason: str) -> None:
        self._check_action_status(action_id, "cancel_action", "cancelled")
        self.record(
            self.ActionCancelled, actor, action_id=action_id, reason=require_text("reason", reason)
        )

    @PROBLEM_STEPS.command(
        Stage.RESPONSE, WRITERS, lambda p: p._check_response_allowed("Recording a deviation")
    )
    def record_deviation(self, actor: Actor, *, action_id: UUID, reason: str) -> None:
        """The action goes on, but not as planned (late, changed, smaller)."""
        self._check_action_status(action_id, "record_deviation", "marked as deviated")
        self.record(
            self.ActionDeviated, actor, action_id=action_id, reason=require_text("reason", reason)
        )

    def _check_action_status(self, action_id: UUID, command: str, becoming: str) -> None:
        action = self.action(action_id)
        if action.status not in ACTION_COMMANDS[command]:
            raise ActionStateError(f"An action that is {action.status.value} cannot be {becoming}.")

    @PROBLEM_STEPS.command(Stage.RESPONSE, WRITERS, _check_effort_stage)
    def record_effort(
        self,
        actor: Actor,
        *,
        organisation: Organisation,
        partner: str,
        hours: float,
        cost_sek: float,
        action_id: UUID | None = None,
        note: str = "",
    ) -> None:
        """Record what a partner put in (hours, costs), so each contribution is visible."""
        if hours < 0 or cost_sek < 0:
            raise InvalidValueError("Hours and costs cannot be negative.", field="hours")
        if action_id is not None:
            self.action(action_id)
        effort = Effort(
            organisation=organisation,
            partner=require_text("partner", partner, max_length=200),
            hours=float(hours),
            cost_sek=float(cost_sek),
            action_id=action_id,
            note=optional_text("note", note) or "",
        )
        self.record(self.EffortRecorded, actor, effort=effort)

    @PROBLEM_STEPS.command(
        Stage.RESPONSE,
        WRITERS,
        lambda p: p._check_stage(Stage.RESPONSE, "Starting the assessment"),
        _check_response_started,
    )
    def start_assessment(self, actor: Actor) -> None:
        """Move to assessment (Följa upp) once at least one action has been started."""
        self.record(self.AssessmentStarted, actor)

    # ------------------------------------------------------------------ commands: assessment

    @PROBLEM_STEPS.command(
        Stage.ASSESSMENT, WRITERS, lambda p: p._check_assessment_editable("Evaluating the process")
    )
    def evaluate_process(self, actor: Actor, *, summary: str, carried_out_as_planned: bool) -> None:
        self.record(
            self.ProcessEvaluated,
            actor,
            summary=require_text("summary", summary),
            carried_out_as_planned=carried_out_as_planned,
        )

    @PROBLEM_STEPS.command(
        Stage.ASSESSMENT, WRITERS, lambda p: p._check_assessment_editable("Recording a follow-up")
    )
    def record_follow_up(self, actor: Actor, *, measure: Measure) -> None:
        """Measure again with the baseline's indicator over a comparable, later period."""
        baseline = self.baseline
        assert baseline is not None  # guaranteed: the analysis was completed with one
        if not measure.same_indicator(baseline):
            raise IndicatorMismatchError(
                f"A follow-up uses the baseline's indicator ('{baseline.indicator}'); "
                f"this one measures '{measure.indicator}'."
            )
        if measure.period_start <= baseline.period_end:
            raise IndicatorMismatchError(
                "The follow-up period must come after the baseline period, "
                f"which ends {baseline.period_end.isoformat()}."
            )
        self.record(self.FollowUpRecorded, actor, measure=measure)

    @PROBLEM_STEPS.command(
        Stage.ASSESSMENT,
        WRITERS,
        lambda p: p._check_assessment_editable("Recording displacement or diffusion"),
    )
    def record_spread(
        self,
        actor: Actor,
        *,
        kind: SpreadKind,
        dimension: SpreadDimension | None,
        description: str,
        weighted_displacement_quotient: float | None = None,
    ) -> None:
        """Record displacement or diffusion of benefits looked for (and what was found)."""
        if kind is not SpreadKind.NONE_FOUND and dimension is None:
            raise InvalidValueError(
                "Say where it spread: place, time, target, method or offence.", field="dimension"
            )
        spread = Spread(
            kind=kind,
            dimension=dimension,
            description=require_text("description", description),
            weighted_displacement_quotient=weighted_displacement_quotient,
        )
        self.record(self.SpreadRecorded, actor, spread=spread)

    @PROBLEM_STEPS.command(
        Stage.ASSESSMENT, WRITERS, lambda p: p._check_assessment_editable("Judging the outcome")
    )
    def judge_outcome(self, actor: Actor, *, outcome: Outcome, motivation: str) -> None:
        self.record(
            self.OutcomeJudged,
            actor,
            outcome=outcome,
            motivation=require_text("motivation", motivation),
        )

    @PROBLEM_STEPS.command(Stage.ASSESSMENT, WRITERS, _check_open)
    def record_lesson(self, actor: Actor, *, lesson: str) -> None:
        """Lessons learned, failures included; may be recorded at any open stage."""
        self.record(self.LessonRecorded, actor, lesson=require_text("lesson", lesson))

    @PROBLEM_STEPS.command(
        Stage.ASSESSMENT,
        WRITERS,
        lambda p: p._check_assessment_editable("Submitting the assessment"),
        _check_assessment_complete,
    )
    def submit_assessment(self, actor: Actor) -> None:
        """Send the assessment to lokala BRÅ for review."""
        self.record(self.AssessmentSubmitted, actor)

    @PROBLEM_STEPS.command(Stage.ASSESSMENT, BRA_ONLY, _check_reviewable)
    def approve_assessment(
        self,
        actor: Actor,
        *,
        comments: str = "",
        minutes_reference: str | None = None,
        minuted: MinutedAt | None = None,
    ) -> None:
        """Lokala BRÅ approves; ``minutes_reference`` says where (e.g. "BRÅ 2026-03-12 § 4"),
        or ``minuted`` names the meeting and § that took the decision."""
        self.record(
            self.AssessmentApproved,
            actor,
            comments=optional_text("comments", comments) or "",
            **_review_minutes(minutes_reference, minuted),
        )

    @PROBLEM_STEPS.command(Stage.ASSESSMENT, BRA_ONLY, _check_reviewable)
    def return_assessment(
        self,
        actor: Actor,
        *,
        comments: str,
        minutes_reference: str | None = None,
        minuted: MinutedAt | None = None,
    ) -> None:
        """Send the assessment back to the group, with lokala BRÅ's comments."""
        self.record(
            self.AssessmentReturned,
            actor,
            comments=require_text("comments", comments),
            **_review_minutes(minutes_reference, minuted),
        )

    @PROBLEM_STEPS.command(Stage.ASSESSMENT, WRITERS, _check_closable)
    def close(self, actor: Actor) -> None:
        self.record(self.Closed, actor)

    @PROBLEM_STEPS.command(Stage.ASSESSMENT, WRITERS, _check_reopenable)
    def reopen(self, actor: Actor, *, to_stage: Stage, reason: str) -> None:
        """Send the problem back to analysis or response, from assessment or after closing."""
        if to_stage not in (Stage.ANALYSIS, Stage.RESPONSE):
            raise InvalidValueError(
                "A problem is reopened to analysis or to response.", field="to_stage"
            )
        self.record(self.Reopened, actor, to_stage=to_stage, reason=require_text("reason", reason))


PROBLEM_STEPS.creation("identify", Stage.SCANNING, WRITERS)

PROBLEM_EVENTS: dict[str, type[MunicipalAggregate.Event]] = {
    name: cls
    for name, cls in vars(Problem).items()
    if isinstance(cls, type)
    and issubclass(cls, MunicipalAggregate.Event)
    and cls not in (Problem.Event, Problem.Created)  # the base, and the library's own
}
"""Every event a problem records, by its type name (as histories and exports name it)."""


def event_stage(event_type: str) -> Stage | None:
    """The SARA stage an event of that type belongs to (None: not a problem's event)."""
    stage = getattr(PROBLEM_EVENTS.get(event_type), "sara_stage", None)
    return stage if isinstance(stage, Stage) else None


def stage_entered(event: MunicipalAggregate.Event) -> Stage | None:
    """The stage a problem moves to with ``event`` (None: it stays where it is)."""
    if isinstance(event, Problem.Reopened):
        return event.to_stage
    entered = getattr(type(event), "enters", None)
    return entered if isinstance(entered, Stage) else None
