"""The SARA steps the problem page offers as forms, in ONE table: each the API's body model
(the command contract), the domain command it takes, the use case it runs and the message
shown after it. Adding a step to the page is adding one row here (and its fields to the
stage's template).

A step's form posts to ``/arenden/{reference}/steg/{slug}`` (an action's steps to
``/arenden/{reference}/atgarder/{action_id}/{slug}``); which forms the page shows is the
problem's own answer (:meth:`Problem.available_commands`, :meth:`Problem.action_commands`).
Lokala BRÅ's review (approve, return) has its own page (:mod:`web.pages.review`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from problemorienterat.application import CommandResult, ProblemorienteratApp
from problemorienterat.contracts.commands.fields import Body
from problemorienterat.contracts.commands.problems import (
    AnswerCheers,
    AssignGroup,
    ClassifyRepeatPattern,
    Description,
    EvaluateProcess,
    JudgeOutcome,
    LinkFocusArea,
    PlanAction,
    Prioritise,
    Reason,
    RecordDataSource,
    RecordEffort,
    RecordFinding,
    RecordFollowUp,
    RecordLesson,
    RecordSpread,
    Reformulate,
    RegisterBaseline,
    Reject,
    Reopen,
    StateHypothesis,
)
from problemorienterat.contracts.policy import check_own_group
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.errors import InvalidValueError
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ActionStatus, CheersQuestion
from web.forms import Form, parse_form


class NoFields(Body):
    """A step the API takes without a body (start the analysis, submit, ...): the form
    carries only the CSRF token and the version."""


class ConfirmedNoFields(Body):
    """A step the API takes without a body that the page asks to confirm first (closing a
    case): the confirmation is the page's, the command is the API's (no body)."""

    confirmed: bool = False


Run = Callable[[ProblemorienteratApp, Actor, UUID, Any, int | None], CommandResult]
Check = Callable[[ProblemorienteratApp, Principal, Any], tuple[str, str] | None]
"""A check the API route makes before the use case (a member assigns only their own groups):
None, or the field and the Swedish message the form shows next to it (422)."""


@dataclass(frozen=True)
class StepForm:
    """A form of the problem page: its body model, the domain command it takes (named as
    the Problem's method), how it runs and the message shown after it. ``shown_with``: the
    form is shown only while that command is offered too. ``check``: what the API route
    checks before running the use case. ``parse``: how the submitted form becomes the
    body (default: the model validated as one form)."""

    model: type[Body]
    command: str
    run: Run
    done: str
    shown_with: str | None = None
    check: Check | None = None
    parse: Callable[[Mapping[str, Any], Problem], Form[Any]] | None = None

    def form(self, data: Mapping[str, Any], problem: Problem) -> Form[Any]:
        return self.parse(data, problem) if self.parse else parse_form(self.model, data)


# ------------------------------------------------------------------ CHEERS: six rows, one form


class CheersForm(Form[Any]):
    """The six CHEERS questions as one form: row ``{question}.met`` / ``{question}.evidence``.
    Each filled-in row is validated by the API's contract (:class:`AnswerCheers`); the body
    is the rows that differ from the answers already recorded (each becomes one
    ``answer_cheers``), so saving again records nothing twice."""

    def __init__(self, raw: Mapping[str, Any], problem: Problem) -> None:
        super().__init__(NoFields, {k: v for k, v in raw.items() if "." not in k})
        self.values.update({k: _text(v) for k, v in raw.items() if "." in k})
        rows: list[AnswerCheers] = []
        for question in CheersQuestion:
            met = self.values.get(f"{question.value}.met", "")
            evidence = self.values.get(f"{question.value}.evidence", "")
            if met == "" and evidence.strip() == "":
                continue  # not answered in this form
            row = parse_form(
                AnswerCheers, {"question": question.value, "met": met, "evidence": evidence}
            )
            if met == "":
                row.errors["met"] = "Välj ja eller nej."
            for name, message in row.errors.items():
                self.errors[f"{question.value}.{name}"] = message
            if row.ok and _changed(problem, row.body()):
                rows.append(row.body())
        if not rows and not self.errors:
            self.form_errors.append("Inget att spara: besvara eller ändra minst en fråga.")
        self._status = 422 if self.errors or self.form_errors else 200
        self._body = tuple(rows) if self._status == 200 else None


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value)


def _changed(problem: Problem, answer: AnswerCheers) -> bool:
    recorded = problem.cheers.get(answer.question.value)
    return recorded is None or (recorded.met, recorded.evidence) != (answer.met, answer.evidence)


def _answer_cheers(
    app: ProblemorienteratApp,
    actor: Actor,
    pid: UUID,
    rows: tuple[AnswerCheers, ...],
    version: int | None,
) -> CommandResult:
    """Each changed row as its own answer (one event each, as the API records them)."""
    result: CommandResult | None = None
    for row in rows:
        result = app.answer_cheers(actor, pid, **row.model_dump(), expected_version=version)
        version = None if version is None else result.version
    assert result is not None  # the form has at least one row to record
    return result


# ------------------------------------------------------------------ checks the API makes


def _own_group(
    app: ProblemorienteratApp, principal: Principal, body: Any
) -> tuple[str, str] | None:
    """As the API route (:func:`check_own_group`): a member assigns the problem only to one
    of their own working groups."""
    assert isinstance(body, AssignGroup)
    try:
        check_own_group(app, principal, body.group_id)
    except InvalidValueError:
        return "group_id", "Välj en av dina egna arbetsgrupper."
    return None


class ConfirmForm(Form[Any]):
    """A step the page asks to confirm with a required checkbox (no JavaScript)."""

    def __init__(self, raw: Mapping[str, Any], problem: Problem) -> None:
        super().__init__(ConfirmedNoFields, raw)
        if self.ok and not self.body().confirmed:
            self.add_error("confirmed", "Kryssa i rutan för att bekräfta att ärendet avslutas.")


def _dump(body: BaseModel) -> dict[str, Any]:
    return body.model_dump()


def _use_case(name: str) -> Run:
    """The run of a step whose use case takes the body's fields as they are: the
    application's method ``name`` with the problem, the fields and the version."""

    def run(
        app: ProblemorienteratApp, actor: Actor, pid: UUID, body: Any, v: int | None
    ) -> CommandResult:
        use_case: Callable[..., CommandResult] = getattr(app, name)
        return use_case(actor, pid, **_dump(body), expected_version=v)

    return run


STEPS: dict[str, StepForm] = {
    # ------------------------------------------------------------ Identifiera
    "cheers": StepForm(
        AnswerCheers,
        "answer_cheers",
        _answer_cheers,
        "CHEERS-svaren är sparade.",
        parse=CheersForm,
    ),
    "omformulera": StepForm(
        Reformulate,
        "reformulate",
        _use_case("reformulate"),
        "Problemet är omformulerat.",
    ),
    "prioritera": StepForm(
        Prioritise,
        "prioritise",
        _use_case("prioritise"),
        "Prioriteten är sparad.",
    ),
    "arbetsgrupp": StepForm(
        AssignGroup,
        "assign_group",
        _use_case("assign_group"),
        "Arbetsgruppen är tilldelad.",
        check=_own_group,
    ),
    "fokusomrade": StepForm(
        LinkFocusArea,
        "link_focus_area",
        _use_case("link_focus_area"),
        "Problemet är kopplat till fokusområdet.",
    ),
    "avvisa": StepForm(
        Reject,
        "reject",
        _use_case("reject"),
        "Problemet är avvisat.",
    ),
    "starta-analys": StepForm(
        NoFields,
        "start_analysis",
        _use_case("start_analysis"),
        "Analysen har börjat.",
    ),
    # ------------------------------------------------------------ Analysera
    "iakttagelse": StepForm(
        RecordFinding,
        "record_finding",
        _use_case("record_finding"),
        "Iakttagelsen är sparad.",
    ),
    "upprepning": StepForm(
        ClassifyRepeatPattern,
        "classify_repeat_pattern",
        _use_case("classify_repeat_pattern"),
        "Upprepningsmönstret är sparat.",
    ),
    "datakalla": StepForm(
        RecordDataSource,
        "record_data_source",
        _use_case("record_data_source"),
        "Datakällan är sparad.",
    ),
    "orsak": StepForm(
        Description,
        "record_cause",
        _use_case("record_cause"),
        "Orsaken är sparad.",
    ),
    "nuvarande-insatser": StepForm(
        Description,
        "describe_current_response",
        _use_case("describe_current_response"),
        "Den nuvarande hanteringen är beskriven.",
    ),
    "hypotes": StepForm(
        StateHypothesis,
        "state_hypothesis",
        _use_case("state_hypothesis"),
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
        _use_case("complete_analysis"),
        "Analysen är avslutad. Nu kan åtgärder planeras.",
    ),
    # ------------------------------------------------------------ Åtgärda
    "atgard": StepForm(
        PlanAction,
        "plan_action",
        _use_case("plan_action"),
        "Åtgärden är planerad.",
    ),
    "insats": StepForm(
        RecordEffort,
        "record_effort",
        _use_case("record_effort"),
        "Insatsen är sparad.",
    ),
    "starta-uppfoljning": StepForm(
        NoFields,
        "start_assessment",
        _use_case("start_assessment"),
        "Uppföljningen har börjat.",
    ),
    # ------------------------------------------------------------ Följa upp
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
        _use_case("evaluate_process"),
        "Processutvärderingen är sparad.",
    ),
    "forflyttning": StepForm(
        RecordSpread,
        "record_spread",
        _use_case("record_spread"),
        "Förflyttning eller spridning är sparad.",
    ),
    "effekt": StepForm(
        JudgeOutcome,
        "judge_outcome",
        _use_case("judge_outcome"),
        "Effektbedömningen är sparad.",
    ),
    "lardom": StepForm(
        RecordLesson,
        "record_lesson",
        _use_case("record_lesson"),
        "Lärdomen är sparad.",
        shown_with="evaluate_process",  # with the assessment's forms, not at every stage
    ),
    "lamna-in": StepForm(
        NoFields,
        "submit_assessment",
        _use_case("submit_assessment"),
        "Uppföljningen är inlämnad till lokala BRÅ för granskning.",
    ),
    "avsluta": StepForm(
        ConfirmedNoFields,
        "close",
        lambda app, actor, pid, body, v: app.close_problem(actor, pid, expected_version=v),
        "Ärendet är avslutat.",
        parse=ConfirmForm,
    ),
    "ateroppna": StepForm(
        Reopen,
        "reopen",
        lambda app, actor, pid, body, v: app.reopen(
            actor, pid, to_stage=body.to_stage.stage, reason=body.reason, expected_version=v
        ),
        "Ärendet är återöppnat.",
    ),
}

