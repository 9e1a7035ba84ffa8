"""What the problem page (Ärende) and the review page (Granskning) show, computed from a
problem: the SARA timeline of recorded steps, the baseline-versus-follow-up chart, times in
Swedish local time, and the findings with their named persons as the reader may see them.

Nothing here knows HTTP; the page modules call these and hand the results to templates.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple
from uuid import UUID
from weakref import WeakKeyDictionary

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.errors import NotFoundError, RuleViolation
from problemorienterat.domain.measure import Measure, periods_comparable
from problemorienterat.domain.problem import PROBLEM_STEPS, Problem, stage_entered
from problemorienterat.domain.problem_parts import Effort
from problemorienterat.domain.sara import ActionStatus, Stage, TriangleSide
from problemorienterat.formatting import Moment, moment, number_text, period_text
from problemorienterat.labels import SARA_STAGES, event_label, label
from projections.service import ProjectionService

__all__ = ["Moment", "moment", "number_text"]  # the pages import the time helpers from here

_TIMELINE_STAGE = {
    Stage.CLOSED: Stage.ASSESSMENT,  # reopening a closed problem ends its assessment
    Stage.REJECTED: Stage.SCANNING,
}


@dataclass(frozen=True)
class Step:
    """One recorded event: what was done, a short detail, by whom and when."""

    what: str
    detail: str
    who: str
    organisation: str
    when: Moment


@dataclass(frozen=True)
class StageSteps:
    """The steps recorded while the problem was in one SARA stage: the first and the newest
    ones when there are many (``total`` says how many; the case's Historik has them all)."""

    stage: Stage
    steps: tuple[Step, ...]
    current: bool
    total: int = 0

    @property
    def hidden(self) -> int:
        return max(0, self.total - len(self.steps))


STEPS_SHOWN = 40
"""Steps shown per stage: the first ten and the newest thirty (a case with thousands of
recorded efforts would otherwise be a page of megabytes)."""
FIRST_STEPS_SHOWN = 10


@dataclass(frozen=True)
class EffortTotal:
    """A partner's hours and cost on the response, summed over their recorded efforts."""

    partner: str
    organisation: Organisation
    hours: float
    cost_sek: float
    records: int


def effort_totals(problem: Problem) -> list[EffortTotal]:
    """The efforts per partner (and organisation), in the order they first appear."""
    found: dict[tuple[str, Organisation], list[Effort]] = {}
    for effort in problem.efforts:
        found.setdefault((effort.partner, effort.organisation), []).append(effort)
    return [
        EffortTotal(
            partner,
            organisation,
            sum(e.hours for e in efforts),
            sum(e.cost_sek for e in efforts),
            len(efforts),
        )
        for (partner, organisation), efforts in found.items()
    ]


@dataclass(frozen=True)
class _KeptTimeline:
    version: int
    stage: Stage  # the stage after the last event kept
    steps: dict[Stage, tuple[Step, ...]]


# Per application (its store): the steps of the cases shown most recently.
_TIMELINES: WeakKeyDictionary[ProblemorienteratApp, OrderedDict[UUID, _KeptTimeline]] = (
    WeakKeyDictionary()
)
_TIMELINES_LOCK = threading.Lock()
TIMELINES_KEPT = 256


def case_timeline(application: ProblemorienteratApp, problem: Problem) -> list[StageSteps]:
    """Every event of the problem under the SARA stage it was in when it was recorded (a
    step that moves the problem on, e.g. "Analysen påbörjades", ends the stage it leaves).
    Details name CHEERS questions, sides of the triangle, actions, values and judgements,
    never the private persons a finding names: so the steps of a case's events are kept from
    an earlier view (that outlives no erasure) and only the events recorded since are read,
    and a long case's page does not read and decode its thousands of events on every view."""
    with _TIMELINES_LOCK:
        timelines = _TIMELINES.setdefault(application, OrderedDict())
        kept = timelines.get(problem.id)
    if kept is None or kept.version > problem.version:
        kept = _KeptTimeline(0, Stage.SCANNING, dict.fromkeys(SARA_STAGES, ()))
    new: dict[Stage, list[Step]] = {s: [] for s in SARA_STAGES}
    stage = kept.stage
    events: Iterable[Any] = application.events.get(
        problem.id, gt=kept.version or None, lte=problem.version
    )
    for event in events:
        new[_TIMELINE_STAGE.get(stage, stage)].append(_step(problem, type(event).__name__, event))
        stage = stage_entered(event) or stage
    steps = {s: (*kept.steps[s], *new[s]) for s in SARA_STAGES}
    with _TIMELINES_LOCK:
        timelines[problem.id] = _KeptTimeline(problem.version, stage, steps)
        timelines.move_to_end(problem.id)
        while len(timelines) > TIMELINES_KEPT:
            timelines.popitem(last=False)
    current = _TIMELINE_STAGE.get(problem.stage, problem.stage)
    return [
        StageSteps(
            stage=s,
            steps=tuple(_shown(list(steps[s]))),
            current=s is current and problem.is_open,
            total=len(steps[s]),
        )
        for s in SARA_STAGES
    ]


def _shown(events: list[Any]) -> list[Any]:
    if len(events) <= STEPS_SHOWN:
        return events
    return [*events[:FIRST_STEPS_SHOWN], *events[len(events) - STEPS_SHOWN + FIRST_STEPS_SHOWN :]]


def _step(problem: Problem, kind: str, event: Any) -> Step:
    actor: Actor | None = getattr(event, "actor", None)
    return Step(
        what=event_label(kind),
        detail=_detail(problem, kind, event),
        who=actor.name if actor is not None else "",
        organisation=label(actor.organisation) if actor is not None else "",
        when=moment(event.timestamp),
    )


def _detail(problem: Problem, kind: str, event: Any) -> str:  # noqa: PLR0911 - one per kind
    if kind == "CheersAnswered":
        met = "uppfylld" if event.met else "inte uppfylld"
        return f"{label(event.question)}: {met}"
    if kind == "FindingRecorded":
        return label(event.side)
    if kind in ("Prioritised", "OutcomeJudged"):
        return label(event.priority if kind == "Prioritised" else event.outcome)
    if kind == "ActionPlanned":
        return str(event.action.title)
    if kind in ("ActionStarted", "ActionCompleted", "ActionCancelled", "ActionDeviated"):
        action = problem.actions.get(event.action_id.hex)
        return action.title if action is not None else ""
    if kind in ("BaselineRegistered", "FollowUpRecorded"):
        return measure_text(event.measure)
    if kind == "SpreadRecorded":
        return label(event.spread.kind)
    if kind == "Reopened":
        return f"Till {event.to_stage.label_sv}"
    return ""


def measure_text(measure: Measure) -> str:
    """ "31 klagomål (2025-04-01–2025-09-30)"."""
    value = number_text(measure.value)
    unit = f" {measure.unit}" if measure.unit else ""
    period = period_text(measure.period_start, measure.period_end)
    return f"{value}{unit} ({period})"


# ------------------------------------------------------------------ the chart

CHART_WIDTH = 760
LABEL_WIDTH = 130
BAR_AREA = 400
"""The bars' longest length; the rest of the width holds the value and its unit."""
BAR_HEIGHT = 30
BAR_GAP = 14
TOP = 10


@dataclass(frozen=True)
class Bar:
    """One bar of the chart: its label, value and geometry (SVG user units)."""

    label: str
    period: str
    value: float
    value_text: str
    y: int
    width: int
    baseline: bool


@dataclass(frozen=True)
class MeasureChart:
    """Baseline versus follow-ups on the same indicator, as horizontal bars."""

    indicator: str
    area: str
    unit: str
    bars: tuple[Bar, ...]
    height: int
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def description(self) -> str:
        """The chart in words (its ``aria-label``)."""
        parts = [f"{b.label} {b.period}: {b.value_text}" for b in self.bars]
        return f"{self.indicator}, {self.area}. " + "; ".join(parts) + "."


def measure_chart(problem: Problem) -> MeasureChart | None:
    """The chart when the problem has both a baseline and at least one follow-up."""
    baseline = problem.baseline
    if baseline is None or not problem.follow_ups:
        return None
    measures = [("Nollmätning", baseline, True)] + [
        (f"Uppföljning {i}", m, False) for i, m in enumerate(problem.follow_ups, start=1)
    ]
    largest = max(*(m.value for _, m, _ in measures), 0.0)
    bars = []
    for index, (name, measure, is_baseline) in enumerate(measures):
        width = round(BAR_AREA * max(measure.value, 0.0) / largest) if largest > 0 else 0
        unit = f" {measure.unit}" if measure.unit else ""
        bars.append(
            Bar(
                label=name,
                period=period_text(measure.period_start, measure.period_end),
                value=measure.value,
                value_text=f"{number_text(measure.value)}{unit}",
                y=TOP + index * (BAR_HEIGHT + BAR_GAP),
                width=max(width, 2 if measure.value > 0 else 0),
                baseline=is_baseline,
            )
        )
    height = TOP * 2 + len(bars) * (BAR_HEIGHT + BAR_GAP)
    return MeasureChart(baseline.indicator, baseline.area, baseline.unit, tuple(bars), height)


# ------------------------------------------------------------------ findings


@dataclass(frozen=True)
class FindingLine:
    side: TriangleSide
    description: str
    named_persons: tuple[str, ...]


def findings_by_side(problem: Problem, *, may_see_personal_data: bool) -> list[FindingLine]:
    """The findings in triangle order; the private persons a finding names are shown as
    the API's rule has it: the name to those who may see personal data, "[dold]" to
    others, "[raderad]" once the person is erased."""
    order = {side: index for index, side in enumerate(TriangleSide)}
    return [
        FindingLine(
            side=f.side,
            description=f.description,
            named_persons=tuple(p.shown(visible=may_see_personal_data) for p in f.named_persons),
        )
        for f in sorted(problem.findings, key=lambda f: order[f.side])
    ]


# ------------------------------------------------------------------ what the forms offer


def not_ready(problem: Problem, command: str) -> RuleViolation | None:
    """Why ``command`` cannot be taken yet although it belongs to the problem's present
    state: the domain's own readiness check (``ready`` of :data:`PROBLEM_STEPS`) and the
    rule it breaks; None when it can be taken."""
    ready = PROBLEM_STEPS[command].ready
    if ready is None:
        return None
    try:
        ready(problem)
    except RuleViolation as error:
        return error
    return None


def cheers_gaps(problem: Problem) -> tuple[str, ...]:
    """The CHEERS questions still unanswered or not met, by their Swedish names."""
    return tuple(label(q) for q in (*problem.cheers_missing, *problem.cheers_failed))


class Choice(NamedTuple):
    """One option of a ``<select>``: the value sent and the name shown."""

    value: str
    text: str


def group_choices(
    application: ProblemorienteratApp,
    principal: Principal,
    problem: Problem,
    views: ProjectionService | None,
) -> list[Choice]:
    """The working groups the problem may be given to, by name: a member's own active groups
    of the municipality (as the API allows), every active group of it for lokala BRÅ; not
    the group it already has."""
    if principal.role is Role.MEMBER:
        own = [
            (g.id, g.name)
            for g in application.groups_of(principal.user_id)
            if g.municipality == problem.municipality and not g.is_dissolved
        ]
        named = sorted(own, key=lambda g: g[1].casefold())
    elif views is not None:
        named = [
            (g.group_id, g.name) for g in views.groups(problem.municipality) if not g.dissolved
        ]
    else:
        named = []
    return [Choice(str(group_id), name) for group_id, name in named if group_id != problem.group_id]


@dataclass(frozen=True)
class FocusAreaChoices:
    """The focus areas of the year's medborgarlöfte (``promise_id`` None: none that year)."""

    year: int
    promise_id: str | None
    areas: tuple[Choice, ...]


def focus_area_choices(
    application: ProblemorienteratApp, problem: Problem, year: int
) -> FocusAreaChoices:
    """The focus areas of the municipality's medborgarlöfte of ``year``, by name."""
    try:
        promise = application.find_citizen_promise(problem.municipality, year)
    except NotFoundError:
        return FocusAreaChoices(year, None, ())
    areas = sorted(promise.focus_areas.values(), key=lambda a: a.title.casefold())
    return FocusAreaChoices(
        year,
        str(promise.id),
        tuple(Choice(str(a.focus_area_id), a.title) for a in areas),
    )


@dataclass(frozen=True)
class ActionProgress:
    """How many of the planned actions were carried out (for the process evaluation)."""

    planned: int
    completed: int
    cancelled: int


def action_progress(problem: Problem) -> ActionProgress:
    actions = list(problem.actions.values())
    return ActionProgress(
        planned=len(actions),
        completed=sum(1 for a in actions if a.status is ActionStatus.COMPLETED),
        cancelled=sum(1 for a in actions if a.status is ActionStatus.CANCELLED),
    )


@dataclass(frozen=True)
class PeriodWarning:
    """A follow-up measured over a period much shorter or longer than the baseline's."""

    follow_up: str
    follow_up_days: int
    baseline_days: int

    @property
    def text(self) -> str:
        longer = "längre" if self.follow_up_days > self.baseline_days else "kortare"
        return (
            f"Uppföljningen {self.follow_up} gäller {self.follow_up_days} dagar, nollmätningen "
            f"{self.baseline_days} dagar: perioden är mycket {longer} än nollmätningens, så "
            "värdena är svåra att jämföra."
        )


def period_warnings(problem: Problem) -> list[PeriodWarning]:
    """The follow-ups of this cycle whose period is not comparable with the baseline's
    (the rule: :func:`periods_comparable`)."""
    baseline = problem.baseline
    if baseline is None:
        return []
    return [
        PeriodWarning(measure_text(m), m.days, baseline.days)
        for m in problem.follow_ups[problem.cycle_follow_ups_start :]
        if not periods_comparable(baseline, m)
    ]
