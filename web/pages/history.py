"""Historik: a case's event timeline, its state as of any event, the integrity status of the
hash chain and the exports, for auditors and lokala BRÅ of the case's municipality.

The rules are the API's audit routes' (:mod:`api.routes.audit`): this audit view is read by
the overseers (``OVERSEERS``: lokala BRÅ and auditors) of its municipality; everybody else gets
404, members included (they read their own case's events through the API's
``GET /api/v1/problems/{ref}/history``). The page and the exports call the
application's read use cases, which record each read in the case's access log as for the API:
``history`` for the page, ``state-as-of`` when an event is picked, ``export-json`` and
``export-html`` for the exports.

Nothing here writes but the access log: the page has no forms that change a case.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import structlog
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, Parameter
from litestar.response import Redirect, Template

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.audit.checkpoint import trusted_public_key
from problemorienterat.config import Settings
from problemorienterat.contracts.policy import OVERSEERS, check_municipal_object, readable_problem
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.problem import Problem
from projections import ProjectionService
from projections.views.problem_index import Page
from web.case_history import Moment, Names, event_lines, integrity_of, measure_text
from web.navigation import HISTORY_PATH
from web.pages._focus_area import focus_area_name
from web.rendering import render, see_other

log = structlog.get_logger("web.history")

_REFERENCE = re.compile(r"^[A-ZÅÄÖ]{2,5}-\d{4}-\d{4}$")
_PAGE_SIZE = 50

Search = Annotated[str | None, Parameter(max_length=200)]
Cursor = Annotated[str | None, Parameter(max_length=200)]
Municipality = Annotated[str | None, Parameter(pattern=r"^\d{4}$")]
Version = Annotated[int | None, Parameter(ge=1, le=2**31)]


def history_path(reference: str) -> str:
    return f"{HISTORY_PATH}/{reference}"


def _overseer(principal: Principal) -> None:
    """Members (and anyone else who may read no history) get 404, as for a missing page."""
    if principal.role not in OVERSEERS:
        raise NotFoundException


def _readable(application: ProblemorienteratApp, principal: Principal, reference: str) -> Problem:
    _overseer(principal)
    return readable_problem(application, principal, reference, OVERSEERS)


# ---------------------------------------------------------------------------- the list


@get(HISTORY_PATH, name="history-list", sync_to_thread=True)
def history_list(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    sok: Search = None,
    kommun: Municipality = None,
    fran: Cursor = None,
) -> Template | Redirect:
    """The municipality's cases to pick from; a reference in the search opens that case,
    other words search the titles and descriptions."""
    _overseer(principal)
    municipalities = sorted(principal.municipalities)
    if not municipalities:
        raise NotFoundException
    code = kommun or municipalities[0]
    check_municipal_object(principal, municipality=code, roles=OVERSEERS)
    application: ProblemorienteratApp = request.app.state.application
    query = (sok or "").strip()
    not_found: str | None = None
    if _REFERENCE.match(query.upper()):
        try:
            problem = _readable(application, principal, query.upper())
        except NotFoundError:
            not_found = query.upper()
        else:
            return see_other(history_path(problem.reference))
    views: ProjectionService | None = request.app.state.projections
    page: Page | None = None
    if views is not None and not_found is None:
        page = views.problem_index(code, text=query or None, cursor=fran or None, limit=_PAGE_SIZE)
    names = {m: _municipality_name(application, m) for m in municipalities}
    return render(
        request,
        "historik_lista.html.j2",
        municipality=code,
        municipalities=municipalities,
        municipality_options=[(m, f"{names[m]} ({m})") for m in municipalities],
        example=f"{_reference_prefix(application, code)}-2026-0007",
        query=query,
        not_found=not_found,
        page=page,
        first_page=not fran,
        moment=Moment.of,
    )


def _municipality_name(application: ProblemorienteratApp, code: str) -> str:
    try:
        return application.get_municipality(code).name
    except NotFoundError:
        return code


def _reference_prefix(application: ProblemorienteratApp, code: str) -> str:
    """The municipality's reference prefix, for the search field's example reference."""
    try:
        return application.get_municipality(code).reference_prefix
    except NotFoundError:
        return "KUN"


# ---------------------------------------------------------------------------- one case


@get(f"{HISTORY_PATH}/{{reference:str}}", name="history", sync_to_thread=True)
def history(
    request: Request[Any, Any, Any],
    reference: FromPath[str],
    principal: NamedDependency[Principal],
    version: Version = None,
) -> Template:
    """The timeline, the state as of the picked event (the latest by default), the
    integrity status and the export links."""
    application: ProblemorienteratApp = request.app.state.application
    problem = _readable(application, principal, reference)
    case = application.read_case_history(principal.actor, problem.id, version=version)
    state = case.state
    names = Names(application, case.latest, case.entries)
    lines = event_lines(case.entries, names.case)
    settings: Settings | None = request.app.state.get("settings")
    trusted = (
        trusted_public_key(settings.resolved_checkpoint_key_file) if settings is not None else None
    )
    integrity = integrity_of(application, problem, trusted)
    unreadable = case.unreadable is not None
    if case.unreadable is not None:  # stored data that no longer decodes: see the integrity
        if integrity.intact:
            raise case.unreadable
        log.warning("history_unreadable", error_type=type(case.unreadable).__name__)
    chosen = state.version if state is not None else None
    return render(
        request,
        "historik.html.j2",
        problem=problem,
        events=lines,
        state=state,
        chosen=chosen,
        chosen_line=next((line for line in lines if line.version == chosen), None),
        latest=chosen == problem.version,
        group_name=(
            names.group(str(state.group_id)) if state is not None and state.group_id else None
        ),
        focus_area=(
            focus_area_name(
                application, state.municipality, state.citizen_promise_id, state.focus_area_id
            )
            if state is not None
            else None
        ),
        measure_text=measure_text_of,
        integrity=integrity,
        unreadable=unreadable,
        moment=Moment.of,
    )


def measure_text_of(measure: Any) -> str:
    """A baseline or follow-up of the state as one line."""
    return measure_text(
        {
            "indicator": measure.indicator,
            "area": measure.area,
            "value": measure.value,
            "unit": measure.unit,
            "period_start": measure.period_start.isoformat(),
            "period_end": measure.period_end.isoformat(),
        }
    )


# ---------------------------------------------------------------------------- exports


@get(
    f"{HISTORY_PATH}/{{reference:str}}/export.json", name="history-export-json", sync_to_thread=True
)
def export_json(
    request: Request[Any, Any, Any],
    reference: FromPath[str],
    principal: NamedDependency[Principal],
) -> Response[str]:
    """The API's export of the case (JSON with stored bytes and chain links), downloaded."""
    application: ProblemorienteratApp = request.app.state.application
    problem = _readable(application, principal, reference)
    document = application.export_case(principal.actor, problem.id, form="json")
    return Response(
        document.text,
        media_type=document.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "Cache-Control": "no-store",
        },
    )


@get(
    f"{HISTORY_PATH}/{{reference:str}}/export.html", name="history-export-html", sync_to_thread=True
)
def export_html(
    request: Request[Any, Any, Any],
    reference: FromPath[str],
    principal: NamedDependency[Principal],
) -> Response[str]:
    """The case's history as the readable Swedish document the API exports."""
    application: ProblemorienteratApp = request.app.state.application
    problem = _readable(application, principal, reference)
    document = application.export_case(principal.actor, problem.id, form="html")
    return Response(
        document.text, media_type=document.media_type, headers={"Cache-Control": "no-store"}
    )


ROUTES = [history_list, history, export_json, export_html]
