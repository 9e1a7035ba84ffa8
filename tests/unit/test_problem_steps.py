"""Which commands a problem offers whom, and which SARA stage each belongs to: the rules
as a working group would state them, answered by the problem's own declaration."""

from __future__ import annotations

import inspect

import pytest
from builders import analysed, approved, identified, in_analysis, submitted
from support import BRA, MEMBER

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.errors import CheersIncompleteError, RuleViolation
from problemorienterat.domain.problem import PROBLEM_STEPS, Problem
from problemorienterat.domain.sara import ActionStatus, CheersQuestion, Stage

AUDITOR = Actor("u-granskare", "Gun Granskare", Organisation.KOMMUN, Role.AUDITOR)


def test_a_member_may_not_review_an_assessment(app: ProblemorienteratApp) -> None:
    """A submitted assessment is reviewed by lokala BRÅ: approve and return are offered to
    BRÅ, never to a member of the group."""
    problem = app.get_problem(submitted(app))
    assert {"approve_assessment", "return_assessment"} <= set(problem.available_commands(BRA))
    assert "approve_assessment" not in problem.available_commands(MEMBER)
    assert "return_assessment" not in problem.available_commands(MEMBER)


def test_an_auditor_is_offered_nothing(app: ProblemorienteratApp) -> None:
    """Auditors read; no command is theirs, whatever the stage."""
    assert app.get_problem(identified(app)).available_commands(AUDITOR) == []
    assert app.get_problem(submitted(app)).available_commands(AUDITOR) == []


def test_analysis_cannot_start_before_all_six_cheers_answers(app: ProblemorienteratApp) -> None:
    """With five of six CHEERS answers, starting the analysis is not offered, the command
    is refused, and a form may still offer it as a step of the stage."""
    problem_id = identified(app)
    for question in list(CheersQuestion)[:5]:
        app.answer_cheers(MEMBER, problem_id, question=question, met=True, evidence="Belagt.")
    problem = app.get_problem(problem_id)
    assert "start_analysis" not in problem.available_commands(MEMBER)
    assert "start_analysis" in problem.available_commands(MEMBER, unready=True)
    with pytest.raises(CheersIncompleteError):
        problem.start_analysis(MEMBER)


def test_start_analysis_is_offered_once_cheers_is_complete(app: ProblemorienteratApp) -> None:
    """All six answered and met, with a working group: the analysis may start."""
    problem_id = identified(app)
    for question in CheersQuestion:
        app.answer_cheers(MEMBER, problem_id, question=question, met=True, evidence="Belagt.")
    assert "start_analysis" in app.get_problem(problem_id).available_commands(MEMBER)


def test_a_failed_cheers_answer_keeps_the_analysis_from_starting(
    app: ProblemorienteratApp,
) -> None:
    """A problem that fails CHEERS is rejected or reformulated, not analysed."""
    problem_id = identified(app)
    for question in CheersQuestion:
        met = question is not CheersQuestion.EXPECTATION
        app.answer_cheers(MEMBER, problem_id, question=question, met=met, evidence="Belagt.")
    offered = app.get_problem(problem_id).available_commands(MEMBER)
    assert "start_analysis" not in offered
    assert {"reject", "reformulate"} <= set(offered)


def test_the_analysis_offers_its_own_steps_only(app: ProblemorienteratApp) -> None:
    """In Analysera: findings and the baseline, not CHEERS or actions; completing the
    analysis waits for a finding, a hypothesis and a baseline."""
    problem = app.get_problem(in_analysis(app))
    offered = set(problem.available_commands(MEMBER))
    assert {"record_finding", "state_hypothesis", "register_baseline"} <= offered
    assert not {"answer_cheers", "plan_action", "complete_analysis"} & offered
    assert "complete_analysis" in problem.available_commands(MEMBER, unready=True)


def test_the_baseline_stays_correctable_until_an_action_starts(
    app: ProblemorienteratApp,
) -> None:
    """In Åtgärda the baseline may still be registered, until the first action starts."""
    problem_id = analysed(app)
    assert "register_baseline" in app.get_problem(problem_id).available_commands(MEMBER)


def test_an_approved_assessment_offers_closing(app: ProblemorienteratApp) -> None:
    """After lokala BRÅ approves: close (or reopen), and the assessment is no longer edited."""
    offered = set(app.get_problem(approved(app)).available_commands(MEMBER))
    assert {"close", "reopen"} <= offered
    assert not {"evaluate_process", "submit_assessment", "approve_assessment"} & offered


def test_every_offered_command_is_accepted_and_every_other_refused(
    app: ProblemorienteratApp,
) -> None:
    """The declaration runs the same checks as the commands: an argument-free command is
    accepted exactly when it is offered."""
    for problem_id in (identified(app), in_analysis(app), analysed(app), submitted(app)):
        problem = app.get_problem(problem_id)
        offered = problem.available_commands(BRA)
        for command in (
            "start_analysis",
            "complete_analysis",
            "start_assessment",
            "submit_assessment",
            "close",
        ):
            attempt = app.get_problem(problem_id)
            if command in offered:
                getattr(attempt, command)(BRA)
            else:
                with pytest.raises(RuleViolation):
                    getattr(attempt, command)(BRA)


def test_every_command_of_the_problem_is_declared() -> None:
    """Each public method taking the actor is a declared command with a stage and roles."""
    commands = {
        name
        for name, member in vars(Problem).items()
        if not name.startswith("_")
        and (inspect.isfunction(member) or isinstance(member, classmethod))
        and "actor" in inspect.signature(getattr(Problem, name)).parameters
        and name not in ("available_commands", "action_commands")  # ask, record nothing
    }
    assert commands == set(PROBLEM_STEPS)
    for step in PROBLEM_STEPS.values():
        assert step.stage in (Stage.SCANNING, Stage.ANALYSIS, Stage.RESPONSE, Stage.ASSESSMENT)
        assert step.roles <= {Role.MEMBER, Role.BRA}


def test_a_planned_action_may_be_started_and_a_started_one_completed(
    app: ProblemorienteratApp,
) -> None:
    """In Åtgärda an action moves planned → started → completed (or is cancelled, or
    deviates); a completed action takes no more steps; outside Åtgärda none is offered."""
    problem = app.get_problem(analysed(app))
    assert problem.action_commands(MEMBER, ActionStatus.PLANNED) == [
        "start_action",
        "cancel_action",
    ]
    assert problem.action_commands(MEMBER, ActionStatus.STARTED) == [
        "complete_action",
        "cancel_action",
        "record_deviation",
    ]
    assert problem.action_commands(MEMBER, ActionStatus.COMPLETED) == []
    assert problem.action_commands(AUDITOR, ActionStatus.PLANNED) == []
    in_scanning = app.get_problem(identified(app))
    assert in_scanning.action_commands(MEMBER, ActionStatus.PLANNED) == []
