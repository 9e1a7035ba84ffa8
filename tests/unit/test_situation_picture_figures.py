"""Figures on a lägesbild's observation: a value per period for an indicator, the periods in
one of four forms, values the unit allows; replaced by indicator, withdrawn, fixed once
adopted. And the CSV import: every line checked first, errors by line and column, nothing
recorded unless the whole file is right."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from support import BRA

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.application.figure_input import decode, number_of, read_points, unit_of
from problemorienterat.domain.errors import ClosedError, NotFoundError
from problemorienterat.domain.figures import FiguresError, FigureUnit, Period, PeriodKind
from problemorienterat.domain.situation_picture import SituationPicture, Trend
from problemorienterat.reports.figure_chart import figure_chart, nice_ceiling
from web.figure_messages import PROBLEM_MESSAGES, problem_text

DOCS = Path(__file__).parents[2] / "docs"
HEADER = "område;indikator;enhet;period;värde\n"


def a_picture() -> tuple[SituationPicture, UUID]:
    picture = SituationPicture.draw_up(BRA, municipality="1882", year=2026, summary="Läget.")
    observation = picture.record_observation(
        BRA, area="Centrum", description="Skadegörelse.", trend=Trend.INCREASING, source="Polisen"
    )
    return picture, observation


def codes(error: pytest.ExceptionInfo[FiguresError]) -> list[tuple[int | None, str]]:
    return [(p.line, p.code) for p in error.value.problems]


# ---------------------------------------------------------------- periods and values


@pytest.mark.parametrize(
    ("text", "label", "kind"),
    [
        ("2025", "2025", PeriodKind.YEAR),
        ("2025 H1", "2025 H1", PeriodKind.HALF_YEAR),
        ("2025h2", "2025 H2", PeriodKind.HALF_YEAR),
        ("2025-H1", "2025 H1", PeriodKind.HALF_YEAR),
        ("2025 Q3", "2025 Q3", PeriodKind.QUARTER),
        ("2025 K4", "2025 Q4", PeriodKind.QUARTER),
        ("2025-03", "2025-03", PeriodKind.MONTH),
    ],
)
def test_a_period_is_a_year_half_year_quarter_or_month(
    text: str, label: str, kind: PeriodKind
) -> None:
    period = Period.parse(text)
    assert period is not None
    assert (period.label, period.kind) == (label, kind)


@pytest.mark.parametrize("text", ["2025 H3", "2025 Q5", "2025-13", "2025-00", "H1 2025", "25", ""])
def test_anything_else_is_not_a_period(text: str) -> None:
    assert Period.parse(text) is None


def test_numbers_are_read_as_swedes_write_them() -> None:
    assert number_of("12 500") == 12500
    assert number_of("12\u00a0500") == 12500
    assert number_of("3,5") == 3.5
    assert number_of("−2") == -2
    assert number_of("1.234,5") is None  # which is the decimal sign?
    assert number_of("inf") is None
    assert number_of("tolv") is None
    assert unit_of("Per 1 000 invånare") is FigureUnit.PER_THOUSAND
    assert unit_of("%") is FigureUnit.PERCENT
    assert unit_of("stycken") is None


# ---------------------------------------------------------------- the aggregate


def test_figures_are_stored_in_period_order_with_the_periods_written_one_way() -> None:
    picture, observation = a_picture()

    series_id = picture.record_figures(
        BRA,
        observation_id=observation,
        indicator="Anmälda skadegörelsebrott",
        unit=FigureUnit.COUNT,
        points=[("2025h1", 51), ("2024 H2", 45), ("2024-H1", 38)],
    )

    (series,) = picture.figures_of(observation)
    assert series.series_id == series_id
    assert [(p.period, p.value) for p in series.points] == [
        ("2024 H1", 38),
        ("2024 H2", 45),
        ("2025 H1", 51),
    ]


def test_every_problem_with_the_points_is_reported_at_once() -> None:
    """Unknown period, mixed kinds, a period twice, a negative count, a fraction of a count:
    each with its line; nothing is recorded."""
    picture, observation = a_picture()

    with pytest.raises(FiguresError) as caught:
        picture.record_figures(
            BRA,
            observation_id=observation,
            indicator="Anmälda brott",
            unit=FigureUnit.COUNT,
            points=[
                ("2024 H1", 3),
                ("2024 H3", 4),
                ("2024", 5),
                ("2024 h1", 6),
                ("2025 H1", -1),
                ("2025 H2", 2.5),
            ],
            lines=[2, 3, 4, 5, 6, 7],
        )

    assert codes(caught) == [
        (3, "period-format"),
        (4, "period-kind-mixed"),
        (5, "period-duplicate"),
        (6, "value-negative"),
        (7, "value-whole"),
    ]
    assert caught.value.field == "points"
    assert picture.figures == {}


def test_a_percentage_lies_between_0_and_100_and_an_index_may_be_negative() -> None:
    picture, observation = a_picture()
    with pytest.raises(FiguresError) as caught:
        picture.record_figures(
            BRA,
            observation_id=observation,
            indicator="Otrygga",
            unit=FigureUnit.PERCENT,
            points=[("2024", 100.5)],
        )
    assert codes(caught) == [(None, "value-percent")]

    picture.record_figures(
        BRA,
        observation_id=observation,
        indicator="Trygghetsindex",
        unit=FigureUnit.INDEX,
        points=[("2024", -0.4)],
    )
    assert picture.figures_of(observation)[0].points[0].value == -0.4


def test_figures_of_the_same_indicator_replace_the_observations_series() -> None:
    """Recording "anmälda brott" again (other case, other spacing) replaces the series; the
    event names the one it replaced; other indicators stay."""
    picture, observation = a_picture()
    first = picture.record_figures(
        BRA,
        observation_id=observation,
        indicator="Anmälda brott",
        unit=FigureUnit.COUNT,
        points=[("2024", 10)],
    )
    other = picture.record_figures(
        BRA,
        observation_id=observation,
        indicator="Otrygghet",
        unit=FigureUnit.PERCENT,
        points=[("2024", 30)],
    )

    second = picture.record_figures(
        BRA,
        observation_id=observation,
        indicator="anmälda  BROTT",
        unit=FigureUnit.COUNT,
        points=[("2024", 10), ("2025", 12)],
    )

    assert {s.series_id for s in picture.figures_of(observation)} == {other, second}
    recorded = picture.collect_events()[-1]
    assert isinstance(recorded, SituationPicture.FiguresRecorded)
    assert recorded.replaced_series_id == first


def test_figures_belong_to_an_observation_that_exists_and_a_picture_not_adopted() -> None:
    picture, observation = a_picture()
    with pytest.raises(NotFoundError) as missing:
        picture.record_figures(
            BRA, observation_id=uuid4(), indicator="X", unit=FigureUnit.COUNT, points=[("2024", 1)]
        )
    assert missing.value.field == "observation_id"
    series = picture.record_figures(
        BRA, observation_id=observation, indicator="X", unit=FigureUnit.COUNT, points=[("2024", 1)]
    )
    picture.adopt(BRA, adopted_on=date(2026, 2, 10))

    with pytest.raises(ClosedError):
        picture.record_figures(
            BRA,
            observation_id=observation,
            indicator="Y",
            unit=FigureUnit.COUNT,
            points=[("2024", 1)],
        )
    with pytest.raises(ClosedError):
        picture.withdraw_figures(BRA, series_id=series, reason="Fel.")


def test_figures_are_withdrawn_with_a_reason_and_go_with_a_withdrawn_observation() -> None:
    picture, observation = a_picture()
    series = picture.record_figures(
        BRA, observation_id=observation, indicator="X", unit=FigureUnit.COUNT, points=[("2024", 1)]
    )
    picture.withdraw_figures(BRA, series_id=series, reason="Fel indikator.")
    assert picture.figures_of(observation) == []
    with pytest.raises(NotFoundError) as again:
        picture.withdraw_figures(BRA, series_id=series, reason="Igen.")
    assert again.value.field == "series_id"

    picture.record_figures(
        BRA, observation_id=observation, indicator="X", unit=FigureUnit.COUNT, points=[("2024", 1)]
    )
    picture.withdraw_observation(BRA, observation_id=observation, reason="Dubblett.")
    assert picture.figures_of(observation) == []


def test_figures_survive_the_store(app: ProblemorienteratApp) -> None:
    """Stored and loaded back as recorded (points a tuple again: the state stays immutable)."""
    picture_id = app.draw_up_situation_picture(
        BRA, municipality="1882", year=2026, summary="Läget."
    ).aggregate_id
    observation = app.record_observation(
        BRA, picture_id, area="Centrum", description="X.", trend=Trend.STABLE, source="Polisen"
    ).item_id
    assert observation is not None
    app.record_figures(
        BRA,
        picture_id,
        observation_id=observation,
        indicator="Brott",
        unit=FigureUnit.COUNT,
        points=[("2024 Q1", 3), ("2024 Q2", 4)],
    )
    app.forget_cached_aggregates()

    (series,) = app.get_situation_picture(picture_id).figures_of(observation)
    assert series.unit is FigureUnit.COUNT
    assert isinstance(series.points, tuple)
    assert [(p.period, p.value) for p in series.points] == [("2024 Q1", 3), ("2024 Q2", 4)]


def test_a_lagesbild_stored_before_figures_existed_loads_without_figures(
    app: ProblemorienteratApp,
) -> None:
    """Events of version 0.1 (tests/fixtures/events-v0.1.jsonl) load with no figures."""
    from eventsourcing.persistence import StoredEvent

    fixture = Path(__file__).parents[1] / "fixtures" / "events-v0.1.jsonl"
    rows = [json.loads(line) for line in fixture.read_text(encoding="utf-8").splitlines()]
    pictures = [r for r in rows if ":SituationPicture." in str(r["topic"])]
    assert pictures
    app.recorder.insert_events(
        [
            StoredEvent(
                originator_id=UUID(str(r["originator_id"])),
                originator_version=int(str(r["originator_version"])),
                topic=str(r["topic"]),
                state=str(r["state"]).encode("utf-8"),
            )
            for r in pictures
        ]
    )
    picture = app.get_situation_picture(UUID(str(pictures[0]["originator_id"])))
    assert picture.observations
    assert picture.figures == {}


# ---------------------------------------------------------------- the CSV import


@pytest.fixture
def picture_id(app: ProblemorienteratApp) -> UUID:
    picture_id = app.draw_up_situation_picture(
        BRA, municipality="1882", year=2026, summary="Läget."
    ).aggregate_id
    for area in ("Centrum", "Valla"):
        app.record_observation(
            BRA, picture_id, area=area, description="X.", trend=Trend.STABLE, source="Polisen"
        )
    return picture_id


def test_the_example_file_imports(app: ProblemorienteratApp, picture_id: UUID) -> None:
    """docs/lagesbild-exempel.csv (the page offers the same file): three series in one
    transaction; the page's copy is the same file."""
    data = (DOCS / "lagesbild-exempel.csv").read_bytes()
    assert data == (DOCS.parent / "web" / "static" / "lagesbild-exempel.csv").read_bytes()
    before = app.get_situation_picture(picture_id).version

    result = app.import_figures(BRA, picture_id, csv_text=decode(data)[0])

    picture = app.get_situation_picture(picture_id)
    assert result.version == before + 3
    listed = {
        (o.area, s.indicator, s.unit, len(s.points))
        for o in picture.observations.values()
        for s in picture.figures_of(o.observation_id)
    }
    assert listed == {
        ("Centrum", "Anmälda skadegörelsebrott", FigureUnit.COUNT, 3),
        ("Centrum", "Andel som känner sig otrygga på kvällen", FigureUnit.PERCENT, 3),
        ("Valla", "Anmälda bostadsinbrott", FigureUnit.COUNT, 3),
    }


