"""Gruppens tavla: one working group's board (the ``group_board`` view), and the list of
groups at ``/grupper``.

The board shows the group's open problems in a column per SARA stage, its open actions
with their due dates (an overdue one says so in words), and what waits on the group (an
assessment lokala BRÅ returned, with its comments; overdue actions). Each list holds the
view's most pressing items (50) and says "Visar de N … av TOTAL" when there are more; a
stage's column links to the problem list (``/arenden?grupp=…&skede=…``), which pages through
all of them in the same order. A member sees only the
boards of the groups they belong to (any other is 404, as in the API); lokala BRÅ and
auditors see every group of their municipalities. A dissolved group's former members see
nothing of it any more (``contracts/policy.py``); lokala BRÅ and auditors keep reading it.

Everyone who reads the board sees the group's members (name, organisation, role in the
group). Lokala BRÅ also gets the forms that run the group (``web.pages.group_admin``):
revise the mandate, add a member picked from the municipality's member-role users, remove
a member, dissolve; and on ``/grupper`` the form that establishes a group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from problemorienterat.contracts.policy import readable_group
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.sara import Stage
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.domain.working_group import GroupKind, Member, WorkingGroup
from problemorienterat.labels import SARA_STAGES, choices, label_of
from projections.views.board import BoardAction, BoardProblem, GroupBoard
from web.auth import WebUser
from web.forms import Form
from web.navigation import GROUPS_PATH
from web.pages._municipal import (
    Municipality,
    application_of,
    day,
    is_overseer,
    moment,
    municipality_for,
    views_of,
)
from web.pages.new_problem import may_record, new_problem_path
from web.rendering import render

BOARD_LIST_LIMIT = 50  # items per list of the board (the view's list_limit)
REFUSABLE = ("mandate", "member", "remove", "dissolve")  # the group page's forms


@dataclass(frozen=True)
class StageColumn:
    """The group's newest open problems in one SARA stage, how many there are, and where
    the problem list shows them all."""

    stage: Stage
    problems: tuple[BoardProblem, ...]
    total: int
    all_path: str


@dataclass(frozen=True)
class ActionRow:
    action: BoardAction
    days_overdue: int


@dataclass(frozen=True)
class GroupRow:
    """A line of the group list."""

    group_id: str
    name: str
    kind: str
    dissolved: bool
    open_problems: int | None
    problems: int | None


def columns(board: GroupBoard) -> tuple[StageColumn, ...]:
    """The board's problems by SARA stage, every stage present (empty ones too)."""
    totals = {c.stage: c.count for c in board.stage_totals}
    result = []
    for stage in SARA_STAGES:
        shown = tuple(p for p in board.problems if p.stage is stage)
        result.append(
            StageColumn(
                stage,
                shown,
                max(totals.get(stage, 0), len(shown)),
                all_problems_path(board.group_id, stage),
            )
        )
    return tuple(result)


def all_problems_path(group_id: UUID, stage: Stage) -> str:
    """The problem list filtered by the group and the stage (``web.pages.problem_list``)."""
    return f"/arenden?{urlencode({'grupp': str(group_id), 'skede': stage.value})}"


def action_rows(board: GroupBoard, today: date) -> tuple[ActionRow, ...]:
    return tuple(
        ActionRow(a, (today - a.due_date).days if a.overdue else 0) for a in board.next_actions
    )


def _group_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise NotFoundException from None


def group_id_of(text: str) -> UUID:
    """The group id of a path (anything else is 404)."""
    return _group_id(text)


def runs_groups(principal: Principal) -> bool:
    """Whether the user gets the forms that run working groups: lokala BRÅ."""
    return principal.role is Role.BRA


def members_of(group: WorkingGroup) -> list[Member]:
    """The group's members by name."""
    return sorted(group.members.values(), key=lambda m: (m.name, m.user_id))


