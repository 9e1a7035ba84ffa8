"""Excel workbooks (openpyxl): the year's report's figures, and any table a page offers as a
file (the BRÅ-översikt, a group's board). Numbers are numbers and dates are dates in the
cells, so the reader can sum and sort; headers are Swedish and bold, the first row frozen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from problemorienterat.reports.year_report import YearReport

Cell = str | int | float | date | datetime | None

MAX_TITLE = 31  # Excel's limit on a sheet's name
MAX_WIDTH = 60
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADING_FONT = Font(bold=True)
_HEADING_FILL = PatternFill("solid", fgColor="DDE5EE")


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, the column headers and the rows (numbers, dates, texts);
    ``widths`` in characters per column (default: as wide as the longest value, at most
    MAX_WIDTH)."""

    title: str
    headers: tuple[str, ...]
    rows: Sequence[Sequence[Cell]] = field(default_factory=tuple)
    widths: tuple[int, ...] | None = None


def _cell(value: Cell) -> Cell:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)  # Excel keeps no time zone
    return value


def workbook_bytes(
    sheets: Sequence[Sheet], *, created: datetime, title: str = "", subject: str = ""
) -> bytes:
    """The .xlsx file of ``sheets``: bold, shaded headers in a frozen first row, an
    autofilter over each table, dates as dates, long texts wrapped; ``created`` is its
    recorded creation time (so the same content gives the same file)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for sheet in sheets:
        _write(book.create_sheet(sheet.title[:MAX_TITLE]), sheet)
    moment = _cell(created)
    assert isinstance(moment, datetime)
    book.properties.created = moment
    book.properties.modified = moment
    book.properties.creator = "Problemorienterat"
    book.properties.title = title or None
    book.properties.subject = subject or None
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _write(page: Worksheet, sheet: Sheet) -> None:
    page.append(list(sheet.headers))
    for cell in page[1]:
        cell.font = _HEADING_FONT
        cell.fill = _HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(h) for h in sheet.headers]
    for row in sheet.rows:
        page.append([_cell(v) for v in row])
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], len(str(value)) if value is not None else 0)
    chosen = sheet.widths or tuple(min(w + 2, MAX_WIDTH) for w in widths)
    for i, width in enumerate(chosen, start=1):
        page.column_dimensions[get_column_letter(i)].width = width
    for row_cells in page.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and len(cell.value) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    page.freeze_panes = "A2"
    page.auto_filter.ref = f"A1:{get_column_letter(len(sheet.headers))}{len(sheet.rows) + 1}"


def year_report_sheets(report: YearReport) -> list[Sheet]:
    """The year's report's figures, a sheet per section."""
    picture = report.situation_picture
    promise = report.citizen_promise
    return [
        Sheet(
            "Lägesbild",
            ("Område", "Iakttagelse", "Trend", "Källa"),
            [(o.area, o.description, o.trend, o.source) for o in picture.observations]
            if picture
            else [],
        ),
        Sheet(
            "Fokusområden och aktiviteter",
            (
                "Fokusområde",
                "Aktivitet",
                "Ansvarig",
                "Klart senast",
                "Status",
                "Genomförd",
                "Kommentar",
            ),
            [
                (
                    area.title,
                    a.description,
                    a.responsible,
                    a.due_date,
                    a.status,
                    "Ja" if a.done else "Nej",
                    a.note,
                )
                for area in (promise.focus_areas if promise else ())
                for a in area.activities
            ],
        ),
        Sheet(
            "Problem per steg",
            ("Skede", "Ärende", "Titel", "Arbetsgrupp", "Fokusområde"),
            [
                (stage.stage, p.reference, p.title, p.group, p.focus_area)
                for stage in report.stages
                for p in stage.problems
            ],
        ),
        Sheet(
            "Metoder",
            ("Slag", "Nr", "Teknik eller åtgärd", "Syfte", "Ärende", "Åtgärder", "Genomförda"),
            [
                (
                    "Situationell teknik",
                    t.number,
                    t.technique,
                    t.category,
                    "",
                    t.actions,
                    t.completed,
                )
                for t in report.methods.techniques
            ]
            + [
                ("Social åtgärd", None, s.title, "", s.problem, 1, 1 if s.completed else 0)
                for s in report.methods.social_actions
            ],
        ),
        Sheet(
            "Utfall",
            (
                "Ärende",
                "Fokusområde",
                "Indikator",
                "Område",
                "Enhet",
                "Nollmätning",
                "Nollmätning från",
                "Nollmätning till",
                "Uppföljning",
                "Uppföljning från",
                "Uppföljning till",
                "Förändring (%)",
                "Effekt",
            ),
            [
                (
                    o.problem,
                    o.focus_area,
                    o.indicator,
                    o.area,
                    o.unit,
                    o.baseline,
                    o.baseline_period[0],
                    o.baseline_period[1],
                    o.follow_up,
                    o.follow_up_period[0] if o.follow_up_period else None,
                    o.follow_up_period[1] if o.follow_up_period else None,
                    o.change_percent,
                    o.outcome,
                )
                for o in report.outcomes
            ],
        ),
        Sheet(
            "Insatser per part",
            ("Organisation", "Part", "Timmar", "Kostnad (kr)"),
            [(e.organisation, e.partner, e.hours, e.cost_sek) for e in report.efforts],
        ),
    ]


def year_report_workbook(report: YearReport) -> bytes:
    """The year's report's figures as an Excel workbook."""
    return workbook_bytes(year_report_sheets(report), created=report.as_of)
