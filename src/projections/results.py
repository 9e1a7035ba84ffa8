"""What the views answer: frozen dataclasses the API turns into responses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.sara import ActionStatus, Outcome, Priority, ReviewStatus, Stage
from problemorienterat.domain.situation_picture import Trend

# ---------------------------------------------------------------------------- problem index


@dataclass(frozen=True)
class ProblemSummary:
    """One line of the problem index."""

    problem_id: UUID
    reference: str
    title: str
    stage: Stage
    place: str
    priority: Priority | None
    group_id: UUID | None
    group_name: str | None
    focus_area_id: UUID | None
    focus_area_title: str | None
    last_changed_at: datetime
    next_deadline: date | None
    version: int


@dataclass(frozen=True)
class Page:
    """A page of the index; pass ``next_cursor`` back for the next one (None: no more)."""

    items: tuple[ProblemSummary, ...]
    next_cursor: str | None


# ---------------------------------------------------------------------------- BRÅ overview


@dataclass(frozen=True)
class StageCount:
    stage: Stage
    count: int


@dataclass(frozen=True)
class GroupCount:
    """Problems per working group (``group_id`` None: not yet assigned)."""

    group_id: UUID | None
    group_name: str | None
    open_problems: int
    problems: int


@dataclass(frozen=True)
class FocusAreaCount:
    """Problems per focus area (``focus_area_id`` None: linked to none)."""

    focus_area_id: UUID | None
    focus_area_title: str | None
    open_problems: int
    problems: int


@dataclass(frozen=True)
class AwaitingReview:
    """An assessment submitted to lokala BRÅ and not yet decided."""

    problem_id: UUID
    reference: str
    title: str
    group_id: UUID | None
    group_name: str | None
    submitted_at: datetime


@dataclass(frozen=True)
class OverdueAction:
    """An action not completed (or cancelled) by its due date."""

    problem_id: UUID
    reference: str
    problem_title: str
    action_id: UUID
    title: str
    owner: str
    responsible_party: str
    due_date: date
    status: ActionStatus
    days_overdue: int


@dataclass(frozen=True)
class StaleProblem:
    """An open problem nothing has been recorded on for a while."""

    problem_id: UUID
    reference: str
    title: str
    stage: Stage
    last_changed_at: datetime
    days_since_change: int


@dataclass(frozen=True)
class OutcomeCount:
    outcome: Outcome
    count: int


@dataclass(frozen=True)
class Output:
    """What was done (output): actions of the linked problems, activities of the promise."""

    actions_planned: int
    actions_completed: int
    activities_planned: int
    activities_done: int


@dataclass(frozen=True)
class OutcomeTally:
    """What came of it (outcome): the judged outcomes of the linked problems."""

    problems_judged: int
    by_outcome: tuple[OutcomeCount, ...]


@dataclass(frozen=True)
class FocusAreaProgress:
    """One focus area of the current medborgarlöfte: problems, output and outcome apart."""

    focus_area_id: UUID
    title: str
    problems: int
    output: Output
    outcome: OutcomeTally


@dataclass(frozen=True)
class BraOverview:
    """Lokala BRÅ's portfolio for one municipality."""

    municipality: str
    as_of: datetime
    stale_days: int
    by_stage: tuple[StageCount, ...]
    by_group: tuple[GroupCount, ...]
    by_focus_area: tuple[FocusAreaCount, ...]
    awaiting_review: tuple[AwaitingReview, ...]
    overdue_actions: tuple[OverdueAction, ...]
    stale_problems: tuple[StaleProblem, ...]
    citizen_promise_id: UUID | None
    citizen_promise_year: int | None
    focus_areas: tuple[FocusAreaProgress, ...]
    # The three lists hold the most urgent items (a limit); these count them all.
    awaiting_review_total: int = 0
    overdue_actions_total: int = 0
    stale_problems_total: int = 0


# ---------------------------------------------------------------------------- group board


