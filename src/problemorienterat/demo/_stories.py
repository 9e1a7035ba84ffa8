"""The steps every demo story takes, through the real use cases, and the officials taking them."""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from uuid import UUID

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.demo import _people as people
from problemorienterat.demo._structure import MUNICIPALITY, FocusAreas, Groups
from problemorienterat.domain.actor import Actor, Organisation
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.sara import (
    ActionKind,
    CheersQuestion,
    ProblemSource,
    Technique,
    TimeHorizon,
    TriangleSide,
)

C = CheersQuestion
T = TriangleSide
BRA = people.BRA_COORDINATOR.actor
POLICE = people.COMMUNITY_OFFICER.actor
AREA_POLICE = people.AREA_OFFICER.actor
YOUTH_WORKER = people.YOUTH_WORKER.actor
SAFETY = people.SAFETY_COORDINATOR.actor
HOUSING = people.HOUSING_MANAGER.actor
YOUTH_CENTRE = people.YOUTH_CENTRE_MANAGER.actor


class Stories:
    """Shared steps of the demo stories; subclasses tell the stories of one year."""

    def __init__(
        self, app: ProblemorienteratApp, year: int, groups: Groups, focus: FocusAreas
    ) -> None:
        self.app = app
        self.year = year
        self.last_year = year - 1
        self.groups = groups
        self.focus = focus

    def identify(
        self,
        actor: Actor,
        *,
        title: str,
        description: str,
        place: str,
        source: ProblemSource,
        reported_by: str,
        year: int | None = None,
        frequency: str | None = None,
        harmed: str | None = None,
        group_id: UUID | None = None,
    ) -> UUID:
        return self.app.identify_problem(
            actor,
            municipality=MUNICIPALITY,
            title=title,
            description=description,
            place=place,
            source=source,
            reported_by=reported_by,
            frequency=frequency,
            harmed=harmed,
            group_id=group_id,
            year=year or self.year,
        ).aggregate_id

    def pass_cheers(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        community: str,
        harm: str,
        expectation: str,
        events: str,
        recurring: str,
        similarity: str,
    ) -> None:
        """All six CHEERS questions met, each with its evidence."""
        evidence = {
            C.COMMUNITY: community,
            C.HARM: harm,
            C.EXPECTATION: expectation,
            C.EVENTS: events,
            C.RECURRING: recurring,
            C.SIMILARITY: similarity,
        }
        for question, text in evidence.items():
            self.app.answer_cheers(actor, problem_id, question=question, met=True, evidence=text)

    def record_findings(self, actor: Actor, problem_id: UUID, findings: dict[T, str]) -> None:
        for side, description in findings.items():
            self.app.record_finding(actor, problem_id, side=side, description=description)

    def link(self, problem_id: UUID, focus_area_id: UUID) -> None:
        self.app.link_focus_area(
            BRA,
            problem_id,
            citizen_promise_id=self.focus.promise_id,
            focus_area_id=focus_area_id,
        )

    def plan(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        title: str,
        organisation: Organisation,
        party: str,
        owner: str,
        start: date,
        due: date,
        objective: str,
        mechanism: str,
        technique: Technique | None = None,
        kind: ActionKind = ActionKind.SITUATIONAL,
        horizon: TimeHorizon = TimeHorizon.SHORT,
    ) -> UUID:
        action_id = self.app.plan_action(
            actor,
            problem_id,
            title=title,
            responsible_organisation=organisation,
            responsible_party=party,
            owner=owner,
            start_date=start,
            due_date=due,
            objective=objective,
            mechanism=mechanism,
            kind=kind,
            technique=technique,
            horizon=horizon,
        ).item_id
        assert action_id is not None
        return action_id


def measure(
    indicator: str, area: str, *, year: int, months: tuple[int, int], value: float, unit: str
) -> Measure:
    """A measure over whole calendar months of one year."""
    first, last = months
    return Measure.of(
        indicator=indicator,
        area=area,
        period_start=date(year, first, 1),
        period_end=date(year, last, monthrange(year, last)[1]),
        value=value,
        unit=unit,
    )
