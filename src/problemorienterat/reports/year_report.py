"""The year's report, "Uppföljning av medborgarlöftet och det brottsförebyggande arbetet ÅR":
a pure data model built from a municipality's aggregates as they stood at one moment.

:func:`build_year_report` loads the year's lägesbild and medborgarlöfte and every problem of
the municipality, each as it was at ``as_of`` (:meth:`state_as_of`; what did not exist yet is
left out), and computes the sections: the lägesbild's observations, the focus areas with
their activities done and not done, the problems per SARA stage, what was tried (the 25
techniques and the social actions), the outcomes judged against the baselines, displacement,
lessons, and the effort in hours and cost per partner. Everything is named (references,
titles, group names, Swedish labels), never an id, and sorted, so the same ``as_of`` gives
the same report: an auditor regenerates last year's report as the BRÅ saw it then.

A problem belongs to the year's report when it was identified by the end of the year (its
reference's year) and was not closed or rejected before the year began, or when it is linked
to a focus area of the year's medborgarlöfte.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from problemorienterat.domain.base import MunicipalAggregate
from problemorienterat.domain.citizen_promise import (
    ActivityStatus,
    CitizenPromise,
    citizen_promise_id,
)
from problemorienterat.domain.measure import Measure, periods_comparable
from problemorienterat.domain.municipality import Municipality, municipality_id
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ActionKind, ActionStatus, Stage, Technique
from problemorienterat.domain.situation_picture import SituationPicture, situation_picture_id
from problemorienterat.domain.working_group import WorkingGroup
from problemorienterat.formatting import LOCAL_TIME
from problemorienterat.labels import SARA_STAGES, label
from problemorienterat.reports.figure_chart import FigureChart, figure_chart, value_text

if TYPE_CHECKING:
    from problemorienterat.application import ProblemorienteratApp

A = TypeVar("A", bound=MunicipalAggregate)


TECHNIQUE_CATEGORY_LABELS = {
    "increase_effort": "Öka ansträngningen",
    "increase_risk": "Öka risken",
    "reduce_rewards": "Minska vinsten",
    "reduce_provocations": "Minska provokationerna",
    "remove_excuses": "Ta bort ursäkterna",
}


def report_title(year: int) -> str:
    return f"Uppföljning av medborgarlöftet och det brottsförebyggande arbetet {year}"


# ------------------------------------------------------------------ the model


@dataclass(frozen=True)
class ObservationLine:
    """One observation of the lägesbild: the area, what is seen, the trend, the source, and
    its figures (an indicator's numbers per period, each with its chart)."""

    area: str
    description: str
    trend: str
    source: str
    figures: tuple[FigureLine, ...] = ()


@dataclass(frozen=True)
class FigureLine:
    """One indicator's series: its numbers per period, written in Swedish, and its chart."""

    indicator: str
    unit: str
    points: tuple[tuple[str, str], ...]  # (period, value as written)
    chart: FigureChart


@dataclass(frozen=True)
class SituationPictureSection:
    """The year's lägesbild as it stood then."""

    summary: str
    adopted_on: date | None
    observations: tuple[ObservationLine, ...]


@dataclass(frozen=True)
class ActivityLine:
    """An activity of the action plan and where it stands."""

    description: str
    responsible: str
    due_date: date | None
    status: str
    done: bool
    note: str


@dataclass(frozen=True)
class FocusAreaSection:
    """A focus area: what it is, its activities, the problems linked to it, and the
    follow-up's word on it."""

    title: str
    description: str
    outcome: str | None
    activities: tuple[ActivityLine, ...]
    problems: tuple[str, ...]  # "KUN-2026-0001 Bostadsinbrott i Valla"

    @property
    def activities_done(self) -> int:
        return sum(1 for a in self.activities if a.done)

    @property
    def activities_not_done(self) -> int:
        return len(self.activities) - self.activities_done


@dataclass(frozen=True)
class CitizenPromiseSection:
    title: str
    adopted_on: date | None
    follow_up_summary: str | None
    focus_areas: tuple[FocusAreaSection, ...]


@dataclass(frozen=True)
class ProblemLine:
    reference: str
    title: str
    group: str
    focus_area: str


@dataclass(frozen=True)
class StageSection:
    """The year's problems standing in one stage, and what still stands in their way (open
    actions past their due date, the gaps of the analysis or assessment)."""

    stage: str
    problems: tuple[ProblemLine, ...]
    obstacles: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.problems)


@dataclass(frozen=True)
class TechniqueLine:
    """One of the 25 situational techniques the year's actions used."""

    number: int
    technique: str
    category: str
    actions: int
    completed: int


