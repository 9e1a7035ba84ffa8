"""The handlingsplan as an Excel workbook (.xlsx, written with openpyxl).

Sheet "Handlingsplan": one row per activity under Swedish headings, dates as Excel dates,
the status in Swedish, the heading row frozen and an autofilter over the table. Sheet
"Fokusområden": one row per focus area with its counts and what the follow-up said of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from problemorienterat.reports.handlingsplan import Handlingsplan

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLAN_SHEET = "Handlingsplan"
FOCUS_AREA_SHEET = "Fokusområden"
DATE_FORMAT = "yyyy-mm-dd"  # ISO 8601, as Swedish dates are written

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
_HEADING_FONT = Font(bold=True)
_HEADING_FILL = PatternFill("solid", fgColor="DDE5EE")


def handlingsplan_workbook(plan: Handlingsplan) -> bytes:
    """The workbook of ``plan`` as the bytes of an .xlsx file."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PLAN_SHEET
    _table(
        sheet,
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
    )
    areas = workbook.create_sheet(FOCUS_AREA_SHEET)
    _table(
        areas,
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
    )
    workbook.properties.title = f"Handlingsplan {plan.year} – {plan.municipality_name}"
    workbook.properties.subject = plan.title
    workbook.properties.creator = "Problemorienterat"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _table(
    sheet: Any, columns: Sequence[tuple[str, int]], rows: Sequence[Sequence[object]]
) -> None:
    """Headings in row 1 (bold, frozen), the rows under them, an autofilter over it all."""
    sheet.append([heading for heading, _ in columns])
    for cell in sheet[1]:
        cell.font = _HEADING_FONT
        cell.fill = _HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        sheet.append(list(values))
    for number, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(wrap_text=isinstance(cell.value, str), vertical="top")
    sheet.freeze_panes = "A2"
    last = f"{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"
    sheet.auto_filter.ref = f"A1:{last}"
