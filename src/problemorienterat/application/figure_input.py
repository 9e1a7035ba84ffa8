"""Figures as people write them: a CSV file of series (``docs/lagesbild-csv.md``) and the
web form's lines of "period: value". Reading never raises on bad input: it returns what it
could read and a :class:`~problemorienterat.domain.figures.FigureProblem` per bad line.

The CSV file: UTF-8 (with or without BOM), ``;`` or ``,`` between fields (the header line
decides), a header line naming the columns ``område``, ``indikator``, ``enhet``, ``period``
and ``värde`` in any order, one line per period and value. Numbers may have a decimal comma
and spaces between thousands (``12 500``, ``3,5``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from problemorienterat.domain.figures import FigureProblem, FigureUnit, shown_value

MAX_ROWS = 5000
"""Data lines in one file."""

COLUMNS = ("område", "indikator", "enhet", "period", "värde")
_COLUMN_NAMES = {
    "område": "område",
    "omrade": "område",
    "area": "område",
    "indikator": "indikator",
    "indicator": "indikator",
    "enhet": "enhet",
    "unit": "enhet",
    "period": "period",
    "värde": "värde",
    "varde": "värde",
    "value": "värde",
}

UNIT_NAMES: dict[str, FigureUnit] = {
    "antal": FigureUnit.COUNT,
    "count": FigureUnit.COUNT,
    "procent": FigureUnit.PERCENT,
    "%": FigureUnit.PERCENT,
    "percent": FigureUnit.PERCENT,
    "per1000invånare": FigureUnit.PER_THOUSAND,
    "per1000": FigureUnit.PER_THOUSAND,
    "per_1000": FigureUnit.PER_THOUSAND,
    "per100000invånare": FigureUnit.PER_HUNDRED_THOUSAND,
    "per100000": FigureUnit.PER_HUNDRED_THOUSAND,
    "per_100000": FigureUnit.PER_HUNDRED_THOUSAND,
    "index": FigureUnit.INDEX,
}
"""The units a file may name (spaces and case do not matter)."""

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def unit_of(text: str) -> FigureUnit | None:
    """The unit a file names (``antal``, ``procent``, ``per 1 000 invånare`` …), or None."""
    return UNIT_NAMES.get(_SPACES.sub("", text).casefold())


def number_of(text: str) -> float | None:
    """A number as Swedes and spreadsheets write it (``12 500``, ``3,5``, ``-2``, ``3.5``),
    or None. A comma and a point together are refused: which one is the decimal sign?"""
    cleaned = _SPACES.sub("", text).replace("\u2212", "-")
    if not cleaned or ("," in cleaned and "." in cleaned) or not _NUMBER.match(cleaned):
        return None
    value = float(cleaned.replace(",", "."))
    return value if abs(value) <= 1e12 else None


@dataclass(frozen=True)
class FigureRow:
    """One data line of the file, read."""

    line: int
    area: str
    indicator: str
    unit: FigureUnit
    period: str
    value: float


def decode(data: bytes) -> tuple[str, list[FigureProblem]]:
    """The file's text (a BOM dropped), or a problem if it is not UTF-8 text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", [
            FigureProblem(
                "encoding",
                "The file is not UTF-8 text; save it as CSV UTF-8.",
            )
        ]
    return text, []


def read_csv(text: str) -> tuple[list[FigureRow], list[FigureProblem]]:
    """Every data line of the CSV ``text`` that could be read, and a problem for each that
    could not (by line and column)."""
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        return [], [FigureProblem("encoding", "The file is not text (it holds NUL characters).")]
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        return [], [FigureProblem("empty", "The file is empty.")]
    header_line = lines[header_index]
    delimiter = ";" if ";" in header_line else ("\t" if "\t" in header_line else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=False)
    rows: list[FigureRow] = []
    problems: list[FigureProblem] = []
    columns: dict[str, int] = {}
    width = 0
    data_lines = 0
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if not columns:
                columns, width, header_problems = _header(record, line)
                if header_problems:
                    return [], header_problems
                continue
            data_lines += 1
            if data_lines > MAX_ROWS:
                problems.append(
                    FigureProblem("too-many-rows", f"A file has at most {MAX_ROWS} lines.", line)
                )
                break
            row, row_problems = _row(record, line, columns, width)
            problems.extend(row_problems)
            if row is not None:
                rows.append(row)
    except csv.Error:
        problems.append(
            FigureProblem("csv-format", "The line cannot be read as CSV.", reader.line_num)
        )
    if not columns:
        return [], [FigureProblem("empty", "The file is empty.")]
    if not rows and not problems:
        problems.append(FigureProblem("empty", "The file has no lines of figures."))
    return rows, problems