@dataclass(frozen=True)
class SocialActionLine:
    problem: str
    title: str
    status: str
    completed: bool


@dataclass(frozen=True)
class MethodsSection:
    techniques: tuple[TechniqueLine, ...]
    social_actions: tuple[SocialActionLine, ...]
    actions_by_status: tuple[tuple[str, int], ...]

    @property
    def actions(self) -> int:
        return sum(count for _, count in self.actions_by_status)


@dataclass(frozen=True)
class OutcomeLine:
    """A problem's baseline against its latest follow-up, and the outcome judged."""

    problem: str
    focus_area: str
    indicator: str
    area: str
    unit: str
    baseline: float
    baseline_period: tuple[date, date]
    follow_up: float | None
    follow_up_period: tuple[date, date] | None
    comparable: bool
    outcome: str
    motivation: str

    @property
    def change_percent(self) -> float | None:
        """The follow-up's change from the baseline in per cent (None without both)."""
        if self.follow_up is None or self.baseline == 0:
            return None
        return round((self.follow_up - self.baseline) / self.baseline * 100, 1)


@dataclass(frozen=True)
class SpreadLine:
    problem: str
    kind: str
    dimension: str
    description: str
    weighted_displacement_quotient: float | None


@dataclass(frozen=True)
class LessonLine:
    problem: str
    lesson: str


@dataclass(frozen=True)
class EffortLine:
    """Hours and cost a partner put into the year's problems."""

    organisation: str
    partner: str
    hours: float
    cost_sek: float


@dataclass(frozen=True)
class YearReport:
    municipality_code: str
    municipality: str
    year: int
    as_of: datetime
    situation_picture: SituationPictureSection | None
    citizen_promise: CitizenPromiseSection | None
    stages: tuple[StageSection, ...]
    methods: MethodsSection
    outcomes: tuple[OutcomeLine, ...]
    spreads: tuple[SpreadLine, ...]
    lessons: tuple[LessonLine, ...]
    efforts: tuple[EffortLine, ...]

    @property
    def title(self) -> str:
        return report_title(self.year)

    @property
    def problems(self) -> int:
        return sum(s.count for s in self.stages)

    @property
    def hours(self) -> float:
        return sum(e.hours for e in self.efforts)

    @property
    def cost_sek(self) -> float:
        return sum(e.cost_sek for e in self.efforts)


# ------------------------------------------------------------------ building it


def build_year_report(
    app: ProblemorienteratApp, municipality: str, year: int, *, as_of: datetime | None = None
) -> YearReport:
    """The report of ``municipality``'s ``year`` as the store stood at ``as_of`` (now by
    default)."""
    moment = as_of or datetime.now(UTC)
    loader = _AsOf(app, moment)
    place = loader.load(Municipality, municipality_id(municipality))
    picture = loader.load(SituationPicture, situation_picture_id(municipality, year))
    promise = loader.load(CitizenPromise, citizen_promise_id(municipality, year))
    problems = [p for p in loader.problems(municipality) if _of_the_year(p, year, promise)]
    problems.sort(key=lambda p: p.reference)
    names = _Names(loader, promise)
    return YearReport(
        municipality_code=municipality,
        municipality=place.name if place is not None else municipality,
        year=year,
        as_of=moment,
        situation_picture=situation_picture_section(picture) if picture else None,
        citizen_promise=_promise_section(promise, problems) if promise else None,
        stages=_stage_sections(problems, names, moment.date()),
        methods=_methods(problems),
        outcomes=_outcomes(problems, names),
        spreads=_spreads(problems),
        lessons=tuple(LessonLine(_name(p), lesson) for p in problems for lesson in p.lessons),
        efforts=_efforts(problems),
    )


def situation_picture_section(picture: SituationPicture) -> SituationPictureSection:
    """The lägesbild's part of the report: its summary and observations (by area), each
    with its figure series and their charts."""
    observations = sorted(
        picture.observations.values(), key=lambda o: (o.area.casefold(), o.description)
    )
    return SituationPictureSection(
        summary=picture.summary,
        adopted_on=picture.adopted_on,
        observations=tuple(
            ObservationLine(
                o.area,
                o.description,
                label(o.trend),
                o.source,
                tuple(
                    FigureLine(
                        s.indicator,
                        label(s.unit),
                        tuple((p.period, value_text(s.unit, p.value)) for p in s.points),
                        figure_chart(s),
                    )
                    for s in picture.figures_of(o.observation_id)
                ),
            )
            for o in observations
        ),
    )


