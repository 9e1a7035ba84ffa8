"""Ärende: one problem — header, the SARA timeline (every step, who and when), the facts of
each stage, lokala BRÅ's review decisions, the baseline-versus-follow-up chart, and forms for
the next steps the logged-in member of the problem's group (or lokala BRÅ) may take.

Every read and write is authorised as the API does it (:mod:`contracts.policy`): a problem the
user may not see is 404; auditors read but get no forms, and their POSTs are refused (403).
"""

from __future__ import annotations

from enum import Enum
from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.policy import WRITERS, readable_problem
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import (
    ActionKind,
    CheersQuestion,
    Outcome,
    Priority,
    RepeatPattern,
    ReviewStatus,
    SpreadDimension,
    SpreadKind,
    Stage,
    Technique,
    TimeHorizon,
    TriangleSide,
)
from problemorienterat.domain.swedish_day import swedish_today
from projections.service import ProjectionService
from web.forms import Form, FormData, parse_form
from web.messages import domain_message
from web.pages._focus_area import focus_area_name
from web.pages._problem_parts import (
    Choice,
    action_progress,
    case_timeline,
    cheers_gaps,
    effort_totals,
    findings_by_side,
    focus_area_choices,
    group_choices,
    measure_chart,
    moment,
    not_ready,
    number_text,
    period_warnings,
)
from web.pages._problem_steps import (
    ACTION_STEPS,
    STEPS,
    action_steps,
    available_steps,
)
from web.pages.downloads import PDF_SUFFIX, case_pdf
from web.rendering import render, see_other
from web.session import flash

TEMPLATE = "arende.html.j2"
ENUMS: dict[str, type[Enum]] = {
    cls.__name__: cls
    for cls in (
        ActionKind,
        CheersQuestion,
        Organisation,
        Outcome,
        Priority,
        RepeatPattern,
        SpreadDimension,
        SpreadKind,
        Technique,
        TimeHorizon,
        TriangleSide,
    )
}
"""The enums whose choices the forms offer (``choices(Outcome)`` in the template)."""
REOPEN_STAGES = (Stage.ANALYSIS, Stage.RESPONSE)
"""Where a problem may be reopened to (the domain refuses any other stage)."""


def problem_path(reference: str) -> str:
    return f"/arenden/{reference}"


def _application(request: Request[Any, Any, Any]) -> ProblemorienteratApp:
    application: ProblemorienteratApp = request.app.state.application
    return application


def _group_name(application: ProblemorienteratApp, problem: Problem) -> str | None:
    if problem.group_id is None:
        return None
    try:
        return application.get_group(problem.group_id).name
    except NotFoundError:
        return None


def problem_context(
    application: ProblemorienteratApp,
    principal: Principal,
    problem: Problem,
    views: ProjectionService | None = None,
) -> dict[str, Any]:
    """What ``arende.html.j2`` shows of ``problem`` to ``principal`` (already authorised).
    ``views``: where lokala BRÅ's choice of the municipality's working groups comes from."""
    may_write = principal.role in WRITERS and (problem.is_open or problem.stage is Stage.CLOSED)
    steps = available_steps(problem, principal.actor) if may_write else frozenset()
    reviews = [{"decision": r, "at": moment(r.decided_at)} for r in reversed(problem.reviews)]
    returned = problem.review_status is ReviewStatus.RETURNED and problem.latest_review is not None
    analysis_blocked = not_ready(problem, "start_analysis") if "starta-analys" in steps else None
    return {
        "problem": problem,
        "group_name": _group_name(application, problem),
        "focus_area": focus_area_name(
            application, problem.municipality, problem.citizen_promise_id, problem.focus_area_id
        ),
        "timeline": case_timeline(application, problem),
        "findings": findings_by_side(
            problem,
            may_see_personal_data=application.may_see_personal_data(principal.actor, problem),
        ),
        "analysis_blocked": (
            None if analysis_blocked is None else domain_message(analysis_blocked)
        ),
        "groups": (
            group_choices(application, principal, problem, views) if "arbetsgrupp" in steps else []
        ),
        "focus_areas": (
            focus_area_choices(application, problem, swedish_today().year)
            if "fokusomrade" in steps
            else None
        ),
        "progress": action_progress(problem),
        "efforts": effort_totals(problem),
        "action_choices": [Choice(str(a.action_id), a.title) for a in problem.actions.values()],
        "cheers_gaps": cheers_gaps(problem),
        "period_warnings": period_warnings(problem),
        "reopen_stages": [(s.value, s.label_sv) for s in REOPEN_STAGES],
        "chart": measure_chart(problem),
        "reviews": reviews,
        "returned": reviews[0] if returned else None,
        "may_write": may_write,
        "steps": steps,
        "action_steps": (
            lambda status: action_steps(problem, status, principal.actor) if may_write else ()
        ),
        "may_review": (
            principal.role is Role.BRA
            and problem.review_status is ReviewStatus.SUBMITTED
            and problem.is_open
        ),
        "submitted_at": moment(problem.submitted_at) if problem.submitted_at else None,
        "form": None,
        "active": None,
        "number": number_text,
        **ENUMS,
    }


