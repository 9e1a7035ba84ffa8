"""Random command sequences: replay always rebuilds the same state, and no rule is ever broken."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import event as note_event
from hypothesis import strategies as st
from support import BRA, MEMBER

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.errors import DomainError
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import (
    ActionKind,
    ActionStatus,
    CheersQuestion,
    Outcome,
    ProblemSource,
    ReviewStatus,
    SpreadDimension,
    SpreadKind,
    Stage,
    Technique,
    TimeHorizon,
    TriangleSide,
)

INDICATORS = ["Anmälda inbrott", "Antal klotteranmälningar"]
ALLOWED_ACTION_MOVES = {
    (ActionStatus.PLANNED, ActionStatus.STARTED),
    (ActionStatus.PLANNED, ActionStatus.CANCELLED),
    (ActionStatus.STARTED, ActionStatus.COMPLETED),
    (ActionStatus.STARTED, ActionStatus.CANCELLED),
    (ActionStatus.STARTED, ActionStatus.DEVIATED),
    (ActionStatus.DEVIATED, ActionStatus.DEVIATED),
    (ActionStatus.DEVIATED, ActionStatus.COMPLETED),
    (ActionStatus.DEVIATED, ActionStatus.CANCELLED),
}

Command = Callable[[Problem, st.DataObject], Any]


def _measure(data: st.DataObject, *, year: int) -> Measure:
    start = date(year, data.draw(st.integers(1, 6)), 1)
    return Measure.of(
        indicator=data.draw(st.sampled_from(INDICATORS)),
        area="Valla",
        period_start=start,
        period_end=start + timedelta(days=data.draw(st.integers(0, 200))),
        value=data.draw(st.floats(0, 1000, allow_nan=False)),
    )


def _some_action(problem: Problem, data: st.DataObject) -> Any:
    if problem.actions and data.draw(st.booleans()):
        # In the order they were planned: their ids are random, so sorting by them would pick
        # another action when Hypothesis replays the same draws.
        return data.draw(st.sampled_from(list(problem.actions.values()))).action_id
    return uuid4()


def _plan_action(p: Problem, d: st.DataObject) -> Any:
    kind = d.draw(st.sampled_from(ActionKind))
    technique = d.draw(st.one_of(st.none(), st.sampled_from(Technique)))
    return p.plan_action(
        MEMBER,
        title="Åtgärd",
        responsible_organisation=Organisation.KOMMUN,
        responsible_party="Kommunen",
        owner="Ägaren",
        start_date=date(2026, 1, 1),
        due_date=date(2026, 1, 1) + timedelta(days=d.draw(st.integers(-5, 90))),
        objective="Mål",
        mechanism="Mekanism",
        kind=kind,
        technique=technique,
        horizon=TimeHorizon.SHORT,
    )


COMMANDS: dict[str, Command] = {
    "answer_cheers": lambda p, d: p.answer_cheers(
        MEMBER,
        question=d.draw(st.sampled_from(CheersQuestion)),
        met=d.draw(st.sampled_from([True, True, True, False])),
        evidence="Belagt",
    ),
    "reject": lambda p, d: p.reject(MEMBER, reason="Inget problem"),
    "assign_group": lambda p, d: p.assign_group(MEMBER, group_id=uuid4()),
    "start_analysis": lambda p, d: p.start_analysis(MEMBER),
    "record_finding": lambda p, d: p.record_finding(
        MEMBER, side=d.draw(st.sampled_from(TriangleSide)), description="Fynd"
    ),
    "state_hypothesis": lambda p, d: p.state_hypothesis(MEMBER, hypothesis="Hypotes"),
    "register_baseline": lambda p, d: p.register_baseline(MEMBER, measure=_measure(d, year=2025)),
    "complete_analysis": lambda p, d: p.complete_analysis(MEMBER),
    "plan_action": _plan_action,
    "start_action": lambda p, d: p.start_action(MEMBER, action_id=_some_action(p, d)),
    "complete_action": lambda p, d: p.complete_action(MEMBER, action_id=_some_action(p, d)),
    "cancel_action": lambda p, d: p.cancel_action(
        MEMBER, action_id=_some_action(p, d), reason="Skäl"
    ),
    "record_deviation": lambda p, d: p.record_deviation(
        MEMBER, action_id=_some_action(p, d), reason="Skäl"
    ),
    "start_assessment": lambda p, d: p.start_assessment(MEMBER),
    "evaluate_process": lambda p, d: p.evaluate_process(
        MEMBER, summary="Enligt plan", carried_out_as_planned=d.draw(st.booleans())
    ),
    "record_follow_up": lambda p, d: p.record_follow_up(
        MEMBER, measure=_measure(d, year=d.draw(st.sampled_from([2025, 2026])))
    ),
    "record_spread": lambda p, d: p.record_spread(
        MEMBER,
        kind=d.draw(st.sampled_from(SpreadKind)),
        dimension=d.draw(st.one_of(st.none(), st.sampled_from(SpreadDimension))),
        description="Spridning",
    ),
    "judge_outcome": lambda p, d: p.judge_outcome(
        MEMBER, outcome=d.draw(st.sampled_from(Outcome)), motivation="Motivering"
    ),
    "submit_assessment": lambda p, d: p.submit_assessment(MEMBER),
    "approve_assessment": lambda p, d: p.approve_assessment(BRA),
    "return_assessment": lambda p, d: p.return_assessment(BRA, comments="Komplettera"),
    "close": lambda p, d: p.close(BRA),
    "reopen": lambda p, d: p.reopen(BRA, to_stage=d.draw(st.sampled_from(Stage)), reason="Igen"),
    "record_lesson": lambda p, d: p.record_lesson(MEMBER, lesson="Lärdom"),
}

# Commands that try to break the rules of the stage the problem is in.
TEMPTATIONS = {
    Stage.SCANNING: ["start_analysis", "record_finding", "plan_action", "close"],
    Stage.ANALYSIS: ["complete_analysis", "plan_action", "answer_cheers", "register_baseline"],
    Stage.RESPONSE: ["register_baseline", "start_assessment", "record_follow_up", "close"],
    Stage.ASSESSMENT: ["record_follow_up", "submit_assessment", "close", "register_baseline"],
    Stage.CLOSED: ["record_lesson", "plan_action", "register_baseline", "approve_assessment"],
    Stage.REJECTED: ["start_analysis", "answer_cheers"],
}


def _advance(p: Problem, d: st.DataObject) -> Any:
    """Take the next sensible step, so that random walks get through the whole process;
    now and then try something the stage's rules should refuse instead."""
    if d.draw(st.integers(0, 3)) == 0:
        return COMMANDS[d.draw(st.sampled_from(TEMPTATIONS[p.stage]))](p, d)
    if p.stage is Stage.SCANNING:
        missing = p.cheers_missing or p.cheers_failed
        if missing:
            return p.answer_cheers(MEMBER, question=missing[0], met=True, evidence="Belagt")
        return p.start_analysis(MEMBER)
    if p.stage is Stage.ANALYSIS:
        if not p.findings:
            return COMMANDS["record_finding"](p, d)
        if not p.hypothesis:
            return COMMANDS["state_hypothesis"](p, d)
        if p.baseline is None:
            return COMMANDS["register_baseline"](p, d)
        return p.complete_analysis(MEMBER)
    if p.stage is Stage.RESPONSE:
        planned = [a for a in p.actions.values() if a.status is ActionStatus.PLANNED]
        if planned:
            return p.start_action(MEMBER, action_id=planned[0].action_id)
        if p.response_started_at is None or d.draw(st.booleans()):
            return _plan_action(p, d)
        return p.start_assessment(MEMBER)
    if p.stage is Stage.ASSESSMENT:
        return _advance_assessment(p, d)
    if p.stage is Stage.CLOSED:
        return COMMANDS["reopen"](p, d)
    return None


