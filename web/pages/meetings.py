"""Möten: lokala BRÅ schedules its meetings, prepares the agenda from what waits for it,
records who is present and each decision (§) — an uppföljning approved or återremitterad in
the meeting is that review decision — and justerar the protokoll.

``/moten`` lists the meetings and schedules one; ``/moten/{id}`` is the meeting;
``/moten/{id}/protokoll`` the protokoll as the kommun writes it (print it, or render the same
HTML as PDF: :func:`protocol_html`). Lokala BRÅ writes; auditors read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from uuid import UUID

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from problemorienterat import formatting, labels
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.fields import Body, Name, OptionalText, Text
from problemorienterat.contracts.commands.meetings import (
    AcceptProposedAgenda,
    AddAgendaItem,
    AssessmentDecision,
    CancelMeeting,
    DecideEstablishGroup,
    JusteraProtocol,
    MoveAgendaItem,
    RecordMeetingDecision,
    RescheduleMeeting,
    RetitleAgendaItem,
    StartTime,
)
from problemorienterat.contracts.policy import (
    BRA_ONLY,
    OVERSEERS,
    check_municipal_object,
    municipal_object,
    readable_problem,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.meeting import AgendaItem, AgendaKind, Meeting, Participant
from problemorienterat.domain.sara import ReviewStatus
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.domain.working_group import GroupKind
from problemorienterat.reports.pdf import render_pdf
from web.forms import Form, FormData, parse_form
from web.navigation import MEETINGS_PATH
from web.pages._municipal import application_of, municipality_for
from web.pages.downloads import download
from web.pages.year_report import PDF
from web.rendering import render, see_other
from web.session import flash

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LIST_TEMPLATE = "moten.html.j2"
MEETING_TEMPLATE = "mote.html.j2"
PROTOCOL_TEMPLATE = "protokoll.html.j2"
PROTOCOL_CSS = Path(__file__).resolve().parent.parent / "static" / "protokoll.css"


def meeting_path(meeting_id: UUID) -> str:
    return f"{MEETINGS_PATH}/{meeting_id}"


# ------------------------------------------------------------------ the forms' own shapes


class ScheduleForm(Body):
    """The schedule form: participants one per line, "Namn, roll, organisation"."""

    held_on: date
    start_time: StartTime = None
    place: Name
    participants: OptionalText = ""


class AttendanceForm(Body):
    """Närvarande, one per line: "Namn, roll, organisation"."""

    present: Text


class DecideForm(Body):
    """A decision on an uppföljning from the meeting page (the reference is the item's)."""

    reference: Name
    decision: AssessmentDecision
    comments: OptionalText = ""
    agenda_item_id: UUID | None = None


_ORGANISATIONS = {
    **{o.value: o for o in Organisation},
    **{labels.label(o).lower(): o for o in Organisation},
}


def participant_lines(people: list[Participant]) -> str:
    return "\n".join(f"{p.name}, {p.role}, {p.organisation.value}" for p in people)


def parse_participants(text: str) -> list[Participant] | None:
    """ "Namn, roll, organisation" per line (role and organisation may be left out: the
    organisation is then kommun); None if an organisation is unknown."""
    people = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if not parts or not parts[0]:
            continue
        organisation = Organisation.KOMMUN
        if len(parts) >= 3 and parts[2]:
            found = _ORGANISATIONS.get(parts[2].lower())
            if found is None:
                return None
            organisation = found
        people.append(Participant(parts[0], parts[1] if len(parts) > 1 else "", organisation))
    return people


_PEOPLE_ERROR = (
    "Skriv en person per rad: namn, roll, organisation (kommun, polis, region, bostadsbolag, "
    "skola, forening, raddningstjanst, naringsliv eller annan)."
)


# ------------------------------------------------------------------ the protokoll


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2", "html"])
    )
    environment.filters.update(
        label=labels.label, datum=formatting.date_text, tid=formatting.time_text
    )
    return environment


_PROTOCOL = _environment()


@dataclass(frozen=True)
class ProtocolSubject:
    """What a § decided in the tracker, as the protokoll names it (a problem's reference)."""

    reference: str
    title: str


