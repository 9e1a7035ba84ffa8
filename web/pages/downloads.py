"""Files of the pages, for those who would rather have a file: the BRÅ-översikt as Excel
(``/oversikt.xlsx``), a group's board as Excel (``/grupper/{id}/tavla.xlsx``), and a case as
PDF (``/arenden/{referens}.pdf``, answered by the problem page's route through
:func:`case_pdf`).

Each is authorised as its page: the overview for lokala BRÅ and auditors (a member gets 404),
the board for whoever may see the group, the case for whoever may read it. The case's PDF is
the readable Swedish document of its export, and is recorded in its access log as an
``export-pdf`` read, as the other exports are.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response

from problemorienterat.contracts.policy import hidden, readable_group, readable_problem
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.labels import label
from problemorienterat.reports.pdf import render_pdf
from problemorienterat.reports.workbook import Sheet, workbook_bytes
from projections.views.board import GroupBoard
from projections.views.limits import MAX_PAGE
from projections.views.overview import BraOverview
from web.navigation import GROUPS_PATH, OVERVIEW_PATH
from web.pages._municipal import application_of, is_overseer, municipality_for, views_of
from web.pages.year_report import PDF, XLSX

PDF_SUFFIX = ".pdf"


def download(content: bytes, media_type: str, filename: str) -> Response[bytes]:
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def overview_sheets(view: BraOverview) -> list[Sheet]:
    """The BRÅ-översikt's tables (the work lists with up to MAX_PAGE items each)."""
    return [
        Sheet(
            "Per skede", ("Skede", "Ärenden"), [(label(c.stage), c.count) for c in view.by_stage]
        ),
        Sheet(
            "Per arbetsgrupp",
            ("Arbetsgrupp", "Öppna ärenden", "Ärenden"),
            [
                (g.group_name or "Ingen arbetsgrupp", g.open_problems, g.problems)
                for g in view.by_group
            ],
        ),
        Sheet(
            "Per fokusområde",
            ("Fokusområde", "Öppna ärenden", "Ärenden"),
            [
                (f.focus_area_title or "Inget fokusområde", f.open_problems, f.problems)
                for f in view.by_focus_area
            ],
        ),
        Sheet(
            "Väntar på granskning",
            ("Ärende", "Titel", "Arbetsgrupp", "Inlämnad"),
            [
                (a.reference, a.title, a.group_name or "", a.submitted_at)
                for a in view.awaiting_review
            ],
        ),
        Sheet(
            "Försenade åtgärder",
            ("Ärende", "Åtgärd", "Ägare", "Ansvarig part", "Klart senast", "Status", "Dagar sen"),
            [
                (
                    a.reference,
                    a.title,
                    a.owner,
                    a.responsible_party,
                    a.due_date,
                    label(a.status),
                    a.days_overdue,
                )
                for a in view.overdue_actions
            ],
        ),
        Sheet(
            "Står still",
            ("Ärende", "Titel", "Skede", "Senast ändrad", "Dagar utan ändring"),
            [
                (s.reference, s.title, label(s.stage), s.last_changed_at, s.days_since_change)
                for s in view.stale_problems
            ],
        ),
    ]


def board_sheets(board: GroupBoard) -> list[Sheet]:
    """A group's board: its open problems, its next actions and what waits on it."""
    return [
        Sheet(
            "Ärenden",
            ("Skede", "Ärende", "Titel", "Nästa tidpunkt", "Senast ändrad"),
            [
                (label(p.stage), p.reference, p.title, p.next_deadline, p.last_changed_at)
                for p in board.problems
            ],
        ),
        Sheet(
            "Åtgärder",
            ("Ärende", "Åtgärd", "Ägare", "Ansvarig part", "Klart senast", "Status", "Försenad"),
            [
                (
                    a.reference,
                    a.title,
                    a.owner,
                    a.responsible_party,
                    a.due_date,
                    label(a.status),
                    "Ja" if a.overdue else "Nej",
                )
                for a in board.next_actions
            ],
        ),
        Sheet(
            "Väntar på gruppen",
            ("Ärende", "Titel", "Kommentarer", "Protokoll", "Sedan", "Klart senast"),
            [
                (
                    w.reference,
                    w.title,
                    w.comments or "",
                    w.minutes_reference or "",
                    w.since,
                    w.due_date,
                )
                for w in board.waiting
            ],
        ),
    ]


@get(f"{OVERVIEW_PATH}.xlsx", name="overview-xlsx", sync_to_thread=True)
def overview_workbook(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Response[bytes]:
    if not is_overseer(principal):
        raise hidden()
    municipality = municipality_for(application_of(request), principal, kommun, overseers_only=True)
    if municipality is None:
        raise hidden()
    view = views_of(request).bra_overview(municipality.code, list_limit=MAX_PAGE)
    content = workbook_bytes(overview_sheets(view), created=view.as_of)
    day = view.as_of.date().isoformat()
    return download(content, XLSX, f"bra-oversikt-{municipality.code}-{day}.xlsx")


@get(f"{GROUPS_PATH}/{{group_id:str}}/tavla.xlsx", name="group-board-xlsx", sync_to_thread=True)
def board_workbook(
    request: Request[Any, Any, Any],
    group_id: FromPath[str],
    principal: NamedDependency[Principal],
) -> Response[bytes]:
    application = application_of(request)
    try:
        group = readable_group(application, principal, UUID(group_id))
    except ValueError:
        raise NotFoundException from None
    board = views_of(request).group_board(group.municipality, group.id, list_limit=MAX_PAGE)
    if board is None:
        raise NotFoundException
    now = datetime.now(UTC)
    content = workbook_bytes(board_sheets(board), created=now)
    return download(content, XLSX, f"gruppens-tavla-{swedish_today(now).isoformat()}.xlsx")


def case_pdf(
    request: Request[Any, Any, Any], principal: Principal, reference: str
) -> Response[bytes]:
    """The case as PDF: the readable document of its export, the read recorded first."""
    application = application_of(request)
    problem = readable_problem(application, principal, reference)
    document = application.export_case_for_print(principal.actor, problem.id)
    content = render_pdf(document.text)
    return download(content, PDF, document.filename)


ROUTES = [overview_workbook, board_workbook]