def _advance_assessment(p: Problem, d: st.DataObject) -> Any:
    if p.review_status is ReviewStatus.SUBMITTED:
        if d.draw(st.booleans()):
            return p.approve_assessment(BRA)
        return p.return_assessment(BRA, comments="Komplettera")
    if p.review_status is ReviewStatus.APPROVED:
        return p.close(BRA)
    if p.process_evaluation is None:
        return COMMANDS["evaluate_process"](p, d)
    if "a judged outcome (impact evaluation)" in p.assessment_gaps:
        return COMMANDS["judge_outcome"](p, d)
    if p.assessment_gaps and p.baseline is not None:
        start = p.baseline.period_end + timedelta(days=d.draw(st.integers(1, 400)))
        measure = Measure.of(
            indicator=p.baseline.indicator,
            area="Valla",
            period_start=start,
            period_end=start + timedelta(days=180),
            value=d.draw(st.floats(0, 1000, allow_nan=False)),
        )
        return p.record_follow_up(MEMBER, measure=measure)
    return p.submit_assessment(MEMBER)


COMMANDS["advance"] = _advance
# Mostly progress, with every command mixed in at random.
STEPS = [*["advance"] * 10, *COMMANDS]


def check_rules(problem: Problem, fixed_baseline: Measure | None) -> None:
    """The rules of SARA hold for the state, whatever the command history."""
    past_scanning = problem.stage not in (Stage.SCANNING, Stage.REJECTED)
    if past_scanning:
        assert not problem.cheers_missing
        assert not problem.cheers_failed
        assert problem.group_id is not None
    if problem.stage in (Stage.RESPONSE, Stage.ASSESSMENT, Stage.CLOSED):
        assert problem.findings
        assert problem.hypothesis
        assert problem.baseline is not None
    if fixed_baseline is not None:
        assert problem.baseline == fixed_baseline
    for follow_up in problem.follow_ups:
        assert problem.baseline is not None
        assert follow_up.same_indicator(problem.baseline)
        assert follow_up.period_start > problem.baseline.period_end
    if problem.stage is Stage.CLOSED:
        assert problem.review_status is ReviewStatus.APPROVED
    if problem.review_status in (ReviewStatus.SUBMITTED, ReviewStatus.APPROVED):
        assert not problem.assessment_gaps
    for action in problem.actions.values():
        if action.kind is ActionKind.SITUATIONAL:
            assert action.technique is not None
        else:
            assert action.technique is None
        assert action.due_date >= action.start_date


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    data=st.data(),
    head_start=st.integers(0, 45),
    steps=st.lists(st.sampled_from(STEPS), min_size=1, max_size=60),
)
def test_random_command_sequences_never_break_a_rule_and_always_replay(
    data: st.DataObject, head_start: int, steps: list[str]
) -> None:
    """Whatever users try, in whatever order: refused commands change nothing, accepted ones
    keep every SARA rule, and the stored events (through the real transcoder) rebuild exactly
    the state the commands produced."""
    problem = Problem.identify(
        MEMBER,
        id=uuid4(),
        municipality="1882",
        reference="KUN-2026-0001",
        title="Klotter",
        description="Klotter vid skolan",
        place="Centrum",
        source=ProblemSource.SAFETY_WALK,
        reported_by="Skolan",
        group_id=uuid4(),
    )
    fixed_baseline: Measure | None = None
    statuses: dict[str, ActionStatus] = {}
    for name in ["advance"] * head_start + steps:
        before = (problem.version, repr(problem))
        try:
            COMMANDS[name](problem, data)
        except DomainError:
            assert (problem.version, repr(problem)) == before, f"{name} refused but changed state"
        if problem.response_started_at is not None and fixed_baseline is None:
            fixed_baseline = problem.baseline
        for key, action in problem.actions.items():
            previous = statuses.get(key)
            if previous is not None and previous is not action.status:
                assert (previous, action.status) in ALLOWED_ACTION_MOVES
            statuses[key] = action.status
        check_rules(problem, fixed_baseline)

    note_event(f"ended in {problem.stage.value}, review {problem.review_status.value}")
    replayed = _replay_through_the_store(problem)
    assert replayed == problem


_APP = ProblemorienteratApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def _replay_through_the_store(problem: Problem) -> Problem:
    """Encode every pending event as it would be stored, decode it, and replay."""
    rebuilt: Problem | None = None
    for event in problem.collect_events():
        stored = _APP.mapper.to_stored_event(event)
        rebuilt = _APP.mapper.to_domain_event(stored).mutate(rebuilt)  # type: ignore[attr-defined]
    assert rebuilt is not None
    # A snapshot of the state must round-trip as well.
    snapshot = Problem.Snapshot.take(rebuilt)
    restored = _APP.mapper.to_domain_event(_APP.mapper.to_stored_event(snapshot))
    assert restored.mutate(None) == rebuilt  # type: ignore[attr-defined]
    return rebuilt