class _AsOf:
    """Loads aggregates as they were at one moment (None: not yet recorded then), through
    the application's as-of reads (:mod:`problemorienterat.application.as_of`)."""

    def __init__(self, app: ProblemorienteratApp, moment: datetime) -> None:
        self.app = app
        self.moment = moment

    def load(self, cls: type[A], aggregate_id: UUID) -> A | None:
        return self.app.one_as_of(cls, aggregate_id, at=self.moment)

    def problems(self, municipality: str) -> list[Problem]:
        """Every problem of the municipality identified at or before the moment."""
        return self.app.aggregates_as_of(Problem, municipality, at=self.moment)


class _Names:
    """Group names and focus area titles as they were then."""

    def __init__(self, loader: _AsOf, promise: CitizenPromise | None) -> None:
        self.loader = loader
        self.groups: dict[UUID, str] = {}
        self.promises: dict[UUID, CitizenPromise | None] = {}
        if promise is not None:
            self.promises[promise.id] = promise

    def group(self, group_id: UUID | None) -> str:
        if group_id is None:
            return ""
        if group_id not in self.groups:
            group = self.loader.load(WorkingGroup, group_id)
            self.groups[group_id] = group.name if group is not None else ""
        return self.groups[group_id]

    def focus_area(self, problem: Problem) -> str:
        if problem.citizen_promise_id is None or problem.focus_area_id is None:
            return ""
        promise_id = problem.citizen_promise_id
        if promise_id not in self.promises:
            self.promises[promise_id] = self.loader.load(CitizenPromise, promise_id)
        promise = self.promises[promise_id]
        if promise is None:
            return ""
        area = promise.focus_areas.get(problem.focus_area_id.hex)
        return area.title if area is not None else ""


def _of_the_year(problem: Problem, year: int, promise: CitizenPromise | None) -> bool:
    """Identified by the end of the year (its reference's year) and not closed or rejected
    before the year began; or linked to the year's medborgarlöfte."""
    if promise is not None and problem.citizen_promise_id == promise.id:
        return True
    identified = _reference_year(problem)
    if identified is None or identified > year:
        return False
    ended = problem.modified_on if problem.stage is Stage.REJECTED else problem.closed_at
    return ended is None or ended >= datetime(year, 1, 1, tzinfo=LOCAL_TIME)


def _reference_year(problem: Problem) -> int | None:
    """The year of the reference (KUN-2026-0001: 2026), the year it was identified."""
    parts = problem.reference.split("-")
    return int(parts[1]) if len(parts) >= 3 and parts[1].isdigit() else None


def _name(problem: Problem) -> str:
    return f"{problem.reference} {problem.title}"


def _promise_section(promise: CitizenPromise, problems: Iterable[Problem]) -> CitizenPromiseSection:
    linked: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        if problem.citizen_promise_id == promise.id and problem.focus_area_id is not None:
            linked[problem.focus_area_id.hex].append(_name(problem))
    areas = []
    for key, area in promise.focus_areas.items():
        activities = sorted(
            (a for a in promise.activities.values() if a.focus_area_id.hex == key),
            key=lambda a: (a.due_date or date.max, a.description),
        )
        areas.append(
            FocusAreaSection(
                title=area.title,
                description=area.description,
                outcome=area.outcome,
                activities=tuple(
                    ActivityLine(
                        description=a.description,
                        responsible=f"{a.responsible_party} ({label(a.responsible_organisation)})",
                        due_date=a.due_date,
                        status=label(a.status),
                        done=a.status is ActivityStatus.DONE,
                        note=a.status_note,
                    )
                    for a in activities
                ),
                problems=tuple(sorted(linked.get(key, []))),
            )
        )
    return CitizenPromiseSection(
        title=promise.title,
        adopted_on=promise.adopted_on,
        follow_up_summary=promise.follow_up_summary,
        focus_areas=tuple(sorted(areas, key=lambda a: a.title.casefold())),
    )


def _stage_sections(
    problems: list[Problem], names: _Names, today: date
) -> tuple[StageSection, ...]:
    order = [*SARA_STAGES, Stage.CLOSED, Stage.REJECTED]
    sections = []
    for stage in order:
        here = [p for p in problems if p.stage is stage]
        obstacles: list[str] = []
        for problem in here:
            late = sorted(
                a.title for a in problem.actions.values() if a.is_open and a.due_date < today
            )
            if late:
                obstacles.append(f"{_name(problem)}: försenade åtgärder: {', '.join(late)}")
            gaps = _gaps(problem)
            if gaps:
                obstacles.append(f"{_name(problem)}: saknar {', '.join(gaps)}")
        sections.append(
            StageSection(
                stage=label(stage),
                problems=tuple(
                    ProblemLine(p.reference, p.title, names.group(p.group_id), names.focus_area(p))
                    for p in here
                ),
                obstacles=tuple(obstacles),
            )
        )
    return tuple(sections)


