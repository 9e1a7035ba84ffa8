"""Ärenden: the problems the user may see, from the ``problem_index`` view, with its filters
(free text, stage, working group, focus area, year) and cursor pagination ("Fler ärenden").

The filter form is a plain GET form: a field left empty filters nothing, a value that is not
one the form offers is shown next to its field (422) instead of a list. As in the API, a
member sees one of their own groups' problems at a time (the first of their groups in the
municipality unless they choose another); lokala BRÅ and auditors see the whole
municipality. A user given several municipalities picks one (``?kommun=``, by name); another
municipality is 404.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.fields import NO_NUL
from problemorienterat.contracts.policy import READERS, check_group_object
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from problemorienterat.domain.sara import Stage
from problemorienterat.domain.yearly import FIRST_YEAR, LAST_YEAR
from web.auth import WebUser
from web.forms import Form, parse_form
from web.pages._municipal import (
    KOMMUN_PARAMETER,
    Municipality,
    application_of,
    municipality_for,
    views_of,
)
from web.pages._problem_parts import moment
from web.pages.new_problem import may_record, new_problem_path
from web.rendering import render

PAGE_SIZE = 25
FILTERS = ("sok", "skede", "grupp", "fokus", "ar")
"""The filter form's fields, in its order (and the query of the "Fler ärenden" link)."""

Query = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]


class ProblemFilter(BaseModel):
    """The list's query: every field optional, an empty one not given (as ``web.forms``
    reads every form)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    sok: Query | None = None
    skede: Stage | None = None
    grupp: UUID | None = None
    fokus: UUID | None = None
    ar: Annotated[int | None, Field(ge=FIRST_YEAR, le=LAST_YEAR)] = None
    efter: Query | None = None
    kommun: Annotated[str | None, StringConstraints(pattern=r"^\d{4}$")] = None


@get("/arenden", name="problems", sync_to_thread=True)
def problem_list(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    web_user: NamedDependency[WebUser],
) -> Template:
    application = application_of(request)
    views = views_of(request)
    form = parse_form(ProblemFilter, request.query_params)
    chosen = form.body() if form.ok else ProblemFilter()
    municipality = municipality_for(
        application, principal, chosen.kommun or _kommun_of(form), overseers_only=False
    )
    code = municipality.code if municipality is not None else ""
    groups: list[tuple[str, str]] = []
    focus_areas: list[tuple[str, str]] = []
    grupp = chosen.grupp
    if principal.role is Role.MEMBER:
        groups = [
            (str(g.id), g.name)
            for g in application.groups_of(principal.user_id)
            if g.municipality == code
        ]
        if grupp is not None and str(grupp) not in dict(groups):
            _check_own_group(application, principal, code, grupp)  # 404 unless theirs
            grupp = None  # one of theirs, in another municipality: this one's first group
        if grupp is None and groups:
            grupp = UUID(groups[0][0])
    elif municipality is not None:
        groups = [
            (str(g.group_id), f"{g.name} (upplöst)" if g.dissolved else g.name)
            for g in views.groups(code)
        ]
        if grupp is not None and str(grupp) not in dict(groups):
            grupp = None  # another municipality's group: not a filter of this one
    if municipality is not None:
        focus_areas = [
            (str(f.focus_area_id), f.focus_area_title or "")
            for f in views.bra_overview(code).by_focus_area
            if f.focus_area_id
        ]
    items: list[dict[str, Any]] = []
    next_cursor = None
    listed = form.ok and municipality is not None
    if principal.role is Role.MEMBER and grupp is None:
        listed = False
    if listed:
        page = views.problem_index(
            code,
            stage=chosen.skede,
            group_id=grupp,
            focus_area_id=chosen.fokus,
            year=chosen.ar,
            text=chosen.sok,
            cursor=chosen.efter,
            limit=PAGE_SIZE,
        )
        items = [{"summary": s, "changed": moment(s.last_changed_at)} for s in page.items]
        next_cursor = page.next_cursor
    filters = _filters(form, chosen, grupp, municipality)
    return render(
        request,
        "arenden.html.j2",
        status_code=form.status_code,
        form=form,
        items=items,
        listed=listed,
        next_cursor=next_cursor,
        filters=filters,
        more_query=[(k, v) for k, v in filters.items() if v],
        municipality=municipality,
        groups=groups,
        focus_areas=focus_areas,
        stages=[(s.value, s.label_sv) for s in Stage],
        member=principal.role is Role.MEMBER,
        paged=chosen.efter is not None,
        new_problem=(
            new_problem_path(municipality=code if municipality and municipality.query else None)
            if may_record(principal, in_group=bool(web_user.groups))
            else None
        ),
    )


def _kommun_of(form: Form[ProblemFilter]) -> str | None:
    """The municipality asked for when another filter was refused (it still picks the
    municipality whose form is shown); None when it is not a municipality code."""
    if "kommun" in form.errors:
        return None
    value = form.value("kommun")
    return value if isinstance(value, str) and value else None


def _check_own_group(
    application: ProblemorienteratApp, principal: Principal, code: str, group_id: UUID
) -> None:
    check_group_object(
        application,
        principal,
        municipality=code,
        group_id=group_id,
        roles=READERS,
    )


def _filters(
    form: Form[ProblemFilter],
    chosen: ProblemFilter,
    grupp: UUID | None,
    municipality: Municipality | None,
) -> dict[str, str]:
    """The values the form shows (what was submitted, a refused value included) and the
    "Fler ärenden" link keeps (``kommun`` only for a user of several municipalities)."""
    if not form.ok:
        shown = {name: str(form.value(name)) for name in FILTERS}
    else:
        shown = {
            "sok": (chosen.sok or "").strip(),
            "skede": chosen.skede.value if chosen.skede else "",
            "grupp": str(grupp) if grupp else "",
            "fokus": str(chosen.fokus) if chosen.fokus else "",
            "ar": str(chosen.ar) if chosen.ar else "",
        }
    if municipality is not None and municipality.query:
        shown[KOMMUN_PARAMETER] = municipality.code
    return shown


ROUTES = [problem_list]