def test_commas_a_bom_and_columns_in_any_order(app: ProblemorienteratApp, picture_id: UUID) -> None:
    text = '\ufeffVärde,Period,Område,Enhet,Indikator\n"31,5",2024,centrum,procent,Otrygga\n'
    app.import_figures(BRA, picture_id, csv_text=text)
    picture = app.get_situation_picture(picture_id)
    (series,) = list(picture.figures.values())
    assert (series.indicator, series.points[0].value) == ("Otrygga", 31.5)


def test_a_bad_file_is_reported_by_line_and_column_and_nothing_is_recorded(
    app: ProblemorienteratApp, picture_id: UUID
) -> None:
    before = app.get_situation_picture(picture_id).version
    text = HEADER + (
        "Centrum;Brott;antal;2024 H1;12\n"  # line 2: right
        "Hagalund;Brott;antal;2024;3\n"  # 3: no such area
        "Centrum;Brott;antal;2024 H3;4\n"  # 4: no such period
        "Valla;Brott;stycken;2024;tre\n"  # 5: unit and value
        "Centrum;Brott;procent;2024 H2;4\n"  # 6: another unit in the series
        "Centrum;Brott;antal;2024 h1;5\n"  # 7: the period again
        "Valla;;antal;2024;1\n"  # 8: no indicator
        "Valla;Brott;antal;2024;1;extra\n"  # 9: a field too many
    )

    with pytest.raises(FiguresError) as caught:
        app.import_figures(BRA, picture_id, csv_text=text)

    found = [(p.line, p.column, p.code) for p in caught.value.problems]
    assert found == [
        (3, "område", "area-unknown"),
        (4, "period", "period-format"),
        (5, "enhet", "unit-unknown"),
        (5, "värde", "value-format"),
        (6, "enhet", "unit-mixed"),
        (7, "period", "period-duplicate"),
        (8, "indikator", "required"),
        (9, None, "column-count"),
    ]
    assert app.get_situation_picture(picture_id).version == before
    assert app.get_situation_picture(picture_id).figures == {}


