"""Granskning: lokala BRÅ reviews a submitted assessment — baseline and follow-up side by
side (and the chart), the process evaluation, displacement and diffusion, the outcome and the
lessons — and approves it or returns it with comments, recorded as the logged-in BRÅ member.

Only lokala BRÅ reviews (:data:`contracts.policy.BRA_ONLY`): as in the API, a member of the
problem's group and an auditor are refused (403), anyone who may not see the problem gets 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from problemorienterat.application import CommandResult, ProblemorienteratApp
from problemorienterat.contracts.commands.fields import Body, OptionalText
from problemorienterat.contracts.commands.meetings import AssessmentDecision
from problemorienterat.contracts.commands.problems import ApproveAssessment, ReturnAssessment
from problemorienterat.contracts.policy import BRA_ONLY, municipal_object, readable_problem
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.meeting import Meeting
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.problem_parts import ReviewDecision
from problemorienterat.domain.sara import ReviewStatus
from problemorienterat.domain.swedish_day import swedish_today
from web.forms import Form, FormData, parse_form
from web.pages._problem_parts import measure_chart, moment, number_text, period_warnings
from web.pages.problem import problem_path
from web.rendering import render, see_other
from web.session import flash

TEMPLATE = "granskning.html.j2"
APPROVED = "Uppföljningen är godkänd. Ärendet kan nu avslutas."
RETURNED = "Uppföljningen är återremitterad till arbetsgruppen med lokala BRÅ:s kommentarer."


def review_path(reference: str) -> str:
    return f"/granskning/{reference}"


def _application(request: Request[Any, Any, Any]) -> ProblemorienteratApp:
    application: ProblemorienteratApp = request.app.state.application
    return application


def review_context(application: ProblemorienteratApp, problem: Problem) -> dict[str, Any]:
    """What ``granskning.html.j2`` shows of ``problem`` (already authorised for lokala BRÅ)."""
    group_name = None
    if problem.group_id is not None:
        group_name = application.get_group(problem.group_id).name
    cycle_follow_ups = problem.follow_ups[problem.cycle_follow_ups_start :]
    return {
        "problem": problem,
        "group_name": group_name,
        "follow_ups": cycle_follow_ups,
        "chart": measure_chart(problem),
        "period_warnings": period_warnings(problem),
        "reviewable": problem.is_open and problem.review_status is ReviewStatus.SUBMITTED,
        "submitted_at": moment(problem.submitted_at) if problem.submitted_at else None,
        "reviews": [
            {"decision": r, "at": moment(r.decided_at), "meeting": _meeting_of(application, r)}
            for r in reversed(problem.reviews)
        ],
        "open_meetings": _open_meetings(application, problem),
        "meeting_form": None,
        "actions_done": sum(1 for a in problem.actions.values() if a.status.value == "completed"),
        "number": number_text,
        "approve_form": None,
        "return_form": None,
    }


def _meeting_of(application: ProblemorienteratApp, review: ReviewDecision) -> Meeting | None:
    """The meeting of lokala BRÅ that took the decision, if one did."""
    if review.meeting_id is None:
        return None
    try:
        return application.get_meeting(review.meeting_id)
    except NotFoundError:
        return None


def _open_meetings(application: ProblemorienteratApp, problem: Problem) -> list[Meeting]:
    """The meetings a decision on ``problem`` can be taken in now: held today or earlier,
    neither cancelled nor justerat (the latest first)."""
    if not (problem.is_open and problem.review_status is ReviewStatus.SUBMITTED):
        return []
    today = swedish_today()
    return [
        m
        for m in application.meetings_of(problem.municipality)
        if m.held_on <= today and not m.is_cancelled and not m.is_justerat
    ][:10]


class DecideInMeeting(Body):
    """The review decided as the next § of a meeting of lokala BRÅ."""

    meeting_id: UUID
    decision: AssessmentDecision
    comments: OptionalText = ""


@get("/granskning/{reference:str}", name="review", sync_to_thread=True)
def review_page(
    request: Request[Any, Any, Any],
    reference: FromPath[str],
    principal: NamedDependency[Principal],
) -> Template:
    application = _application(request)
    problem = readable_problem(application, principal, reference, BRA_ONLY)
    return render(request, TEMPLATE, **review_context(application, problem))


@post("/granskning/{reference:str}/godkann", sync_to_thread=True, status_code=303)
def approve(
    request: Request[Any, Any, Any],
    reference: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """Godkänn: the assessment is approved, with optional comments and minutes reference."""
    application = _application(request)
    problem = readable_problem(application, principal, reference, BRA_ONLY)
    form = parse_form(ApproveAssessment, data)
    result = form.run(
        lambda: application.approve_assessment(
            principal.actor,
            problem.id,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        )
    )
    if result is None:
        return _again(request, application, principal, reference, approve_form=form)
    flash(request, APPROVED)
    return see_other(problem_path(problem.reference))


@post("/granskning/{reference:str}/returnera", sync_to_thread=True, status_code=303)
def return_assessment(
    request: Request[Any, Any, Any],
    reference: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """Returnera: the assessment goes back to the group with lokala BRÅ's comments."""
    application = _application(request)
    problem = readable_problem(application, principal, reference, BRA_ONLY)
    form = parse_form(ReturnAssessment, data)
    result = form.run(
        lambda: application.return_assessment(
            principal.actor,
            problem.id,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        )
    )
    if result is None:
        return _again(request, application, principal, reference, return_form=form)
    flash(request, RETURNED)
    return see_other(problem_path(problem.reference))


@post("/granskning/{reference:str}/mote", sync_to_thread=True, status_code=303)
def decide_in_meeting(
    request: Request[Any, Any, Any],
    reference: FromPath[str],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """Besluta vid ett möte: the decision is the meeting's next §, dated the meeting's date."""
    application = _application(request)
    problem = readable_problem(application, principal, reference, BRA_ONLY)
    form = parse_form(DecideInMeeting, data)
    body = form.body() if form.ok else None
    if (
        body is not None
        and body.decision is AssessmentDecision.RETURN
        and not body.comments.strip()
    ):
        form.add_error("comments", "Skriv lokala BRÅ:s kommentarer till arbetsgruppen.")

    def run() -> CommandResult:
        assert body is not None
        meeting = municipal_object(
            principal, lambda: application.get_meeting(body.meeting_id), BRA_ONLY
        )
        return application.decide_assessment(
            principal.actor,
            meeting.id,
            problem_id=problem.id,
            approve=body.decision is AssessmentDecision.APPROVE,
            comments=body.comments,
        )

    result = form.run(run)
    if result is None:
        return _again(request, application, principal, reference, meeting_form=form)
    approved = body is not None and body.decision is AssessmentDecision.APPROVE
    flash(request, APPROVED if approved else RETURNED)
    return see_other(problem_path(problem.reference))


def _again(
    request: Request[Any, Any, Any],
    application: ProblemorienteratApp,
    principal: Principal,
    reference: str,
    **forms: Form[Any],
) -> Template:
    current = readable_problem(application, principal, reference, BRA_ONLY)
    context = {**review_context(application, current), **forms}
    (form,) = forms.values()
    return render(request, TEMPLATE, status_code=form.status_code, **context)


ROUTES = [review_page, approve, return_assessment, decide_in_meeting]
