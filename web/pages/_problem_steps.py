"""The SARA steps the problem page offers as forms: each the API's body model, the use case
it runs and the message shown after it.

A step's form posts to ``/arenden/{reference}/steg/{slug}`` (an action's steps to
``/arenden/{reference}/atgarder/{action_id}/{slug}``); :func:`available_steps` says which
forms the page shows for the problem's stage and review status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from problemorienterat.application import CommandResult, ProblemorienteratApp
from problemorienterat.contracts.commands.fields import Body
from problemorienterat.contracts.commands.problems import (
    AnswerCheers,
    EvaluateProcess,
    JudgeOutcome,
    PlanAction,
    RecordFinding,
    RecordFollowUp,
    RecordLesson,
    RecordSpread,
    RegisterBaseline,
    StateHypothesis,
)
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ActionStatus, ReviewStatus, Stage


class NoFields(Body):
    """A step the API takes without a body (start the analysis, submit, ...): the form
    carries only the CSRF token and the version."""


Run = Callable[[ProblemorienteratApp, Actor, UUID, Any, int | None], CommandResult]


@dataclass(frozen=True)
class StepForm:
    """A form of the problem page."""

    model: type[Body]
    run: Run
    done: str


STEPS: dict[str, StepForm] = {
    "cheers": StepForm(
        AnswerCheers,
        lambda app, actor, pid, body, v: app.answer_cheers(
            actor, pid, **body.model_dump(), expected_version=v),
        "CHEERS-svaret är sparat.",
    ),
    "starta-analys": StepForm(
        NoFields,
        lambda app, actor, pid, body, v: app.start_analysis(actor, pid, expected_version=v),
        "Analysen har börjat.",
    ),
    "iakttagelse": StepForm(
        RecordFinding,
        lambda app, actor, pid, body, v: app.record_finding(
            actor, pid, **body.model_dump(), expected_version=v),
        "Iakttagelsen är sparad.",
    ),
    "hypotes": StepForm(
        StateHypothesis,
        lambda app, actor, pid, body, v: app.state_hypothesis(
            actor, pid, **body.model_dump(), expected_version=v),
        "Hypotesen är sparad.",
    ),
    "nollmatning": StepForm(
        RegisterBaseline,
        lambda app, actor, pid, body, v: app.register_baseline(
            actor, pid, measure=body.measure.to_measure(), expected_version=v),
        "Nollmätningen är registrerad.",
    ),
    "avsluta-analys": StepForm(
        NoFields,
        lambda app, actor, pid, body, v: app.complete_analysis(actor, pid, expected_version=v),
        "Analysen är avslutad. Nu kan åtgärder planeras.",
    ),
    "atgard": StepForm(
        PlanAction,
        lambda app, actor, pid, body, v: app.plan_action(
            actor, pid, **body.model_dump(), expected_version=v),
        "Åtgärden är planerad.",
    ),
    "starta-uppfoljning": StepForm(
        NoFields,
        lambda app, actor, pid, body, v: app.start_assessment(actor, pid, expected_version=v),
        "Uppföljningen har börjat.",
    ),
    "uppfoljningsmatning": StepForm(
        RecordFollowUp,
        lambda app, actor, pid, body, v: app.record_follow_up(
            actor, pid, measure=body.measure.to_measure(), expected_version=v),
        "Uppföljningsmätningen är sparad.",
    ),
    "processutvardering": StepForm(
        EvaluateProcess,
        lambda app, actor, pid, body, v: app.evaluate_process(
            actor, pid, **body.model_dump(), expected_version=v),
        "Processutvärderingen är sparad.",
    ),
    "forflyttning": StepForm(
        RecordSpread,
        lambda app, actor, pid, body, v: app.record_spread(
            actor, pid, **body.model_dump(), expected_version=v),
        "Förflyttning eller spridning är sparad.",
    ),
    "effekt": StepForm(
        JudgeOutcome,
        lambda app, actor, pid, body, v: app.judge_outcome(
            actor, pid, **body.model_dump(), expected_version=v),
        "Effektbedömningen är sparad.",
    ),
    "lardom": StepForm(
        RecordLesson,
        lambda app, actor, pid, body, v: app.record_lesson(
            actor, pid, **body.model_dump(), expected_version=v),
        "Lärdomen är sparad.",
    ),
    "lamna-in": StepForm(
        NoFields,
        lambda app, actor, pid, body, v: app.submit_assessment(actor, pid, expected_version=v),
        "Uppföljningen är inlämnad till lokala BRÅ för granskning.",
    ),
    "avsluta": StepForm(
        NoFields,
        lambda app, actor, pid, body, v: app.close_problem(actor, pid, expected_version=v),
        "Ärendet är avslutat.",
    ),
}

ActionRun = Callable[[ProblemorienteratApp, Actor, UUID, UUID, int | None], CommandResult]

ACTION_STEPS: dict[str, tuple[ActionRun, str]] = {
    "paborja": (
        lambda app, actor, pid, aid, v: app.start_action(
            actor, pid, action_id=aid, expected_version=v),
        "Åtgärden är påbörjad.",
    ),
    "slutfor": (
        lambda app, actor, pid, aid, v: app.complete_action(
            actor, pid, action_id=aid, expected_version=v),
        "Åtgärden är genomförd.",
    ),
}


def available_steps(problem: Problem) -> frozenset[str]:  # noqa: PLR0911 - one per stage
    """The forms the page shows a writer now: the common next steps of the stage."""
    stage = problem.stage
    if stage is Stage.SCANNING:
        return frozenset({"cheers", "starta-analys"})
    if stage is Stage.ANALYSIS:
        return frozenset({"iakttagelse", "hypotes", "nollmatning", "avsluta-analys"})
    if stage is Stage.RESPONSE:
        steps = {"atgard", "starta-uppfoljning"}
        if problem.response_started_at is None:
            steps.add("nollmatning")  # the baseline may still be corrected
        return frozenset(steps)
    if stage is Stage.ASSESSMENT:
        if problem.review_status is ReviewStatus.APPROVED:
            return frozenset({"avsluta"})
        if problem.review_status is ReviewStatus.SUBMITTED:
            return frozenset()
        return frozenset({
            "uppfoljningsmatning", "processutvardering", "forflyttning", "effekt", "lardom",
            "lamna-in",
        })
    return frozenset()


def action_steps(problem: Problem, status: ActionStatus) -> tuple[str, ...]:
    """The buttons an action shows a writer in the response stage."""
    if problem.stage is not Stage.RESPONSE:
        return ()
    if status is ActionStatus.PLANNED:
        return ("paborja",)
    if status in (ActionStatus.STARTED, ActionStatus.DEVIATED):
        return ("slutfor",)
    return ()
