"""The rules that make SARA real, each stated the way a working group would state it."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from builders import (
    INDICATOR,
    analysed,
    answer_all_cheers,
    approved,
    assessing,
    baseline_measure,
    follow_up_measure,
    identified,
    in_analysis,
    plan_lighting,
    ready_to_submit,
    responding,
    submitted,
)
from support import BRA, MEMBER

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Organisation
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
    VersionConflictError,
    WrongStageError,
)
from problemorienterat.domain.problem import NoGroupError, Problem
from problemorienterat.domain.sara import (
    ActionKind,
    ActionStatus,
    CheersQuestion,
    Outcome,
    ProblemSource,
    RepeatPattern,
    ReviewStatus,
    SpreadDimension,
    SpreadKind,
    Stage,
    Technique,
    TriangleSide,
)
from problemorienterat.domain.swedish_day import swedish_today

# ---------------------------------------------------------------- scanning


def test_a_new_problem_gets_the_next_reference_of_its_municipality_and_year(
    app: ProblemorienteratApp,
) -> None:
    """References count per municipality and year: KUN-<year>-0001, then 0002."""
    first = app.get_problem(identified(app))
    second = app.get_problem(identified(app))
    year = swedish_today().year
    assert first.reference == f"KUN-{year}-0001"
    assert second.reference == f"KUN-{year}-0002"
    assert app.find_problem(second.reference).id == second.id
    assert first.stage is Stage.SCANNING


def test_a_problem_cannot_be_identified_in_an_unregistered_municipality(
    app: ProblemorienteratApp,
) -> None:
    """Every problem belongs to a municipality the installation serves."""
    with pytest.raises(NotFoundError, match="1980"):
        app.identify_problem(
            MEMBER,
            municipality="1980",
            title="Klotter",
            description="Klotter på skolan.",
            place="Centrum",
            source=ProblemSource.COMPLAINT,
            reported_by="Skolan",
        )


def test_a_problem_needs_a_title(app: ProblemorienteratApp) -> None:
    """An empty title is refused and the error names the field."""
    with pytest.raises(InvalidValueError) as caught:
        app.identify_problem(
            MEMBER,
            municipality="1882",
            title="   ",
            description="Klotter på skolan.",
            place="Centrum",
            source=ProblemSource.COMPLAINT,
            reported_by="Skolan",
        )
    assert caught.value.field == "title"


def test_analysis_cannot_start_before_all_six_cheers_answers(app: ProblemorienteratApp) -> None:
    """Five answers are not enough: the missing question is named."""
    problem_id = identified(app)
    for question in list(CheersQuestion)[:5]:
        app.answer_cheers(MEMBER, problem_id, question=question, met=True, evidence="Belagt.")
    with pytest.raises(CheersIncompleteError, match="similarity"):
        app.start_analysis(MEMBER, problem_id)
    assert app.get_problem(problem_id).stage is Stage.SCANNING


def test_a_problem_that_fails_cheers_is_not_analysed(app: ProblemorienteratApp) -> None:
    """An answer that is not met blocks the analysis: reject or reformulate instead."""
    problem_id = identified(app)
    answer_all_cheers(app, problem_id)
    app.answer_cheers(
        MEMBER, problem_id, question=CheersQuestion.EXPECTATION, met=False, evidence="Inga krav."
    )
    with pytest.raises(CheersIncompleteError, match="expectation"):
        app.start_analysis(MEMBER, problem_id)


def test_analysis_needs_a_working_group_to_do_it() -> None:
    """A problem nobody is assigned to cannot enter the analysis."""
    problem = Problem.identify(
        MEMBER,
        id=uuid4(),
        municipality="1882",
        reference="KUN-2026-0001",
        title="Klotter",
        description="Klotter vid Centrumskolan.",
        place="Centrum",
        source=ProblemSource.SAFETY_WALK,
        reported_by="Trygghetsvandringen",
    )
    for question in CheersQuestion:
        problem.answer_cheers(MEMBER, question=question, met=True, evidence="Belagt.")
    with pytest.raises(NoGroupError):
        problem.start_analysis(MEMBER)


def test_a_rejected_problem_takes_no_more_steps(app: ProblemorienteratApp) -> None:
    """Rejection ends the problem; it records the reason."""
    problem_id = identified(app)
    app.reject(MEMBER, problem_id, reason="Ett enstaka fall, inte ett problem.")
    problem = app.get_problem(problem_id)
    assert problem.stage is Stage.REJECTED
    assert problem.rejection_reason == "Ett enstaka fall, inte ett problem."
    with pytest.raises(ClosedError):
        app.answer_cheers(
            MEMBER, problem_id, question=CheersQuestion.HARM, met=True, evidence="Belagt."
        )


def test_only_a_problem_in_scanning_can_be_reformulated(app: ProblemorienteratApp) -> None:
    """Reformulation belongs to Identifiera; later the analysis holds what was learnt."""
    problem_id = identified(app)
    app.reformulate(MEMBER, problem_id, title="Inbrott i radhus", description="Ny formulering.")
    assert app.get_problem(problem_id).title == "Inbrott i radhus"
    answer_all_cheers(app, problem_id)
    app.start_analysis(MEMBER, problem_id)
    with pytest.raises(WrongStageError, match="scanning"):
        app.reformulate(MEMBER, problem_id, title="X", description="Y")


# ---------------------------------------------------------------- analysis


def test_a_finding_cannot_be_recorded_during_scanning(app: ProblemorienteratApp) -> None:
    """Findings belong to Analysera; the error says which stage the problem is in."""
    problem_id = identified(app)
    with pytest.raises(WrongStageError, match="Identifiera"):
        app.record_finding(MEMBER, problem_id, side=TriangleSide.PLACE, description="Mörkt.")


def test_analysis_cannot_be_completed_without_finding_hypothesis_and_baseline(
    app: ProblemorienteratApp,
) -> None:
    """All three are required, and the error lists each one missing."""
    problem_id = in_analysis(app)
    with pytest.raises(AnalysisIncompleteError) as caught:
        app.complete_analysis(MEMBER, problem_id)
    message = str(caught.value)
    assert "finding" in message
    assert "hypothesis" in message
    assert "baseline" in message

    app.record_finding(MEMBER, problem_id, side=TriangleSide.OFFENDER, description="Samma grupp.")
    app.state_hypothesis(MEMBER, problem_id, hypothesis="Gruppen söker sig till mörka platser.")
    with pytest.raises(AnalysisIncompleteError, match="baseline") as caught:
        app.complete_analysis(MEMBER, problem_id)
    assert "hypothesis" not in str(caught.value)


def test_a_completed_analysis_moves_the_problem_to_response(app: ProblemorienteratApp) -> None:
    """Completing the analysis is the step into Åtgärda."""
    problem = app.get_problem(analysed(app))
    assert problem.stage is Stage.RESPONSE
    assert problem.baseline == baseline_measure()


def test_the_analysis_records_patterns_sources_causes_and_current_response(
    app: ProblemorienteratApp,
) -> None:
    """Everything the analysis learns is kept on the problem."""
    problem_id = in_analysis(app)
    app.classify_repeat_pattern(
        MEMBER, problem_id, pattern=RepeatPattern.REPEAT_PLACE, description="Samma tre gångar."
    )
    app.record_data_source(MEMBER, problem_id, name="Anmälda brott", extracted_on=date(2026, 1, 15))
    app.record_cause(MEMBER, problem_id, description="Trasig belysning sedan 2024.")
    app.describe_current_response(MEMBER, problem_id, description="Polisen patrullerar ibland.")
    problem = app.get_problem(problem_id)
    assert problem.repeat_patterns[0].description == "Samma tre gångar."
    assert problem.data_sources[0].extracted_on == date(2026, 1, 15)
    assert problem.causes == ["Trasig belysning sedan 2024."]
    assert problem.current_response == "Polisen patrullerar ibland."


def test_a_baseline_period_cannot_end_before_it_starts() -> None:
    """The measure names the field that is wrong."""
    with pytest.raises(InvalidValueError) as caught:
        baseline_measure().of(
            indicator=INDICATOR,
            area="Valla",
            period_start=date(2025, 6, 30),
            period_end=date(2025, 1, 1),
            value=3,
        )
    assert caught.value.field == "period_end"


# ---------------------------------------------------------------- response


def test_no_response_before_the_analysis_is_completed(app: ProblemorienteratApp) -> None:
    """An action cannot be planned while the analysis is still open."""
    problem_id = in_analysis(app)
    with pytest.raises(AnalysisIncompleteError, match="finding, a hypothesis and a baseline"):
        plan_lighting(app, problem_id)


def test_an_action_cannot_start_before_a_baseline_is_registered(
    app: ProblemorienteratApp,
) -> None:
    """Without a baseline the analysis cannot complete, so no action can exist to start."""
    problem_id = in_analysis(app)
    app.record_finding(MEMBER, problem_id, side=TriangleSide.PLACE, description="Mörkt.")
    app.state_hypothesis(MEMBER, problem_id, hypothesis="Mörker skyddar.")
    with pytest.raises(AnalysisIncompleteError, match="baseline"):
        app.complete_analysis(MEMBER, problem_id)
    with pytest.raises(AnalysisIncompleteError):
        plan_lighting(app, problem_id)


def test_the_baseline_may_be_corrected_until_a_response_has_started(
    app: ProblemorienteratApp,
) -> None:
    """Before any action starts the baseline can be registered again."""
    problem_id = analysed(app)
    app.register_baseline(MEMBER, problem_id, measure=baseline_measure(value=16))
    assert app.get_problem(problem_id).baseline == baseline_measure(value=16)


def test_the_baseline_is_fixed_once_a_response_has_started(app: ProblemorienteratApp) -> None:
    """After the first action starts, the baseline stays as registered."""
    problem_id, _ = responding(app)
    with pytest.raises(BaselineFixedError):
        app.register_baseline(MEMBER, problem_id, measure=baseline_measure(value=20))
    assert app.get_problem(problem_id).baseline == baseline_measure()


def test_a_situational_action_names_one_of_the_25_techniques(app: ProblemorienteratApp) -> None:
    """Situational without a technique is refused; social with one is refused too."""
    problem_id = analysed(app)
    common = {
        "title": "Fritidsgård öppen fredagar",
        "responsible_organisation": Organisation.KOMMUN,
        "responsible_party": "Fritidsförvaltningen",
        "owner": "Fritidschefen",
        "start_date": date(2026, 2, 1),
        "due_date": date(2026, 6, 1),
        "objective": "Öppet varje fredag till 23.",
        "mechanism": "Ger ungdomar en plats med vuxna.",
    }
    with pytest.raises(InvalidValueError) as caught:
        app.plan_action(MEMBER, problem_id, kind=ActionKind.SITUATIONAL, technique=None, **common)
    assert caught.value.field == "technique"
    with pytest.raises(InvalidValueError):
        app.plan_action(
            MEMBER, problem_id, kind=ActionKind.SOCIAL, technique=Technique.SET_RULES, **common
        )
    result = app.plan_action(MEMBER, problem_id, kind=ActionKind.SOCIAL, **common)
    action = app.get_problem(problem_id).action(result.item_id)  # type: ignore[arg-type]
    assert action.status is ActionStatus.PLANNED
    assert action.technique is None


def test_an_action_is_due_after_it_starts(app: ProblemorienteratApp) -> None:
    """A due date before the start date is refused, naming due_date."""
    problem_id = analysed(app)
    with pytest.raises(InvalidValueError) as caught:
        app.plan_action(
            MEMBER,
            problem_id,
            title="Kameror",
            responsible_organisation=Organisation.POLIS,
            responsible_party="Polisen",
            owner="Kommunpolisen",
            start_date=date(2026, 5, 1),
            due_date=date(2026, 4, 1),
            objective="Kameror uppe.",
            mechanism="Ökad risk.",
            kind=ActionKind.SITUATIONAL,
            technique=Technique.STRENGTHEN_FORMAL_SURVEILLANCE,
        )
    assert caught.value.field == "due_date"


def test_actions_move_planned_started_completed(app: ProblemorienteratApp) -> None:
    """Each status change is recorded, and a finished action cannot start again."""
    problem_id, action_id = responding(app)
    app.record_deviation(MEMBER, problem_id, action_id=action_id, reason="Leveransen försenad.")
    problem = app.get_problem(problem_id)
    assert problem.action(action_id).status is ActionStatus.DEVIATED
    assert problem.action(action_id).status_reason == "Leveransen försenad."
    app.complete_action(MEMBER, problem_id, action_id=action_id)
    assert app.get_problem(problem_id).action(action_id).status is ActionStatus.COMPLETED
    with pytest.raises(ActionStateError, match="completed"):
        app.start_action(MEMBER, problem_id, action_id=action_id)
    with pytest.raises(ActionStateError):
        app.cancel_action(MEMBER, problem_id, action_id=action_id, reason="Sent.")


def test_a_planned_action_can_be_cancelled_with_a_reason(app: ProblemorienteratApp) -> None:
    """Cancelled actions stay in the record with why they were dropped."""
    problem_id = analysed(app)
    action_id = plan_lighting(app, problem_id)
    with pytest.raises(InvalidValueError):
        app.cancel_action(MEMBER, problem_id, action_id=action_id, reason=" ")
    app.cancel_action(MEMBER, problem_id, action_id=action_id, reason="Ingen budget.")
    action = app.get_problem(problem_id).action(action_id)
    assert action.status is ActionStatus.CANCELLED
    assert action.status_reason == "Ingen budget."


def test_an_unknown_action_is_not_found(app: ProblemorienteratApp) -> None:
    """A status change for an action the problem does not have names action_id."""
    problem_id = analysed(app)
    with pytest.raises(NotFoundError) as caught:
        app.start_action(MEMBER, problem_id, action_id=uuid4())
    assert caught.value.field == "action_id"


def test_effort_is_recorded_per_partner(app: ProblemorienteratApp) -> None:
    """Partners' hours and costs are kept apart, and cannot be negative."""
    problem_id, action_id = responding(app)
    app.record_effort(
        MEMBER,
        problem_id,
        organisation=Organisation.BOSTADSBOLAG,
        partner="Kungsörs KommunFastigheter",
        hours=12,
        cost_sek=45000,
        action_id=action_id,
    )
    app.record_effort(
        MEMBER, problem_id, organisation=Organisation.POLIS, partner="Polisen", hours=6
    )
    efforts = app.get_problem(problem_id).efforts
    assert [(e.organisation, e.hours) for e in efforts] == [
        (Organisation.BOSTADSBOLAG, 12.0),
        (Organisation.POLIS, 6.0),
    ]
    with pytest.raises(InvalidValueError):
        app.record_effort(
            MEMBER, problem_id, organisation=Organisation.POLIS, partner="Polisen", hours=-1
        )


