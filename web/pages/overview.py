"""BRÅ-översikt: lokala BRÅ's portfolio of one municipality (the ``bra_overview`` view), the
start page of lokala BRÅ and auditors.

Counts per SARA stage (a chart with the numbers also as a table), per working group and
per focus area; the review queue, overdue actions and problems standing still, each with
its total when only the most urgent are listed. A user given several municipalities picks
one with ``?kommun=``. Members have no overview (the API refuses them too): they are sent
to their own start page with a note.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from problemorienterat.contracts.policy import BRA_ONLY
from problemorienterat.contracts.principal import Principal
from web.auth import WebUser, start_page
from web.navigation import OVERVIEW_PATH
from web.pages._municipal import (
    application_of,
    day,
    is_overseer,
    moment,
    municipality_for,
    views_of,
)
from web.pages._stage_chart import stage_chart
from web.rendering import render, see_other
from web.session import flash

MEMBERS_NOTE = "BRÅ-översikten är till för lokala BRÅ och revisorer. Här är din startsida."


@get(OVERVIEW_PATH, name="overview", sync_to_thread=True)
def overview(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    web_user: NamedDependency[WebUser],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    if not is_overseer(principal):
        flash(request, MEMBERS_NOTE)
        return see_other(start_page(web_user))
    application = application_of(request)
    municipality = municipality_for(application, principal, kommun, overseers_only=True)
    if municipality is None:
        return render(request, "oversikt.html.j2", municipality=None, view=None)
    view = views_of(request).bra_overview(municipality.code)
    return render(
        request,
        "oversikt.html.j2",
        municipality=municipality,
        view=view,
        chart=stage_chart(view.by_stage),
        as_of=moment(view.as_of),
        moment=moment,
        day=day,
        may_review=principal.role in BRA_ONLY,
    )


ROUTES = [overview]