def protocol_html(
    meeting: Meeting,
    *,
    municipality_name: str,
    subjects: dict[UUID, ProtocolSubject] | None = None,
    standalone: bool = False,
    back_path: str | None = None,
) -> str:
    """The protokoll of ``meeting`` as a whole HTML document (Swedish, the kommun's form:
    rubrik, datum, plats, närvarande, § with beslut, justering), ready to print.

    ``standalone=True`` puts the stylesheet inside the document, so a PDF renderer needs
    nothing else (``weasyprint.HTML(string=protocol_html(..., standalone=True)).write_pdf()``);
    the page links it instead, as the site's Content-Security-Policy allows."""
    return _PROTOCOL.get_template(PROTOCOL_TEMPLATE).render(
        meeting=meeting,
        municipality_name=municipality_name,
        subjects=subjects or {},
        inline_css=PROTOCOL_CSS.read_text(encoding="utf-8") if standalone else None,
        back_path=back_path,
    )


def _subjects(application: ProblemorienteratApp, meeting: Meeting) -> dict[UUID, ProtocolSubject]:
    found: dict[UUID, ProtocolSubject] = {}
    for item in meeting.decisions:
        if item.subject_id is None or item.kind is None:
            continue
        if item.kind.value.endswith("_assessment"):
            problem = application.get_problem(item.subject_id)
            found[item.subject_id] = ProtocolSubject(problem.reference, problem.title)
    return found


# ------------------------------------------------------------------ list and schedule


def _list_context(
    request: Request[Any, Any, Any], principal: Principal, kommun: str | None
) -> dict[str, Any]:
    application = application_of(request)
    municipality = municipality_for(application, principal, kommun, overseers_only=True)
    meetings = application.meetings_of(municipality.code) if municipality else []
    return {
        "municipality": municipality,
        "meetings": meetings,
        "can_write": principal.role is Role.BRA,
        "form": None,
        "today": swedish_today().isoformat(),
        "as_of": None,
        "as_of_proposal": [],
    }


@get(MEETINGS_PATH, name="meetings", sync_to_thread=True)
def meetings_page(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
    per: FromQuery[date | None] = None,
) -> Template:
    """The meetings; with ``?per=YYYY-MM-DD`` also what waited for lokala BRÅ at the end of
    that day (the agenda it would have been proposed then, read from the event store)."""
    context = _list_context(request, principal, kommun)
    municipality = context["municipality"]
    if per is not None and municipality is not None:
        end_of_day = datetime.combine(per, time.max, tzinfo=formatting.LOCAL_TIME)
        context["as_of"] = per
        context["as_of_proposal"] = application_of(request).proposed_agenda(
            municipality.code, at=min(end_of_day, datetime.now(UTC))
        )
    return render(request, LIST_TEMPLATE, **context)