def test_the_assessment_follows_a_response_that_has_started(app: ProblemorienteratApp) -> None:
    """With only planned actions there is nothing to follow up yet."""
    problem_id = analysed(app)
    plan_lighting(app, problem_id)
    with pytest.raises(RuleViolation, match="start at least one action"):
        app.start_assessment(MEMBER, problem_id)


def test_next_deadline_is_the_earliest_due_date_of_open_actions(
    app: ProblemorienteratApp,
) -> None:
    """Completed actions no longer set the deadline."""
    problem_id, action_id = responding(app)
    assert app.get_problem(problem_id).next_deadline == date(2026, 4, 30)
    app.complete_action(MEMBER, problem_id, action_id=action_id)
    assert app.get_problem(problem_id).next_deadline is None


# ---------------------------------------------------------------- assessment


def test_a_follow_up_uses_the_baselines_indicator(app: ProblemorienteratApp) -> None:
    """Another indicator is refused and both indicators are named."""
    problem_id = assessing(app)
    with pytest.raises(IndicatorMismatchError, match=INDICATOR):
        app.record_follow_up(
            MEMBER, problem_id, measure=follow_up_measure(indicator="Antal larm till polisen")
        )
    app.record_follow_up(
        MEMBER,
        problem_id,
        measure=follow_up_measure(indicator="  anmälda BOSTADSINBROTT per   halvår "),
    )
    assert len(app.get_problem(problem_id).follow_ups) == 1


