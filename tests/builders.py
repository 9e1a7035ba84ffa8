"""Bring a problem to a given point of the SARA process through the real use cases."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from support import BRA, MEMBER

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Actor, Organisation
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.sara import (
    ActionKind,
    CheersQuestion,
    Outcome,
    ProblemSource,
    Technique,
    TimeHorizon,
    TriangleSide,
)
from problemorienterat.domain.working_group import GroupKind, WorkingGroup

INDICATOR = "Anmälda bostadsinbrott per halvår"


def baseline_measure(value: float = 14) -> Measure:
    return Measure.of(
        indicator=INDICATOR,
        area="Valla",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        value=value,
    )


def follow_up_measure(value: float = 6, indicator: str = INDICATOR) -> Measure:
    return Measure.of(
        indicator=indicator,
        area="Valla",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        value=value,
    )


def a_group(app: ProblemorienteratApp, name: str = "UNG-gruppen") -> UUID:
    return app.establish_group(
        BRA, municipality="1882", name=name, kind=GroupKind.YOUTH, mandate="Förebygga brott."
    ).aggregate_id


def with_recorded_member(app: ProblemorienteratApp, group_id: UUID, member: Actor) -> None:
    """``member`` (a test actor, who has no user account) recorded on the group as a member,
    as the stored ``MemberAdded`` events of earlier versions name members; the use case
    ``add_member`` takes only users of the municipality."""
    app.change(
        WorkingGroup,
        group_id,
        None,
        lambda group: group.add_member(
            BRA, user_id=member.user_id, name=member.name, organisation=member.organisation
        ),
    )


def identified(
    app: ProblemorienteratApp, *, group_id: UUID | None = None, actor: Actor = MEMBER
) -> UUID:
    return app.identify_problem(
        actor,
        municipality="1882",
        title="Bostadsinbrott i Valla",
        description="Återkommande inbrott i radhus under semesterperioder.",
        place="Valla",
        source=ProblemSource.POLICE_STATISTICS,
        reported_by="Lokalpolisområde Västra Mälardalen",
        group_id=group_id if group_id is not None else a_group(app),
    ).aggregate_id


def answer_all_cheers(app: ProblemorienteratApp, problem_id: UUID, *, met: bool = True) -> None:
    for question in CheersQuestion:
        app.answer_cheers(
            MEMBER, problem_id, question=question, met=met, evidence="Enligt trygghetsmätningen."
        )


def in_analysis(app: ProblemorienteratApp) -> UUID:
    problem_id = identified(app)
    answer_all_cheers(app, problem_id)
    app.start_analysis(MEMBER, problem_id)
    return problem_id


def analysed(app: ProblemorienteratApp, problem_id: UUID | None = None) -> UUID:
    """In the response stage: analysis completed with a finding, a hypothesis and a baseline."""
    problem_id = problem_id or in_analysis(app)
    app.record_finding(
        MEMBER, problem_id, side=TriangleSide.PLACE, description="Dålig belysning i gångar."
    )
    app.state_hypothesis(
        MEMBER, problem_id, hypothesis="Mörka gångar ger skydd åt gärningspersoner."
    )
    app.register_baseline(MEMBER, problem_id, measure=baseline_measure())
    app.complete_analysis(MEMBER, problem_id)
    return problem_id


def plan_lighting(app: ProblemorienteratApp, problem_id: UUID) -> UUID:
    result = app.plan_action(
        MEMBER,
        problem_id,
        title="Ny belysning i gångarna",
        responsible_organisation=Organisation.KOMMUN,
        responsible_party="Tekniska förvaltningen",
        owner="Gatuchefen",
        start_date=date(2026, 2, 1),
        due_date=date(2026, 4, 30),
        objective="All gångbelysning fungerar före maj.",
        mechanism="Ökad naturlig övervakning minskar möjligheterna.",
        kind=ActionKind.SITUATIONAL,
        technique=Technique.ASSIST_NATURAL_SURVEILLANCE,
        horizon=TimeHorizon.SHORT,
    )
    assert result.item_id is not None
    return result.item_id


def responding(app: ProblemorienteratApp) -> tuple[UUID, UUID]:
    """In the response stage with one action started."""
    problem_id = analysed(app)
    action_id = plan_lighting(app, problem_id)
    app.start_action(MEMBER, problem_id, action_id=action_id)
    return problem_id, action_id


def assessing(app: ProblemorienteratApp) -> UUID:
    problem_id, action_id = responding(app)
    app.complete_action(MEMBER, problem_id, action_id=action_id)
    app.start_assessment(MEMBER, problem_id)
    return problem_id


def ready_to_submit(app: ProblemorienteratApp, problem_id: UUID | None = None) -> UUID:
    problem_id = problem_id or assessing(app)
    app.evaluate_process(
        MEMBER, problem_id, summary="Belysningen byttes enligt plan.", carried_out_as_planned=True
    )
    app.record_follow_up(MEMBER, problem_id, measure=follow_up_measure())
    app.judge_outcome(
        MEMBER, problem_id, outcome=Outcome.REDUCED, motivation="Inbrotten mer än halverades."
    )
    return problem_id


def submitted(app: ProblemorienteratApp) -> UUID:
    problem_id = ready_to_submit(app)
    app.submit_assessment(MEMBER, problem_id)
    return problem_id


def approved(app: ProblemorienteratApp) -> UUID:
    problem_id = submitted(app)
    app.approve_assessment(BRA, problem_id, comments="Bra arbete.")
    return problem_id
