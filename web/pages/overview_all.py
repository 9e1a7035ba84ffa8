"""BRÅ-översikt, alla kommuner (``/oversikt/alla``): for lokala BRÅ and auditors given several
municipalities of a police area, each municipality side by side with the overview's headline
figures: open problems, problems per SARA stage, awaiting review, overdue actions and problems
standing still. One ``bra_overview`` view per municipality (a police area has a few).

Members have no overview (as ``/oversikt``); a user of one municipality is sent to
``/oversikt``, where that municipality is all there is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from problemorienterat.contracts.policy import OVERSEERS, check_municipal_object
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.sara import Stage
from projections.views.overview import BraOverview
from web.auth import WebUser, start_page
from web.navigation import OVERVIEW_PATH
from web.pages._municipal import application_of, is_overseer, moment, municipality_for, views_of
from web.pages._stage_chart import stage_chart
from web.rendering import render, see_other
from web.session import flash

OVERVIEW_ALL_PATH = f"{OVERVIEW_PATH}/alla"
MEMBERS_NOTE = "BRÅ-översikten är till för lokala BRÅ och revisorer. Här är din startsida."


@dataclass(frozen=True)
class Column:
    """One municipality's headline figures."""

    code: str
    name: str
    view: BraOverview
    open_problems: int
    per_stage: dict[Stage, int]

    @property
    def path(self) -> str:
        return f"{OVERVIEW_PATH}?kommun={self.code}"


def column(code: str, name: str, view: BraOverview) -> Column:
    return Column(
        code=code,
        name=name,
        view=view,
        open_problems=stage_chart(view.by_stage).open_problems,
        per_stage={s.stage: s.count for s in view.by_stage},
    )


@get(OVERVIEW_ALL_PATH, name="overview-all", sync_to_thread=True)
def overview_all(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    web_user: NamedDependency[WebUser],
) -> Template | Redirect:
    if not is_overseer(principal):
        flash(request, MEMBERS_NOTE)
        return see_other(start_page(web_user))
    application = application_of(request)
    municipality = municipality_for(application, principal, None, overseers_only=True)
    if municipality is None or len(municipality.choices) < 2:
        return see_other(OVERVIEW_PATH)
    views = views_of(request)
    columns = []
    for choice in municipality.choices:
        check_municipal_object(principal, municipality=choice.code, roles=OVERSEERS)
        columns.append(column(choice.code, choice.name, views.bra_overview(choice.code)))
    return render(
        request,
        "oversikt_alla.html.j2",
        columns=columns,
        stages=list(Stage),
        as_of=moment(min(c.view.as_of for c in columns)),
        stale_days=columns[0].view.stale_days,
    )


ROUTES = [overview_all]
