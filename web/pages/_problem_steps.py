"""The SARA steps the problem page offers as forms: each the API's body model, the domain
command it takes, the use case it runs and the message shown after it.

A step's form posts to ``/arenden/{reference}/steg/{slug}`` (an action's steps to
``/arenden/{reference}/atgarder/{action_id}/{slug}``); which forms the page shows is the
problem's own answer (:meth:`Problem.available_commands`).
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
from problemorienterat.domain.sara import ActionStatus


class NoFields(Body):
    """A step the API takes without a body (start the analysis, submit, ...): the form
    carries only the CSRF token and the version."""


Run = Callable[[ProblemorienteratApp, Actor, UUID, Any, int | None], CommandResult]


@dataclass(frozen=True)
class StepForm:
    """A form of the problem page: its body model, the domain command it takes (named as
    the Problem's method), how it runs and the message shown after it. ``shown_with``: the
    form is shown only while that command is offered too."""

    model: type[Body]
    command: str
    run: Run
    done: str
    shown_with: str | None = None


STEPS: dict[str, StepForm] = {
    "cheers": StepForm(
        AnswerCheers,
        "answer_cheers",
        lambda app, actor, pid, body, v: app.answer_cheers(
            actor, pid, **body.model_dump(), expected_version=v
        ),
        "CHEERS-svaret är sparat.",
    ),
    "starta-analys": StepForm(
        NoFields,
        "start_analysis",
        lambda app, actor, pid, body, v: app.start_analysis(actor, pid, expected_version=v),
        "Analysen har börjat.",
    ),
    "iakttagelse": StepForm(
        RecordFinding,
        "record_finding",
        lambda app, actor, pid, body, v: app.record_finding(
            actor, pid, **body.model_dump(), expected_version=v
        ),
        "Iakttagelsen är sparad.",
    ),
    "hypotes": StepForm(
        StateHypothesis,
        "state_hypothesis",
        lambda app, actor, pid, body, v: app.state_hypothesis(
            actor, pid, **body.model_dump(), expected_version=v
        ),
        "Hypotesen är sparad.",
    ),
    "nollmatning": StepForm(
        RegisterBaseline,
        "register_baseline",
        lambda app, actor, pid, body, v: app.register_baseline(
            actor, pid, measure=body.measure.to_measure(), expected_version=v
        ),
        "Nollmätningen är registrerad.",
    ),
    "avsluta-analys": StepForm(
        NoFields,
        "complete_analysis",
        lambda app, actor, pid, body, v: app.complete_analysis(actor, pid, expected_version=v),
        "Analysen är avslutad. Nu kan åtgärder planeras.",
    ),
    "atgard": StepForm(
        PlanAction,
        "plan_action",
        lambda app, actor, pid, body, v: app.plan_action(
            actor, pid, **body.model_dump(), expected_version=v
        ),
        "Åtgärden är planerad.",
    ),
    "starta-uppfoljning": StepForm(
        NoFields,
        "start_assessment",
        lambda app, actor, pid, body, v: app.start_assessment(actor, pid, expected_version=v),
        "Uppföljningen har börjat.",
    ),
    "uppfoljningsmatning": StepForm(
        RecordFollowUp,
        "record_follow_up",
        lambda app, actor, pid, body, v: app.record_follow_up(
            actor, pid, measure=body.measure.to_measure(), expected_version=v
        ),
        "Uppföljningsmätningen är sparad.",
    ),
    "processutvardering": StepForm(
        EvaluateProcess,
        "evaluate_process",
        lambda app, actor, pid, body, v: app.evaluate_process(
            actor, pid, **body.model_dump(), expected_version=v
        ),
        "Processutvärderingen är sparad.",
    ),
    "forflyttning": StepForm(
        RecordSpread,
        "record_spread",
        lambda app, actor, pid, body, v: app.record_spread(
            actor, pid, **body.model_dump(), expected_version=v
        ),
        "Förflyttning eller spridning är sparad.",
    ),
    "effekt": StepForm(
        JudgeOutcome,
        "judge_outcome",
        lambda app, actor, pid, body, v: app.judge_outcome(
            actor, pid, **body.model_dump(), expected_version=v
        ),
        "Effektbedömningen är sparad.",
    ),
    "lardom": StepForm(
        RecordLesson,
        "record_lesson",
        lambda app, actor, pid, body, v: app.record_lesson(
            actor, pid, **body.model_dump(), expected_version=v
        ),
        "Lärdomen är sparad.",
        shown_with="evaluate_process",  # with the assessment's forms, not at every stage
    ),
    "lamna-in": StepForm(
        NoFields,
        "submit_assessment",
        lambda app, actor, pid, body, v: app.submit_assessment(actor, pid, expected_version=v),
        "Uppföljningen är inlämnad till lokala BRÅ för granskning.",
    ),
    "avsluta": StepForm(
        NoFields,
        "close",
        lambda app, actor, pid, body, v: app.close_problem(actor, pid, expected_version=v),
        "Ärendet är avslutat.",
    ),
}

ActionRun = Callable[[ProblemorienteratApp, Actor, UUID, UUID, int | None], CommandResult]

# an action's step: the command it takes, how it runs, the message after it
ACTION_STEPS: dict[str, tuple[str, ActionRun, str]] = {
    "paborja": (
        "start_action",
        lambda app, actor, pid, aid, v: app.start_action(
            actor, pid, action_id=aid, expected_version=v
        ),
        "Åtgärden är påbörjad.",
    ),
    "slutfor": (
        "complete_action",
        lambda app, actor, pid, aid, v: app.complete_action(
            actor, pid, action_id=aid, expected_version=v
        ),
        "Åtgärden är genomförd.",
    ),
}


def available_steps(problem: Problem, actor: Actor) -> frozenset[str]:
    """The forms the page shows ``actor``: the steps the problem offers now, including those
    whose earlier work is missing (taking one then says what is missing)."""
    offered = set(problem.available_commands(actor, unready=True))
    return frozenset(
        slug
        for slug, form in STEPS.items()
        if form.command in offered and (form.shown_with is None or form.shown_with in offered)
    )


def action_steps(problem: Problem, status: ActionStatus, actor: Actor) -> tuple[str, ...]:
    """The buttons an action that is ``status`` shows ``actor``."""
    offered = problem.action_commands(actor, status)
    return tuple(slug for slug, (command, _, _) in ACTION_STEPS.items() if command in offered)
