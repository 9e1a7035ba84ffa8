"""The Swedish words for what is wrong with figures of a lägesbild: a line of the form's text
or of a CSV file (``docs/lagesbild-csv.md``), by the problem's code
(:class:`problemorienterat.domain.figures.FigureProblem`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from problemorienterat.domain.figures import MAX_POINTS, MAX_SERIES_PER_OBSERVATION, FigureProblem

PROBLEM_MESSAGES: Mapping[str, str] = {
    "series-too-many": (
        f"En iakttagelse har siffror för högst {MAX_SERIES_PER_OBSERVATION} indikatorer."
    ),
    "points-missing": "Ange minst en period med värde.",
    "points-too-many": f"En serie har högst {MAX_POINTS} perioder.",
    "period-format": (
        "Perioden ska skrivas som år (2025), halvår (2025 H1), kvartal (2025 Q3) eller "
        "månad (2025-03)."
    ),
    "period-kind-mixed": (
        "Alla perioder i en serie ska vara av samma slag: år, halvår, kvartal eller månader."
    ),
    "period-duplicate": "Perioden finns redan tidigare i serien.",
    "value-format": "Värdet är inget tal. Skriv till exempel 42, 12 500 eller 3,5.",
    "value-negative": "Värdet kan inte vara negativt för den enheten.",
    "value-whole": "Ett antal är ett heltal.",
    "value-percent": "En andel i procent ligger mellan 0 och 100.",
    "encoding": "Filen är inte text i UTF-8. Spara den som ”CSV UTF-8” och försök igen.",
    "empty": "Filen innehåller inga rader med siffror.",
    "csv-format": "Raden går inte att läsa som CSV. Kontrollera citattecknen.",
    "too-many-rows": "En fil får ha högst 5 000 rader med siffror.",
    "column-unknown": (
        "Rubrikraden har en kolumn som formatet inte har. Kolumnerna heter område, indikator, "
        "enhet, period och värde."
    ),
    "column-duplicate": "Kolumnen finns två gånger i rubrikraden.",
    "column-missing": "Rubrikraden saknar kolumnen.",
    "column-count": (
        "Raden har inte lika många fält som rubrikraden. Med komma som avgränsare skrivs "
        "decimaltal med punkt eller inom citattecken."
    ),
    "required": "Fältet är tomt.",
    "too-long": "Texten är för lång: högst 200 tecken.",
    "unit-unknown": (
        "Enheten ska vara antal, procent, per 1 000 invånare, per 100 000 invånare eller index."
    ),
    "unit-mixed": "Alla rader i en serie (samma område och indikator) ska ha samma enhet.",
    "area-unknown": "Lägesbilden har ingen iakttagelse för det området.",
    "area-ambiguous": (
        "Lägesbilden har flera iakttagelser för det området. Ge iakttagelserna olika "
        "områdesnamn, eller lägg in siffrorna med formuläret."
    ),
    "line-format": "Skriv en period och dess värde per rad, till exempel ”2025 H1: 42”.",
}
_FALLBACK = "Raden kan inte användas."
_COLUMNS = {"value": "värde"}
SHOWN_AT_MOST = 5
"""Problems said next to a field; a file's list on the page shows them all."""


def problem_text(problem: FigureProblem) -> str:
    """``Rad 3, kolumn ”värde”: Värdet är inget tal. (”abc”)``."""
    where = []
    if problem.line is not None:
        where.append(f"Rad {problem.line}")
    if problem.column:
        column = _COLUMNS.get(problem.column, problem.column)
        where.append(f"kolumn ”{column}”" if where else f"Kolumn ”{column}”")
    text = PROBLEM_MESSAGES.get(problem.code, _FALLBACK)
    if problem.value:
        text = f"{text} (”{problem.value}”)"
    return f"{', '.join(where)}: {text}" if where else text


def problems_text(problems: Iterable[FigureProblem]) -> str:
    """The first few problems in one text (next to a field), with how many more there are."""
    listed = list(problems)
    shown = " ".join(problem_text(p) for p in listed[:SHOWN_AT_MOST])
    more = len(listed) - SHOWN_AT_MOST
    return f"{shown} … och {more} fel till." if more > 0 else shown