def test_a_follow_up_period_comes_after_the_baseline_period(app: ProblemorienteratApp) -> None:
    """Measuring the same months again is not a follow-up."""
    problem_id = assessing(app)
    with pytest.raises(IndicatorMismatchError, match="after the baseline period"):
        app.record_follow_up(MEMBER, problem_id, measure=baseline_measure(value=5))


def test_no_submission_without_process_and_impact_evaluation(app: ProblemorienteratApp) -> None:
    """Each missing part is named; with all three the submission goes to lokala BRÅ."""
    problem_id = assessing(app)
    with pytest.raises(AssessmentIncompleteError) as caught:
        app.submit_assessment(MEMBER, problem_id)
    for part in ("process evaluation", "follow-up", "outcome"):
        assert part in str(caught.value)
    app.evaluate_process(
        MEMBER, problem_id, summary="Genomfört enligt plan.", carried_out_as_planned=True
    )
    with pytest.raises(AssessmentIncompleteError) as caught:
        app.submit_assessment(MEMBER, problem_id)
    assert "process evaluation" not in str(caught.value)
    ready_to_submit(app, problem_id)
    app.submit_assessment(MEMBER, problem_id)
    assert app.get_problem(problem_id).review_status is ReviewStatus.SUBMITTED


def test_displacement_and_diffusion_are_recorded(app: ProblemorienteratApp) -> None:
    """Displacement names where it went; 'none found' needs no dimension."""
    problem_id = assessing(app)
    with pytest.raises(InvalidValueError) as caught:
        app.record_spread(
            MEMBER, problem_id, kind=SpreadKind.DISPLACEMENT, dimension=None, description="?"
        )
    assert caught.value.field == "dimension"
    app.record_spread(
        MEMBER,
        problem_id,
        kind=SpreadKind.DISPLACEMENT,
        dimension=SpreadDimension.PLACE,
        description="Några inbrott i grannområdet.",
        weighted_displacement_quotient=0.4,
    )
    app.record_spread(
        MEMBER, problem_id, kind=SpreadKind.NONE_FOUND, dimension=None, description="Inget i tid."
    )
    spreads = app.get_problem(problem_id).spreads
    assert spreads[0].weighted_displacement_quotient == 0.4
    assert spreads[1].kind is SpreadKind.NONE_FOUND