@get("/arenden/{reference:str}", name="problem", sync_to_thread=True)
def problem_page(
    request: Request[Any, Any, Any],
    reference: FromPath[str],
    principal: NamedDependency[Principal],
) -> Template | Response[bytes]:
    if reference.endswith(PDF_SUFFIX):  # /arenden/{reference}.pdf: the case as PDF
        return case_pdf(request, principal, reference.removesuffix(PDF_SUFFIX))
    application = _application(request)
    problem = readable_problem(application, principal, reference)
    context = problem_context(application, principal, problem, _views(request))
    return render(request, TEMPLATE, **context)


def _views(request: Request[Any, Any, Any]) -> ProjectionService | None:
    views: ProjectionService | None = request.app.state.get("projections")
    return views


@post("/arenden/{reference:str}/steg/{step:str}", sync_to_thread=True, status_code=303)
def take_step(
    request: Request[Any, Any, Any],
    reference: FromPath[str],
    step: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """One SARA step from its form, recorded as the logged-in user (POST-redirect-GET)."""
    application = _application(request)
    problem = readable_problem(application, principal, reference, WRITERS)
    found = STEPS.get(step)
    if found is None:
        raise NotFoundException
    form = found.form(data, problem)
    refused = found.check(application, principal, form.body()) if form.ok and found.check else None
    if refused is not None:
        form.add_error(*refused)
    result = form.run(
        lambda: found.run(
            application, principal.actor, problem.id, form.body(), form.expected_version
        )
    )
    if result is None:
        return _again(request, application, principal, problem.reference, form, step)
    flash(request, found.done)
    return see_other(problem_path(problem.reference))


@post(
    "/arenden/{reference:str}/atgarder/{action_id:uuid}/{step:str}",
    sync_to_thread=True,
    status_code=303,
)
def take_action_step(  # noqa: PLR0917 - the path's parts, the form and the user
    request: Request[Any, Any, Any],
    reference: FromPath[str],
    action_id: FromPath[UUID],
    step: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """Start, complete or cancel one of the problem's actions, or record a deviation."""
    application = _application(request)
    problem = readable_problem(application, principal, reference, WRITERS)
    found = ACTION_STEPS.get(step)
    if found is None:
        raise NotFoundException
    form = parse_form(found.model, data)
    result = form.run(
        lambda: found.run(
            application, principal.actor, problem.id, action_id, form.body(), form.expected_version
        )
    )
    if result is None:
        return _again(
            request,
            application,
            principal,
            problem.reference,
            form,
            f"atgard-{action_id.hex}-{step}",
        )
    flash(request, found.done)
    return see_other(problem_path(problem.reference))


def _again(  # noqa: PLR0917 - what the page needs to show the form again
    request: Request[Any, Any, Any],
    application: ProblemorienteratApp,
    principal: Principal,
    reference: str,
    form: Form[Any],
    active: str,
) -> Template:
    """The page again with the submitted form's input and its errors next to the fields."""
    current = readable_problem(application, principal, reference)
    context = problem_context(application, principal, current, _views(request))
    context.update(form=form, active=active)
    return render(request, TEMPLATE, status_code=form.status_code, **context)


ROUTES = [problem_page, take_step, take_action_step]