# ------------------------------------------------------------------ an action's steps

ActionRun = Callable[[ProblemorienteratApp, Actor, UUID, UUID, Any, int | None], CommandResult]


@dataclass(frozen=True)
class ActionStepForm:
    """A step on one action: its body model, the command, how it runs, the message after."""

    model: type[Body]
    command: str
    run: ActionRun
    done: str


ACTION_STEPS: dict[str, ActionStepForm] = {
    "paborja": ActionStepForm(
        NoFields,
        "start_action",
        lambda app, actor, pid, aid, body, v: app.start_action(
            actor, pid, action_id=aid, expected_version=v
        ),
        "Åtgärden är påbörjad.",
    ),
    "slutfor": ActionStepForm(
        NoFields,
        "complete_action",
        lambda app, actor, pid, aid, body, v: app.complete_action(
            actor, pid, action_id=aid, expected_version=v
        ),
        "Åtgärden är genomförd.",
    ),
    "avvikelse": ActionStepForm(
        Reason,
        "record_deviation",
        lambda app, actor, pid, aid, body, v: app.record_deviation(
            actor, pid, action_id=aid, reason=body.reason, expected_version=v
        ),
        "Avvikelsen är sparad.",
    ),
    "avbryt": ActionStepForm(
        Reason,
        "cancel_action",
        lambda app, actor, pid, aid, body, v: app.cancel_action(
            actor, pid, action_id=aid, reason=body.reason, expected_version=v
        ),
        "Åtgärden är avbruten.",
    ),
}

REVIEW_COMMANDS = frozenset({"approve_assessment", "return_assessment"})
"""Lokala BRÅ's decisions on a submitted assessment: forms of the review page (Granskning)."""
CREATING_COMMAND = "identify"
"""The command that creates a problem: the form of the "Nytt problem" page."""


def form_of(command: str) -> str | None:
    """The slug of the problem page's form (or action form) that takes ``command``."""
    for slug, form in STEPS.items():
        if form.command == command:
            return slug
    for slug, action_form in ACTION_STEPS.items():
        if action_form.command == command:
            return slug
    return None


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
    """The steps an action that is ``status`` offers ``actor``."""
    offered = problem.action_commands(actor, status)
    return tuple(slug for slug, form in ACTION_STEPS.items() if form.command in offered)
