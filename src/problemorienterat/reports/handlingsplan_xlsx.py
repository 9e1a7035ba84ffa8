"""The handlingsplan as an Excel workbook (.xlsx, :mod:`.workbook`).

Sheet "Handlingsplan": one row per activity under Swedish headings, dates as Excel dates,
the status in Swedish, the heading row frozen and an autofilter over the table. Sheet
"Fokusområden": one row per focus area with its counts and what the follow-up said of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from problemorienterat.reports.handlingsplan import Handlingsplan
from problemorienterat.reports.workbook import Cell, Sheet, workbook_bytes

PLAN_SHEET = "Handlingsplan"
FOCUS_AREA_SHEET = "Fokusområden"

# (heading, column width in characters)
PLAN_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Fokusområde", 30),
    ("Aktivitet", 50),
    ("Ansvarig", 28),
    ("Ansvarig organisation", 20),
    ("Klart senast", 13),
    ("Status", 12),
    ("Genomförd", 13),
    ("Anteckning", 40),
    ("Ärenden i fokusområdet", 12),
)
FOCUS_AREA_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Fokusområde", 30),
    ("Beskrivning", 60),
    ("Aktiviteter", 12),
    ("Genomförda", 12),
    ("Inställda", 12),
    ("Kopplade ärenden", 12),
    ("Resultat enligt uppföljningen", 50),
)


def handlingsplan_workbook(plan: Handlingsplan, *, created: datetime) -> bytes:
    """The workbook of ``plan`` as the bytes of an .xlsx file."""
    return workbook_bytes(
        [
            _sheet(
                PLAN_SHEET,
                PLAN_COLUMNS,
                [
                    (
                        row.focus_area,
                        row.activity,
                        row.responsible_party,
                        row.responsible_organisation,
                        row.due_date,
                        row.status_text,
                        row.done_on,
                        row.status_note,
                        row.linked_problems,
                    )
                    for row in plan.rows
                ],
            ),
            _sheet(
                FOCUS_AREA_SHEET,
                FOCUS_AREA_COLUMNS,
                [
                    (
                        area.title,
                        area.description,
                        area.activities,
                        area.activities_done,
                        area.activities_cancelled,
                        area.linked_problems,
                        area.outcome or "",
                    )
                    for area in plan.focus_areas
                ],
            ),
        ],
        created=created,
        title=f"Handlingsplan {plan.year} – {plan.municipality_name}",
        subject=plan.title,
    )


def _sheet(title: str, columns: Sequence[tuple[str, int]], rows: Sequence[Sequence[Cell]]) -> Sheet:
    return Sheet(
        title,
        tuple(heading for heading, _ in columns),
        rows,
        widths=tuple(width for _, width in columns),
    )