def _gaps(problem: Problem) -> list[str]:
    """What the analysis or the assessment still lacks, in Swedish."""
    if problem.stage is Stage.ANALYSIS:
        return [
            text
            for missing, text in (
                (not problem.findings, "iakttagelser"),
                (not problem.hypothesis, "hypotes"),
                (problem.baseline is None, "nollmätning"),
            )
            if missing
        ]
    if problem.stage is Stage.ASSESSMENT:
        current = problem.follow_ups[problem.cycle_follow_ups_start :]
        return [
            text
            for missing, text in (
                (problem.process_evaluation is None, "processutvärdering"),
                (not current, "uppföljande mätning"),
                (problem.outcome is None, "bedömd effekt"),
            )
            if missing
        ]
    return []


def _methods(problems: list[Problem]) -> MethodsSection:
    by_technique: dict[Technique, list[ActionStatus]] = defaultdict(list)
    social: list[SocialActionLine] = []
    statuses: dict[ActionStatus, int] = defaultdict(int)
    for problem in problems:
        for action in problem.actions.values():
            statuses[action.status] += 1
            if action.technique is not None:
                by_technique[action.technique].append(action.status)
            if action.kind is ActionKind.SOCIAL:
                social.append(
                    SocialActionLine(
                        _name(problem),
                        action.title,
                        label(action.status),
                        action.status is ActionStatus.COMPLETED,
                    )
                )
    techniques = tuple(
        TechniqueLine(
            number=technique.value,
            technique=label(technique).split(". ", 1)[-1],
            category=TECHNIQUE_CATEGORY_LABELS[technique.category],
            actions=len(found),
            completed=sum(1 for s in found if s is ActionStatus.COMPLETED),
        )
        for technique, found in sorted(by_technique.items(), key=lambda item: item[0].value)
    )
    return MethodsSection(
        techniques=techniques,
        social_actions=tuple(sorted(social, key=lambda s: (s.problem, s.title))),
        actions_by_status=tuple((label(s), statuses[s]) for s in ActionStatus if statuses[s]),
    )


def _latest_follow_up(problem: Problem, baseline: Measure) -> Measure | None:
    current = problem.follow_ups[problem.cycle_follow_ups_start :]
    same = [m for m in current if m.same_indicator(baseline)]
    if same:
        return same[-1]
    return current[-1] if current else None


def _outcomes(problems: list[Problem], names: _Names) -> tuple[OutcomeLine, ...]:
    lines = []
    for problem in problems:
        baseline = problem.baseline
        if baseline is None or problem.outcome is None:
            continue
        follow_up = _latest_follow_up(problem, baseline)
        lines.append(
            OutcomeLine(
                problem=_name(problem),
                focus_area=names.focus_area(problem),
                indicator=baseline.indicator,
                area=baseline.area,
                unit=baseline.unit,
                baseline=baseline.value,
                baseline_period=(baseline.period_start, baseline.period_end),
                follow_up=follow_up.value if follow_up else None,
                follow_up_period=(
                    (follow_up.period_start, follow_up.period_end) if follow_up else None
                ),
                comparable=follow_up is not None and periods_comparable(baseline, follow_up),
                outcome=label(problem.outcome.outcome),
                motivation=problem.outcome.motivation,
            )
        )
    return tuple(sorted(lines, key=lambda line: (line.focus_area.casefold(), line.problem)))


def _spreads(problems: list[Problem]) -> tuple[SpreadLine, ...]:
    return tuple(
        SpreadLine(
            problem=_name(problem),
            kind=label(spread.kind),
            dimension=label(spread.dimension),
            description=spread.description,
            weighted_displacement_quotient=spread.weighted_displacement_quotient,
        )
        for problem in problems
        for spread in problem.spreads
    )


def _efforts(problems: list[Problem]) -> tuple[EffortLine, ...]:
    totals: dict[tuple[str, str], list[float]] = {}
    for problem in problems:
        for effort in problem.efforts:
            key = (label(effort.organisation), effort.partner)
            hours_cost = totals.setdefault(key, [0.0, 0.0])
            hours_cost[0] += effort.hours
            hours_cost[1] += effort.cost_sek
    return tuple(
        EffortLine(organisation, partner, round(hours, 2), round(cost, 2))
        for (organisation, partner), (hours, cost) in sorted(
            totals.items(), key=lambda item: (item[0][0], item[0][1].casefold())
        )
    )