@post(MEETINGS_PATH, sync_to_thread=True, status_code=303)
def schedule(
    request: Request[Any, Any, Any],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    application = application_of(request)
    context = _list_context(request, principal, kommun)
    municipality = context["municipality"]
    check_municipal_object(
        principal, municipality=municipality.code if municipality else "", roles=BRA_ONLY
    )
    form = parse_form(ScheduleForm, data)
    people = parse_participants(form.body().participants) if form.ok else []
    if people is None:
        form.add_error("participants", _PEOPLE_ERROR)
    result = form.run(
        lambda: application.schedule_meeting(
            principal.actor,
            municipality=municipality.code,
            held_on=form.body().held_on,
            start_time=form.body().start_time,
            place=form.body().place,
            participants=people or [],
        )
    )
    if result is None:
        context["form"] = form
        return render(request, LIST_TEMPLATE, status_code=form.status_code, **context)
    flash(request, "Mötet är inplanerat. Lägg till punkterna på dagordningen.")
    return see_other(meeting_path(result.aggregate_id))


# ------------------------------------------------------------------ one meeting


def _meeting(
    request: Request[Any, Any, Any], principal: Principal, meeting_id: UUID, roles: Any
) -> Meeting:
    application = application_of(request)
    return municipal_object(principal, lambda: application.get_meeting(meeting_id), roles)


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    number: int
    paragraph: int | None
    reference: str | None  # the problem's, for an uppföljning
    reviewable: bool  # an uppföljning still awaiting review


def _meeting_context(
    request: Request[Any, Any, Any], principal: Principal, meeting: Meeting, **forms: Any
) -> dict[str, Any]:
    application = application_of(request)
    rows = []
    for number, item in enumerate(meeting.agenda, start=1):
        decided = meeting.decision_on(item.item_id)
        reference = None
        reviewable = False
        if item.kind is AgendaKind.ASSESSMENT and item.subject_id is not None:
            problem = application.get_problem(item.subject_id)
            reference = problem.reference
            reviewable = problem.is_open and problem.review_status is ReviewStatus.SUBMITTED
        rows.append(
            AgendaRow(item, number, decided.paragraph if decided else None, reference, reviewable)
        )
    writable = principal.role is Role.BRA and not meeting.is_justerat and not meeting.is_cancelled
    proposal = []
    if writable:
        proposal = [
            p
            for p in application.proposed_agenda(meeting.municipality)
            if not p.is_on(meeting.agenda)
        ]
    today = swedish_today()
    can_decide = writable and meeting.held_on <= today
    placed = (
        {"proposal", "add", "attendance", "justering", "reschedule", "cancel"}
        | {f"retitle-{r.item.item_id}" for r in rows if not r.paragraph}
        if writable
        else set()
    )
    if can_decide:
        placed |= {"decision", "group"}
        placed |= {f"assess-{r.item.item_id}" for r in rows if r.reviewable and not r.paragraph}
    return {
        "unplaced": [(name, form) for name, form in forms.items() if name not in placed],
        "meeting": meeting,
        "rows": rows,
        "proposal": proposal,
        "writable": writable,
        "can_decide": can_decide,
        "attendance_text": participant_lines(meeting.present or meeting.participants),
        "today": today.isoformat(),
        "protocol_path": f"{meeting_path(meeting.id)}/protokoll",
        "path": meeting_path(meeting.id),
        "group_kinds": [(k.value, labels.label(k)) for k in GroupKind],
        "refused": forms,
    }


@get(f"{MEETINGS_PATH}/{{meeting_id:uuid}}", name="meeting", sync_to_thread=True)
def meeting_page(
    request: Request[Any, Any, Any],
    meeting_id: FromPath[UUID],
    principal: NamedDependency[Principal],
) -> Template:
    meeting = _meeting(request, principal, meeting_id, OVERSEERS)
    return render(request, MEETING_TEMPLATE, **_meeting_context(request, principal, meeting))


def _step(  # noqa: PLR0917 - the request, who, which meeting, the form and its command
    request: Request[Any, Any, Any],
    principal: Principal,
    meeting_id: UUID,
    form: Form[Any],
    name: str,
    use_case: Any,
    done: str,
) -> Template | Redirect:
    """Run one command of the meeting page; re-render with the form's errors if refused."""
    meeting = _meeting(request, principal, meeting_id, BRA_ONLY)
    result = form.run(lambda: use_case(meeting))
    if result is None:
        current = _meeting(request, principal, meeting_id, BRA_ONLY)
        context = _meeting_context(request, principal, current, **{name: form})
        return render(request, MEETING_TEMPLATE, status_code=form.status_code, **context)
    flash(request, done)
    return see_other(meeting_path(meeting_id))


@post(
    f"{MEETINGS_PATH}/{{meeting_id:uuid}}/dagordning/forslag", sync_to_thread=True, status_code=303
)
def accept_proposal(
    request: Request[Any, Any, Any],
    meeting_id: FromPath[UUID],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    application = application_of(request)
    form = parse_form(AcceptProposedAgenda, data)
    return _step(
        request,
        principal,
        meeting_id,
        form,
        "proposal",
        lambda m: application.accept_proposed_agenda(
            principal.actor,
            m.id,
            keys=form.body().keys or [],
            expected_version=form.expected_version,
        ),
        "Punkterna är tillagda på dagordningen.",
    )


class _NoFields(Body):
    pass


@post(f"{MEETINGS_PATH}/{{meeting_id:uuid}}/narvaro", sync_to_thread=True, status_code=303)
def attendance(
    request: Request[Any, Any, Any],
    meeting_id: FromPath[UUID],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    application = application_of(request)
    form = parse_form(AttendanceForm, data)
    people = parse_participants(form.body().present) if form.ok else []
    if people is None:
        form.add_error("present", _PEOPLE_ERROR)
    return _step(
        request,
        principal,
        meeting_id,
        form,
        "attendance",
        lambda m: application.record_attendance(
            principal.actor, m.id, present=people or [], expected_version=form.expected_version
        ),
        "Närvaron är registrerad.",
    )


@post(
    f"{MEETINGS_PATH}/{{meeting_id:uuid}}/beslut/uppfoljning", sync_to_thread=True, status_code=303
)
def decide_assessment(
    request: Request[Any, Any, Any],
    meeting_id: FromPath[UUID],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    application = application_of(request)
    form = parse_form(DecideForm, data)
    body = form.body() if form.ok else None
    if (
        body is not None
        and body.decision is AssessmentDecision.RETURN
        and not body.comments.strip()
    ):
        form.add_error("comments", "Skriv lokala BRÅ:s kommentarer till arbetsgruppen.")

    def run(meeting: Meeting) -> Any:
        assert body is not None
        problem = readable_problem(application, principal, body.reference, BRA_ONLY)
        return application.decide_assessment(
            principal.actor,
            meeting.id,
            problem_id=problem.id,
            approve=body.decision is AssessmentDecision.APPROVE,
            comments=body.comments,
            agenda_item_id=body.agenda_item_id,
            expected_version=form.expected_version,
        )

    done = (
        "Uppföljningen är godkänd och beslutet protokollfört."
        if body is not None and body.decision is AssessmentDecision.APPROVE
        else "Uppföljningen är återremitterad och beslutet protokollfört."
    )
    name = f"assess-{body.agenda_item_id}" if body is not None else "assess"
    return _step(request, principal, meeting_id, form, name, run, done)


@dataclass(frozen=True)
class MeetingStep:
    """A form of the meeting page that runs one use case with its fields as they are: the
    body model, the application's method, the form's name on the page (its errors shown
    there when refused) and the message after it."""

    model: type[Body]
    use_case: str
    form: str
    done: str


MEETING_STEPS: dict[str, MeetingStep] = {
    "dagordning": MeetingStep(
        AddAgendaItem, "add_agenda_item", "add", "Punkten är tillagd på dagordningen."
    ),
    "flytta": MeetingStep(
        RescheduleMeeting, "reschedule_meeting", "reschedule", "Mötet är flyttat."
    ),
    "installt": MeetingStep(CancelMeeting, "cancel_meeting", "cancel", "Mötet är inställt."),
    "beslut": MeetingStep(
        RecordMeetingDecision, "record_meeting_decision", "decision", "Beslutet är protokollfört."
    ),
    "justering": MeetingStep(
        JusteraProtocol,
        "justera_protocol",
        "justering",
        "Protokollet är justerat. Besluten kan inte längre ändras.",
    ),
}
"""``/moten/{id}/{slug}``: the meeting's own steps."""

ITEM_STEPS: dict[str, MeetingStep] = {
    "ta-bort": MeetingStep(
        _NoFields, "remove_agenda_item", "remove", "Punkten är borttagen från dagordningen."
    ),
    "flytta": MeetingStep(MoveAgendaItem, "move_agenda_item", "move", "Dagordningen är omordnad."),
    "rubrik": MeetingStep(
        RetitleAgendaItem, "retitle_agenda_item", "retitle-{item_id}", "Punktens rubrik är ändrad."
    ),
}
"""``/moten/{id}/dagordning/{item_id}/{slug}``: the steps of one agenda point."""

GROUP_STEP = MeetingStep(
    DecideEstablishGroup,
    "decide_establish_group",
    "group",
    "Arbetsgruppen är inrättad och beslutet protokollfört.",
)


def _run_step(
    request: Request[Any, Any, Any],
    principal: Principal,
    meeting_id: UUID,
    step: MeetingStep,
    data: FormData,
    **ids: UUID,
) -> Template | Redirect:
    application = application_of(request)
    form = parse_form(step.model, data)
    use_case = getattr(application, step.use_case)
    return _step(
        request,
        principal,
        meeting_id,
        form,
        step.form.format(**ids),
        lambda m: use_case(
            principal.actor,
            m.id,
            **ids,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        ),
        step.done,
    )


def _meeting_step_route(slug: str, step: MeetingStep) -> Any:
    """The route of one of MEETING_STEPS (a path each: the router matches a fixed part
    before a parameter and never goes back to try the parameter)."""

    @post(
        f"{MEETINGS_PATH}/{{meeting_id:uuid}}/{slug}",
        name=f"meeting-{slug}",
        sync_to_thread=True,
        status_code=303,
    )
    def meeting_step(
        request: Request[Any, Any, Any],
        meeting_id: FromPath[UUID],
        data: FormData,
        principal: NamedDependency[Principal],
    ) -> Template | Redirect:
        return _run_step(request, principal, meeting_id, step, data)

    return meeting_step


def _item_step_route(slug: str, step: MeetingStep) -> Any:
    """The route of one of ITEM_STEPS, on an agenda point."""

    @post(
        f"{MEETINGS_PATH}/{{meeting_id:uuid}}/dagordning/{{item_id:uuid}}/{slug}",
        name=f"meeting-item-{slug}",
        sync_to_thread=True,
        status_code=303,
    )
    def item_step(
        request: Request[Any, Any, Any],
        meeting_id: FromPath[UUID],
        item_id: FromPath[UUID],
        data: FormData,
        principal: NamedDependency[Principal],
    ) -> Template | Redirect:
        return _run_step(request, principal, meeting_id, step, data, item_id=item_id)

    return item_step


@post(
    f"{MEETINGS_PATH}/{{meeting_id:uuid}}/beslut/arbetsgrupp", sync_to_thread=True, status_code=303
)
def decide_group(
    request: Request[Any, Any, Any],
    meeting_id: FromPath[UUID],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """Establish a working group as the meeting's next §."""
    return _run_step(request, principal, meeting_id, GROUP_STEP, data)


class AgendaDecision(Body):
    """A decision on an agenda point from its button: adopt the lägesbild or the
    medborgarlöfte it names, or note the information."""

    agenda_item_id: UUID


NOTED = "Lokala BRÅ noterar informationen."


@post(f"{MEETINGS_PATH}/{{meeting_id:uuid}}/beslut/punkt", sync_to_thread=True, status_code=303)
def decide_item(
    request: Request[Any, Any, Any],
    meeting_id: FromPath[UUID],
    data: FormData,
    principal: NamedDependency[Principal],
) -> Template | Redirect:
    """The decision an agenda point asks for: Fastställ (lägesbild), Anta (medborgarlöfte),
    or Noteras (information); each the meeting's next §."""
    application = application_of(request)
    form = parse_form(AgendaDecision, data)

    def run(meeting: Meeting) -> Any:
        item = meeting.agenda_item(form.body().agenda_item_id)
        if item.kind is AgendaKind.SITUATION_PICTURE and item.subject_id is not None:
            return application.decide_situation_picture(
                principal.actor,
                meeting.id,
                situation_picture_id=item.subject_id,
                agenda_item_id=item.item_id,
                expected_version=form.expected_version,
            )
        if item.kind is AgendaKind.CITIZEN_PROMISE and item.subject_id is not None:
            return application.decide_citizen_promise(
                principal.actor,
                meeting.id,
                citizen_promise_id=item.subject_id,
                agenda_item_id=item.item_id,
                expected_version=form.expected_version,
            )
        return application.record_meeting_decision(
            principal.actor,
            meeting.id,
            title=item.title,
            decision=NOTED,
            agenda_item_id=item.item_id,
            expected_version=form.expected_version,
        )

    return _step(request, principal, meeting_id, form, "item", run, "Beslutet är protokollfört.")


@get(f"{MEETINGS_PATH}/{{meeting_id:uuid}}/protokoll", name="protocol", sync_to_thread=True)
def protocol_page(
    request: Request[Any, Any, Any],
    meeting_id: FromPath[UUID],
    principal: NamedDependency[Principal],
) -> Response[str]:
    application = application_of(request)
    meeting = _meeting(request, principal, meeting_id, OVERSEERS)
    name = application.get_municipality(meeting.municipality).name
    html = protocol_html(
        meeting,
        municipality_name=name,
        subjects=_subjects(application, meeting),
        back_path=meeting_path(meeting.id),
    )
    return Response(html, media_type="text/html", headers={"Cache-Control": "no-store"})


@get(f"{MEETINGS_PATH}/{{meeting_id:uuid}}/protokoll.pdf", name="protocol_pdf", sync_to_thread=True)
def protocol_pdf(
    request: Request[Any, Any, Any],
    meeting_id: FromPath[UUID],
    principal: NamedDependency[Principal],
) -> Response[bytes]:
    """The protokoll as a PDF (the same document, its stylesheet inside), dated the day it
    was justerat (or the meeting's day), so the same protokoll gives the same file."""
    application = application_of(request)
    meeting = _meeting(request, principal, meeting_id, OVERSEERS)
    municipality = application.get_municipality(meeting.municipality)
    html = protocol_html(
        meeting,
        municipality_name=municipality.name,
        subjects=_subjects(application, meeting),
        standalone=True,
    )
    day = meeting.justerat_on or meeting.held_on
    content = render_pdf(html, created=datetime.combine(day, time(12), tzinfo=UTC))
    return download(content, PDF, f"protokoll-lokala-bra-{municipality.code}-{meeting.held_on}.pdf")


ROUTES = [
    meetings_page,
    schedule,
    meeting_page,
    accept_proposal,
    attendance,
    decide_assessment,
    decide_item,
    decide_group,
    *(_meeting_step_route(slug, step) for slug, step in MEETING_STEPS.items()),
    *(_item_step_route(slug, step) for slug, step in ITEM_STEPS.items()),
    protocol_page,
    protocol_pdf,
]
