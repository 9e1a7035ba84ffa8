"""The parts of the year's report that need no store: the moment ``?per=`` stands for, the
baseline-against-follow-up chart's scale, and the workbook's cells."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from problemorienterat.reports.charts import BAR_SPACE, baseline_pairs
from problemorienterat.reports.pdf import local_fetcher
from problemorienterat.reports.workbook import Sheet, workbook_bytes
from problemorienterat.reports.year_report import OutcomeLine
from web.pages.year_report import as_of_moment

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def outcome(problem: str, baseline: float, follow_up: float | None, area: str) -> OutcomeLine:
    period = (date(2025, 1, 1), date(2025, 6, 30))
    return OutcomeLine(
        problem=problem,
        focus_area=area,
        indicator="Anmälda inbrott",
        area="Valla",
        unit="inbrott",
        baseline=baseline,
        baseline_period=period,
        follow_up=follow_up,
        follow_up_period=period if follow_up is not None else None,
        comparable=True,
        outcome="Minskat",
        motivation="Färre.",
    )


def test_per_a_day_is_the_end_of_that_day_in_swedish_time_and_never_after_now() -> None:
    # Midnight in Stockholm in winter is 23:00 UTC the day before.
    end = as_of_moment(date(2025, 12, 31), NOW)
    assert end == datetime(2025, 12, 31, 22, 59, 59, 999999, tzinfo=UTC)
    summer = as_of_moment(date(2025, 6, 30), NOW)
    assert summer == datetime(2025, 6, 30, 21, 59, 59, 999999, tzinfo=UTC)
    assert as_of_moment(date(2026, 12, 3), NOW) == NOW
    assert as_of_moment(None, NOW) == NOW


def test_each_pair_has_its_own_scale_and_a_caption_per_focus_area() -> None:
    chart = baseline_pairs(
        [
            outcome("KUN-2025-0001 Inbrott", 14, 7, "Färre inbrott"),
            outcome("KUN-2025-0002 Klotter", 300, None, "Färre inbrott"),
            outcome("KUN-2025-0003 Buskörning", 2, 4, ""),
        ]
    )
    assert [c.text for c in chart.captions] == ["Färre inbrott", "Utan fokusområde"]
    widths = [bar.width for bar in chart.bars]
    assert widths == [BAR_SPACE, BAR_SPACE // 2, BAR_SPACE, 0, BAR_SPACE // 2, BAR_SPACE]
    assert chart.bars[3].number == "ej mätt"
    assert chart.bars[0].number == "14 inbrott"
    assert "KUN-2025-0002 Klotter: före 300, efter ej mätt" in chart.description


def test_the_workbook_keeps_numbers_and_dates_as_such_under_bold_headers() -> None:
    content = workbook_bytes(
        [Sheet("Utfall", ("Ärende", "Värde", "Från"), [("KUN-2026-0001", 12.5, date(2026, 1, 1))])],
        created=NOW,
    )
    book = load_workbook(BytesIO(content))
    sheet = book["Utfall"]
    assert [c.value for c in sheet[1]] == ["Ärende", "Värde", "Från"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet["B2"].value == 12.5
    assert sheet["C2"].value == datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None)
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "A2"
    assert book.properties.created == NOW.replace(tzinfo=None)


def test_a_pdf_fetches_nothing_over_the_network() -> None:
    """An address over the network is refused by the PDF's fetcher (the resource is left
    out), while a data: address is read."""
    pytest.importorskip("weasyprint")
    fetcher = local_fetcher()
    with pytest.raises(ValueError, match="http"):
        fetcher.fetch("http://169.254.169.254/latest/meta-data")
    assert fetcher.fetch("data:text/plain,hej").read() == b"hej"