def test_a_header_without_the_columns_is_refused(
    app: ProblemorienteratApp, picture_id: UUID
) -> None:
    with pytest.raises(FiguresError) as caught:
        app.import_figures(BRA, picture_id, csv_text="område;indikator;vårde;period\nA;B;1;2024\n")
    assert [(p.line, p.column, p.code) for p in caught.value.problems] == [
        (1, "vårde", "column-unknown"),
        (1, "enhet", "column-missing"),
        (1, "värde", "column-missing"),
    ]
    with pytest.raises(FiguresError) as empty:
        app.import_figures(BRA, picture_id, csv_text="\n\n")
    assert codes(empty) == [(None, "empty")]


def test_a_file_that_is_not_utf8_is_refused() -> None:
    text, problems = decode("område;värde\n".encode("cp1252"))
    assert text == ""
    assert [p.code for p in problems] == ["encoding"]


def test_the_forms_lines_of_period_and_value() -> None:
    points, lines, problems = read_points("2024 H1: 38\n\n2024 H2;12 500\n2025 H1\t3,5\n2025 H2\n")
    assert points == [("2024 H1", 38), ("2024 H2", 12500), ("2025 H1", 3.5)]
    assert lines == [1, 3, 4]
    assert [(p.line, p.code) for p in problems] == [(5, "line-format")]