def board_page(
    request: Request[Any, Any, Any],
    principal: Principal,
    group: WorkingGroup,
    *,
    status_code: int = 200,
    forms: dict[str, Form[Any]] | None = None,
    removing: str | None = None,
) -> Template:
    """The board of ``group`` (already authorised); ``forms``: a refused form by its name
    (``mandate``, ``member``, ``remove``, ``dissolve``) shown again with its errors;
    ``removing``: the member whose removal was refused."""
    application = application_of(request)
    board = views_of(request).group_board(group.municipality, group.id, list_limit=BOARD_LIST_LIMIT)
    if board is None:  # the view has not seen the group yet
        raise NotFoundException
    today = swedish_today()  # the view's notion of overdue
    admin = runs_groups(principal) and not group.is_dissolved
    candidates = (
        [
            (u.user_id, f"{u.name} ({label_of(Organisation, u.organisation.value)})")
            for u in application.member_candidates(group.municipality)
            if u.user_id not in group.members
        ]
        if admin
        else []
    )
    return render(
        request,
        "gruppens_tavla.html.j2",
        status_code=status_code,
        board=board,
        group=group,
        kind=_kind(board.group_kind),
        mandate=group.mandate,
        members=members_of(group),
        dissolved_on=day(group.dissolved_at.date()) if group.dissolved_at else None,
        admin=admin,
        candidates=candidates,
        refused=dict.fromkeys(REFUSABLE) | (forms or {}),
        removing=removing,
        columns=columns(board),
        actions=action_rows(board, today),
        today=day(today),
        moment=moment,
        day=day,
        new_problem=(
            new_problem_path(group_id=group.id)
            if not board.dissolved
            and may_record(principal, in_group=group.has_active_member(principal.user_id))
            else None
        ),
    )


@get(f"{GROUPS_PATH}/{{group_id:str}}", name="group_board", sync_to_thread=True)
def group_board(
    request: Request[Any, Any, Any],
    group_id: FromPath[str],
    principal: NamedDependency[Principal],
) -> Template:
    application = application_of(request)
    group = readable_group(application, principal, _group_id(group_id))
    return board_page(request, principal, group)


def groups_page(
    request: Request[Any, Any, Any],
    principal: Principal,
    web_user: WebUser,
    kommun: str | None,
    *,
    status_code: int = 200,
    form: Form[Any] | None = None,
) -> Template:
    """``/grupper``: lokala BRÅ and auditors: every group of the municipality with its
    problem counts (lokala BRÅ: and the form that establishes a group, ``form`` when it was
    refused); members: the groups they belong to."""
    if not is_overseer(principal):
        rows = [GroupRow(g.group_id, g.name, "", False, None, None) for g in web_user.groups]
        return render(request, "grupper.html.j2", municipality=None, rows=rows, overseer=False)
    application = application_of(request)
    municipality: Municipality | None = municipality_for(
        application, principal, kommun, overseers_only=True
    )
    if municipality is None:
        return render(request, "grupper.html.j2", municipality=None, rows=[], overseer=True)
    views = views_of(request)
    counts = {c.group_id: c for c in views.bra_overview(municipality.code).by_group}
    rows = []
    for g in views.groups(municipality.code):
        count = counts.get(g.group_id)
        rows.append(
            GroupRow(
                str(g.group_id),
                g.name,
                _kind(g.kind),
                g.dissolved,
                count.open_problems if count else 0,
                count.problems if count else 0,
            )
        )
    return render(
        request,
        "grupper.html.j2",
        status_code=status_code,
        municipality=municipality,
        rows=rows,
        overseer=True,
        admin=runs_groups(principal),
        kinds=choices(GroupKind),
        form=form,
    )


@get(GROUPS_PATH, name="groups", sync_to_thread=True)
def groups(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    web_user: NamedDependency[WebUser],
    kommun: FromQuery[str | None] = None,
) -> Template:
    """Lokala BRÅ and auditors: every group of the municipality with its problem counts;
    members: the groups they belong to."""
    return groups_page(request, principal, web_user, kommun)


def _kind(value: str) -> str:
    try:
        return label_of(GroupKind, value)
    except ValueError:
        return ""


ROUTES = [group_board, groups]
