"""Ärenden: the problems the user may see, from the ``problem_index`` view, with its filters
(stage, working group, focus area, year, text) and cursor pagination ("Fler ärenden").

As in the API, a member sees one of their own groups' problems at a time (the first of their
groups unless they choose another); lokala BRÅ and auditors see the whole municipality.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Template

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.policy import READERS, check_group_object, check_municipal_object
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from problemorienterat.domain.sara import Stage
from projections import ProjectionService, ViewsNotReadyError
from web.auth import WebUser
from web.pages._problem_parts import moment
from web.rendering import render

PAGE_SIZE = 25


@get("/arenden", name="problems", sync_to_thread=True)
def problem_list(  # noqa: PLR0917 - one parameter per filter of the view
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    web_user: NamedDependency[WebUser],
    skede: Annotated[Stage | None, QueryParameter(name="skede")] = None,
    grupp: Annotated[UUID | None, QueryParameter(name="grupp")] = None,
    fokus: Annotated[UUID | None, QueryParameter(name="fokus")] = None,
    ar: Annotated[int | None, QueryParameter(name="ar", ge=2000, le=2100)] = None,
    sok: Annotated[str | None, QueryParameter(name="sok", max_length=200)] = None,
    efter: Annotated[str | None, QueryParameter(name="efter", max_length=200)] = None,
) -> Template:
    application: ProblemorienteratApp = request.app.state.application
    views: ProjectionService | None = request.app.state.projections
    if views is None:
        raise ViewsNotReadyError("The views do not run in this process.")
    municipality = sorted(principal.municipalities)[0] if principal.municipalities else ""
    check_municipal_object(principal, municipality=municipality, roles=READERS)
    groups: list[tuple[str, str]] = []
    focus_areas: list[tuple[str, str]] = []
    if principal.role is Role.MEMBER:
        groups = [(g.group_id, g.name) for g in web_user.groups]
        if grupp is None and groups:
            grupp = UUID(groups[0][0])
        if grupp is not None:
            check_group_object(
                application,
                principal,
                municipality=municipality,
                group_id=grupp,
                roles=READERS,
            )
    else:
        overview = views.bra_overview(municipality)
        groups = [(str(g.group_id), g.group_name or "") for g in overview.by_group if g.group_id]
        focus_areas = [
            (str(f.focus_area_id), f.focus_area_title or "")
            for f in overview.by_focus_area
            if f.focus_area_id
        ]
    filters = {
        "skede": skede.value if skede else "",
        "grupp": str(grupp) if grupp else "",
        "fokus": str(fokus) if fokus else "",
        "ar": str(ar) if ar else "",
        "sok": sok or "",
    }
    items: list[dict[str, Any]] = []
    next_cursor = None
    if principal.role is not Role.MEMBER or grupp is not None:
        page = views.problem_index(
            municipality,
            stage=skede,
            group_id=grupp,
            focus_area_id=fokus,
            year=ar,
            text=sok,
            cursor=efter,
            limit=PAGE_SIZE,
        )
        items = [{"summary": s, "changed": moment(s.last_changed_at)} for s in page.items]
        next_cursor = page.next_cursor
    return render(
        request,
        "arenden.html.j2",
        items=items,
        next_cursor=next_cursor,
        filters=filters,
        groups=groups,
        focus_areas=focus_areas,
        stages=[(s.value, s.label_sv) for s in Stage],
        member=principal.role is Role.MEMBER,
        paged=efter is not None,
    )


ROUTES = [problem_list]