def test_a_submitted_assessment_cannot_be_edited_until_the_bra_decides(
    app: ProblemorienteratApp,
) -> None:
    """While lokala BRÅ reviews, the group waits."""
    problem_id = submitted(app)
    with pytest.raises(ReviewStateError, match="review"):
        app.judge_outcome(MEMBER, problem_id, outcome=Outcome.ELIMINATED, motivation="Borta.")


def test_a_returned_assessment_goes_back_to_the_group_with_the_bras_comments(
    app: ProblemorienteratApp,
) -> None:
    """The comments are kept with who returned it; the group amends and resubmits."""
    problem_id = submitted(app)
    app.return_assessment(
        BRA,
        problem_id,
        comments="Jämför med kontrollområdet Skogsberg.",
        minutes_reference="BRÅ 2026-03-12 § 4",
    )
    problem = app.get_problem(problem_id)
    assert problem.review_status is ReviewStatus.RETURNED
    assert problem.latest_review is not None
    assert problem.latest_review.comments == "Jämför med kontrollområdet Skogsberg."
    assert problem.latest_review.decided_by == BRA.name
    assert problem.latest_review.minutes_reference == "BRÅ 2026-03-12 § 4"
    with pytest.raises(ReviewStateError):
        app.close_problem(BRA, problem_id)

    app.record_spread(
        MEMBER,
        problem_id,
        kind=SpreadKind.NONE_FOUND,
        dimension=None,
        description="Skogsberg oförändrat.",
    )
    app.submit_assessment(MEMBER, problem_id)
    app.approve_assessment(BRA, problem_id)
    app.close_problem(BRA, problem_id)
    assert app.get_problem(problem_id).stage is Stage.CLOSED