def test_every_problem_has_swedish_words_with_its_line() -> None:
    """The page says each problem in Swedish, by line and column, repeating a short value."""
    from problemorienterat.domain.figures import FigureProblem

    text = problem_text(FigureProblem("period-format", "…", 4, "period", "2025 H3"))
    assert text.startswith("Rad 4, kolumn ”period”: Perioden ska skrivas som år (2025)")
    assert text.endswith("(”2025 H3”)")
    for code in ("area-unknown", "unit-mixed", "column-count", "series-too-many", "encoding"):
        assert code in PROBLEM_MESSAGES


# ---------------------------------------------------------------- the chart


def test_the_chart_has_a_round_scale_and_swedish_numbers() -> None:
    picture, observation = a_picture()
    picture.record_figures(
        BRA,
        observation_id=observation,
        indicator="Brott",
        unit=FigureUnit.COUNT,
        points=[("2024", 1200), ("2025", 1850)],
    )
    chart = figure_chart(picture.figures_of(observation)[0])

    assert [g.text for g in chart.gridlines] == [
        "0",
        "500",
        "1\u00a0000",
        "1\u00a0500",
        "2\u00a0000",
    ]
    assert [c.number for c in chart.columns] == ["1\u00a0200", "1\u00a0850"]
    tallest = max(chart.columns, key=lambda c: c.height)
    assert tallest.period == "2025"
    assert chart.description == "Brott, antal. 2024: 1\u00a0200; 2025: 1\u00a0850."
    assert (nice_ceiling(0), nice_ceiling(7), nice_ceiling(36.5)) == (1, 10, 50)
