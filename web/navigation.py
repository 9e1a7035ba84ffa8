"""The links of the layout's navigation, by role: what each user may open."""

from __future__ import annotations

from dataclasses import dataclass

from problemorienterat.domain.actor import Role
from web.auth import ADMIN_PATH, WebUser


@dataclass(frozen=True)
class NavLink:
    label: str
    href: str


OVERVIEW_PATH = "/oversikt"
GROUPS_PATH = "/grupper"
CITIZEN_PROMISE_PATH = "/medborgarlofte"
SITUATION_PICTURE_PATH = "/lagesbild"
PROBLEMS_PATH = "/arenden"
HISTORY_PATH = "/historik"
AGREEMENT_PATH = "/overenskommelse"
GRANNSAMVERKAN_PATH = "/grannsamverkan"
REPORT_PATH = "/rapport"  # the year's report (web/pages/year_report.py)
SETTINGS_PATH = "/installningar"
MEETINGS_PATH = "/moten"


def group_board_path(group_id: str) -> str:
    return f"/grupper/{group_id}"


def nav_links(web_user: WebUser | None) -> list[NavLink]:
    """Start, then BRÅ-översikt and Arbetsgrupper (lokala BRÅ, auditors), the member's
    groups' boards, Ärenden, Medborgarlöfte, Historik (lokala BRÅ, auditors), Mina inställningar;
    administrators only
    their page."""
    if web_user is None:
        return []
    role = web_user.principal.role
    if role is Role.ADMIN:
        return [NavLink("Administration", ADMIN_PATH)]
    links = [NavLink("Start", "/")]
    if role in (Role.BRA, Role.AUDITOR):
        links.append(NavLink("BRÅ-översikt", OVERVIEW_PATH))
        links.append(NavLink("Arbetsgrupper", GROUPS_PATH))
        links.append(NavLink("Möten", MEETINGS_PATH))
    links.extend(
        NavLink(f"Gruppens tavla: {g.name}", group_board_path(g.group_id)) for g in web_user.groups
    )
    links.append(NavLink("Ärenden", PROBLEMS_PATH))
    links.append(NavLink("Lägesbild", SITUATION_PICTURE_PATH))
    links.append(NavLink("Medborgarlöfte", CITIZEN_PROMISE_PATH))
    links.append(NavLink("Överenskommelse", AGREEMENT_PATH))
    links.append(NavLink("Grannsamverkan", GRANNSAMVERKAN_PATH))
    if role in (Role.BRA, Role.AUDITOR):
        links.append(NavLink("Historik", HISTORY_PATH))
        links.append(NavLink("Årsrapport", REPORT_PATH))
    links.append(NavLink("Mina inställningar", SETTINGS_PATH))
    return links