def test_returning_an_assessment_needs_comments(app: ProblemorienteratApp) -> None:
    """The group must learn why it was returned."""
    problem_id = submitted(app)
    with pytest.raises(InvalidValueError) as caught:
        app.return_assessment(BRA, problem_id, comments="")
    assert caught.value.field == "comments"


def test_only_a_submitted_assessment_can_be_reviewed(app: ProblemorienteratApp) -> None:
    """Approving an assessment that was never submitted is refused."""
    problem_id = ready_to_submit(app)
    with pytest.raises(ReviewStateError, match="submitted"):
        app.approve_assessment(BRA, problem_id)


def test_only_an_approved_assessment_allows_closing(app: ProblemorienteratApp) -> None:
    """Closing before approval is refused at every stage."""
    for problem_id in (identified(app), analysed(app), submitted(app)):
        with pytest.raises(ReviewStateError, match="approved"):
            app.close_problem(BRA, problem_id)
    problem_id = approved(app)
    app.close_problem(BRA, problem_id)
    closed = app.get_problem(problem_id)
    assert closed.stage is Stage.CLOSED
    assert closed.closed_at is not None


def test_an_approved_assessment_is_final_until_reopened(app: ProblemorienteratApp) -> None:
    """After approval the assessment cannot be changed."""
    problem_id = approved(app)
    with pytest.raises(ReviewStateError, match="approved"):
        app.evaluate_process(MEMBER, problem_id, summary="Ny text.", carried_out_as_planned=False)
    app.record_lesson(MEMBER, problem_id, lesson="Lärdomar får alltid skrivas.")