def _header(record: list[str], line: int) -> tuple[dict[str, int], int, list[FigureProblem]]:
    columns: dict[str, int] = {}
    problems: list[FigureProblem] = []
    width = len(record)
    while width and not record[width - 1].strip():
        width -= 1  # empty columns at the end (spreadsheets add them)
    for index, cell in enumerate(record[:width]):
        name = _COLUMN_NAMES.get(cell.strip().casefold())
        if name is None:
            problems.append(
                FigureProblem(
                    "column-unknown",
                    "The header names a column the file format does not have.",
                    line,
                    cell.strip() or None,
                    shown_value(cell),
                )
            )
        elif name in columns:
            problems.append(
                FigureProblem("column-duplicate", "The column is named twice.", line, name)
            )
        else:
            columns[name] = index
    for name in COLUMNS:
        if name not in columns:
            problems.append(
                FigureProblem("column-missing", "The header lacks a column.", line, name)
            )
    return columns, width, problems


def _row(
    record: list[str], line: int, columns: dict[str, int], width: int
) -> tuple[FigureRow | None, list[FigureProblem]]:
    extra = [cell for cell in record[width:] if cell.strip()]
    if extra or len(record) < width:
        return None, [
            FigureProblem(
                "column-count",
                f"The line has {len(record)} fields; the header has {width}.",
                line,
            )
        ]
    cells = {name: record[index].strip() for name, index in columns.items()}
    problems: list[FigureProblem] = []
    for name in COLUMNS:
        if not cells[name]:
            problems.append(FigureProblem("required", "The field is empty.", line, name))
    for name in ("område", "indikator"):
        if len(cells[name]) > 200:
            problems.append(FigureProblem("too-long", "At most 200 characters.", line, name))
    unit = unit_of(cells["enhet"]) if cells["enhet"] else None
    if cells["enhet"] and unit is None:
        problems.append(
            FigureProblem(
                "unit-unknown",
                "The unit is one of antal, procent, per 1 000 invånare, per 100 000 "
                "invånare, index.",
                line,
                "enhet",
                shown_value(cells["enhet"]),
            )
        )
    value = number_of(cells["värde"]) if cells["värde"] else None
    if cells["värde"] and value is None:
        problems.append(
            FigureProblem(
                "value-format",
                "The value is not a number.",
                line,
                "värde",
                shown_value(cells["värde"]),
            )
        )
    if problems or unit is None or value is None:
        return None, problems
    return FigureRow(line, cells["område"], cells["indikator"], unit, cells["period"], value), []


def read_points(text: str) -> tuple[list[tuple[str, float]], list[int], list[FigureProblem]]:
    """The web form's figures: one period and value per line (``2025 H1: 42``,
    ``2025 H1;42``, ``2025 H1<tab>42`` or ``2025 H1 42``). Returns the points, the line of
    each, and a problem for each line that could not be read."""
    points: list[tuple[str, float]] = []
    lines: list[int] = []
    problems: list[FigureProblem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        period, value_text = _split_point(raw)
        value = number_of(value_text) if value_text else None
        if not period or value is None:
            problems.append(
                FigureProblem(
                    "line-format",
                    "Write one period and its value per line, e.g. 2025 H1: 42.",
                    number,
                    None,
                    shown_value(raw),
                )
            )
            continue
        points.append((period, value))
        lines.append(number)
    return points, lines, problems


def _split_point(raw: str) -> tuple[str, str]:
    for separator in (";", "\t", ":", "="):
        if separator in raw:
            period, _, value = raw.partition(separator)
            return period.strip(), value.strip()
    parts = raw.strip().rsplit(None, 1)
    if len(parts) != 2:
        return "", ""
    return parts[0].strip(), parts[1].strip()