@dataclass(frozen=True)
class BoardProblem:
    problem_id: UUID
    reference: str
    title: str
    stage: Stage
    next_deadline: date | None
    last_changed_at: datetime


@dataclass(frozen=True)
class BoardAction:
    """An open action of one of the group's open problems."""

    problem_id: UUID
    reference: str
    action_id: UUID
    title: str
    owner: str
    responsible_party: str
    due_date: date
    status: ActionStatus
    overdue: bool


@dataclass(frozen=True)
class WaitingItem:
    """Something waiting on the group. ``kind``: ``assessment_returned`` (with lokala BRÅ's
    ``comments``) or ``action_overdue``."""

    kind: str
    problem_id: UUID
    reference: str
    title: str
    comments: str | None
    minutes_reference: str | None
    since: datetime | None
    due_date: date | None


@dataclass(frozen=True)
class GroupBoard:
    """A working group's board. Each list holds at most ``list_limit`` items, the most
    pressing first; the ``*_total`` fields count them all (from the counts the projection
    keeps). ``problems``: per open SARA stage the newest ``list_limit`` (the order of the
    problem index filtered by group and stage, where the rest are); ``next_actions``: the
    open actions with the nearest due date; ``waiting``: returned assessments (oldest
    decision first) then the overdue actions among ``next_actions``."""

    municipality: str
    group_id: UUID
    group_name: str
    group_kind: str
    dissolved: bool
    problems: tuple[BoardProblem, ...]
    next_actions: tuple[BoardAction, ...]
    waiting: tuple[WaitingItem, ...]
    list_limit: int = 50
    problems_total: int = 0
    stage_totals: tuple[StageCount, ...] = ()  # every open stage, empty ones too
    next_actions_total: int = 0
    overdue_actions_total: int = 0
    returned_assessments_total: int = 0
    waiting_total: int = 0  # returned assessments + overdue actions


# ---------------------------------------------------------------------------- follow-up


@dataclass(frozen=True)
class ObservationSummary:
    area: str
    description: str
    trend: Trend
    source: str


@dataclass(frozen=True)
class SituationPictureSummary:
    """The lägesbild the medborgarlöfte builds on."""

    situation_picture_id: UUID
    year: int
    summary: str
    adopted_on: date | None
    observations: tuple[ObservationSummary, ...]


@dataclass(frozen=True)
class FollowUpActivity:
    activity_id: UUID
    description: str
    responsible_organisation: Organisation
    responsible_party: str
    due_date: date | None
    status: ActivityStatus
    status_note: str


@dataclass(frozen=True)
class FollowUpProblem:
    problem_id: UUID
    reference: str
    title: str
    stage: Stage
    review_status: ReviewStatus
    outcome: Outcome | None


@dataclass(frozen=True)
class FollowUpFocusArea:
    """A focus area with its activities, its problems and what the follow-up says of it."""

    focus_area_id: UUID
    title: str
    description: str
    outcome: str | None
    activities: tuple[FollowUpActivity, ...]
    problems: tuple[FollowUpProblem, ...]
    # ``problems`` holds the newest ``list_limit`` (the order of the problem index filtered
    # by focus area); these count them all, and how many have a judged outcome. When the
    # view was asked for some groups' problems only, both count those groups' and
    # ``all_problems_total`` every group's.
    problems_total: int = 0
    problems_judged: int = 0
    all_problems_total: int = 0


@dataclass(frozen=True)
class CitizenPromiseFollowUp:
    """The chain for one year: lägesbild → focus area → medborgarlöfte → activity → problem →
    outcome."""

    municipality: str
    year: int
    citizen_promise_id: UUID
    title: str
    adopted_on: date | None
    followed_up_at: datetime | None
    follow_up_summary: str | None
    situation_picture: SituationPictureSummary | None
    focus_areas: tuple[FollowUpFocusArea, ...]
    list_limit: int = 50


# ---------------------------------------------------------------------------- status


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