def test_a_closed_problem_takes_no_steps_until_reopened(app: ProblemorienteratApp) -> None:
    """Closed is closed; reopening to response starts a new cycle that must be followed up anew."""
    problem_id = approved(app)
    app.close_problem(BRA, problem_id)
    with pytest.raises(ClosedError):
        app.record_lesson(MEMBER, problem_id, lesson="Sent insett.")
    app.reopen(BRA, problem_id, to_stage=Stage.RESPONSE, reason="Inbrotten ökar igen.")
    problem = app.get_problem(problem_id)
    assert problem.stage is Stage.RESPONSE
    assert problem.cycle == 2
    assert problem.review_status is ReviewStatus.NOT_SUBMITTED
    assert problem.outcome is None

    action_id = plan_lighting(app, problem_id)
    app.start_action(MEMBER, problem_id, action_id=action_id)
    app.start_assessment(MEMBER, problem_id)
    app.evaluate_process(MEMBER, problem_id, summary="Ny omgång.", carried_out_as_planned=True)
    app.judge_outcome(MEMBER, problem_id, outcome=Outcome.REDUCED, motivation="Färre.")
    with pytest.raises(AssessmentIncompleteError, match="follow-up"):
        app.submit_assessment(MEMBER, problem_id)


def test_an_assessment_can_send_the_problem_back_to_analysis(app: ProblemorienteratApp) -> None:
    """A weak hypothesis is revisited in Analysera, and the baseline stays fixed."""
    problem_id = assessing(app)
    app.reopen(MEMBER, problem_id, to_stage=Stage.ANALYSIS, reason="Hypotesen höll inte.")
    app.state_hypothesis(MEMBER, problem_id, hypothesis="Det är samma tre personer.")
    with pytest.raises(BaselineFixedError):
        app.register_baseline(MEMBER, problem_id, measure=baseline_measure(value=3))
    app.complete_analysis(MEMBER, problem_id)
    assert app.get_problem(problem_id).stage is Stage.RESPONSE


def test_a_problem_is_reopened_only_to_analysis_or_response(app: ProblemorienteratApp) -> None:
    """Scanning is not a stage to go back to; nor can a problem in scanning be reopened."""
    problem_id = assessing(app)
    with pytest.raises(InvalidValueError) as caught:
        app.reopen(MEMBER, problem_id, to_stage=Stage.SCANNING, reason="Om.")
    assert caught.value.field == "to_stage"
    with pytest.raises(WrongStageError):
        app.reopen(MEMBER, identified(app), to_stage=Stage.ANALYSIS, reason="Om.")


# ---------------------------------------------------------------- versions and actors


def test_a_command_based_on_an_old_version_is_refused(app: ProblemorienteratApp) -> None:
    """Two people editing the same problem: the second, working from a stale copy, is told."""
    problem_id = in_analysis(app)
    version = app.get_problem(problem_id).version
    app.record_cause(MEMBER, problem_id, description="Orsak ett.", expected_version=version)
    with pytest.raises(VersionConflictError) as caught:
        app.record_cause(MEMBER, problem_id, description="Orsak två.", expected_version=version)
    assert caught.value.actual == version + 1
    assert app.get_problem(problem_id).causes == ["Orsak ett."]


def test_every_event_records_its_actor_and_time(app: ProblemorienteratApp) -> None:
    """Auditors can answer who recorded each step, and when."""
    problem_id = submitted(app)
    app.return_assessment(BRA, problem_id, comments="Komplettera.")
    events = list(app.events.get(problem_id))
    assert all(event.actor in (MEMBER, BRA) for event in events)  # type: ignore[attr-defined]
    assert events[-1].actor == BRA  # type: ignore[attr-defined]
    assert all(event.timestamp.tzinfo is not None for event in events)
    timestamps = [event.timestamp for event in events]
    assert timestamps == sorted(timestamps)


def test_an_unknown_problem_is_not_found(app: ProblemorienteratApp) -> None:
    """Neither id nor reference leaks what exists."""
    with pytest.raises(NotFoundError):
        app.get_problem(uuid4())
    with pytest.raises(NotFoundError):
        app.find_problem("KUN-1999-0001")


def test_save_listeners_hear_the_position_of_each_save(app: ProblemorienteratApp) -> None:
    """A projection runner in the same process is told at once where the log now ends."""
    heard: list[int] = []
    app.add_save_listener(heard.append)
    result = app.record_cause(MEMBER, in_analysis(app), description="Orsak.")
    assert heard[-1] == result.position
    app.remove_save_listener(heard.append)
    app.record_cause(MEMBER, result.aggregate_id, description="Orsak två.")
    assert heard[-1] == result.position
