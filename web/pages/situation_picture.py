"""Lägesbild: the year's strategic lägesbild — its observations (area, what is seen, trend,
source), the figures of each as charts and tables — and, for lokala BRÅ, the forms that draw
it up, add and withdraw observations, attach figures (typed, or read from a CSV file as
``docs/lagesbild-csv.md`` describes) and adopt it.

``/lagesbild`` goes to this year's lägesbild, else the latest year's, else this year's page,
where lokala BRÅ draws it up. Every reader of the municipality may read it (as in the API);
only lokala BRÅ writes (:data:`contracts.policy.BRA_ONLY`: others get 403), and an adopted
lägesbild is fixed, so its page has no forms. A user of several municipalities picks one with
``?kommun=``, which every form's address keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from problemorienterat.application import CommandResult, ProblemorienteratApp
from problemorienterat.application.figure_input import decode, read_points
from problemorienterat.contracts.commands.situation_pictures import (
    AdoptOn,
    DrawUpSituationPicture,
    ImportFigures,
    RecordFiguresText,
    RecordObservation,
    WithdrawFigures,
    WithdrawObservation,
)
from problemorienterat.contracts.policy import BRA_ONLY, check_municipal_object
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.figures import FigureProblem, FigureSeries, FiguresError, FigureUnit
from problemorienterat.domain.situation_picture import Observation, SituationPicture, Trend
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.domain.yearly import FIRST_YEAR, LAST_YEAR
from problemorienterat.labels import choices
from problemorienterat.reports.figure_chart import FigureChart, figure_chart, value_text
from web.figure_messages import problem_text, problems_text
from web.forms import Form, FormData, parse_form
from web.navigation import SITUATION_PICTURE_PATH
from web.pages._municipal import (
    Municipality,
    application_of,
    day,
    municipality_for,
    views_of,
)
from web.rendering import render, see_other
from web.session import flash

TEMPLATE = "lagesbild.html.j2"
UploadData = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


@dataclass(frozen=True)
class SeriesSection:
    series: FigureSeries
    chart: FigureChart
    anchor: str
    value_texts: tuple[str, ...]


@dataclass(frozen=True)
class ObservationSection:
    number: int
    observation: Observation
    series: tuple[SeriesSection, ...]

    @property
    def anchor(self) -> str:
        return f"iakttagelse-{self.number}"

    @property
    def choice_text(self) -> str:
        return f"{self.number}. {self.observation.area}"


def sections(picture: SituationPicture) -> tuple[ObservationSection, ...]:
    """The observations in the order they were recorded, numbered, each with its figures."""
    result = []
    for number, observation in enumerate(picture.observations.values(), start=1):
        series = tuple(
            SeriesSection(
                series=s,
                chart=figure_chart(s),
                anchor=f"siffror-{number}-{index}",
                value_texts=tuple(value_text(s.unit, p.value) for p in s.points),
            )
            for index, s in enumerate(picture.figures_of(observation.observation_id), start=1)
        )
        result.append(ObservationSection(number, observation, series))
    return tuple(result)


def year_path(year: int, municipality: Municipality | None = None) -> str:
    return f"{SITUATION_PICTURE_PATH}/{year}{municipality.query if municipality else ''}"


def _action(year: int, municipality: Municipality, tail: str) -> str:
    return f"{SITUATION_PICTURE_PATH}/{year}/{tail}{municipality.query}"


def _find(application: ProblemorienteratApp, code: str, year: int) -> SituationPicture | None:
    try:
        return application.find_situation_picture(code, year)
    except NotFoundError:
        return None


def _context(
    request: Request[Any, Any, Any],
    principal: Principal,
    municipality: Municipality,
    year: int,
    **extra: Any,
) -> dict[str, Any]:
    """What the page shows of the lägesbild of ``year`` (None if there is none)."""
    application = application_of(request)
    listing = views_of(request).situation_pictures(municipality.code)
    picture = _find(application, municipality.code, year)
    this_year = swedish_today().year
    years = sorted({p.year for p in listing} | ({picture.year} if picture else set()))[::-1]
    bra = principal.role is Role.BRA
    shown = sections(picture) if picture else ()
    return {
        "municipality": municipality,
        "year": year,
        "this_year": this_year,
        "years": years,
        "this_year_missing": this_year not in years
        and _find(application, municipality.code, this_year) is None,
        "picture": picture,
        "sections": shown,
        "observation_choices": [(str(s.observation.observation_id), s.choice_text) for s in shown],
        "may_write": bra,
        "editable": bra and picture is not None and not picture.is_adopted,
        "year_path": lambda y: year_path(y, municipality),
        "action": lambda tail: _action(year, municipality, tail),
        "day": day,
        "trends": choices(Trend),
        "units": choices(FigureUnit),
        "today": swedish_today().isoformat(),
        "failed_forms": {},
        "target": None,
        "import_problems": (),
        **extra,
    }


@get(SITUATION_PICTURE_PATH, name="situation_picture_latest", sync_to_thread=True)
def latest(
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """This year's lägesbild, else the latest year's, else this year's page (to draw it up)."""
    municipality = municipality_for(application_of(request), principal, kommun)
    if municipality is None:
        return render(request, TEMPLATE, municipality=None)
    years = [p.year for p in views_of(request).situation_pictures(municipality.code)]
    this_year = swedish_today().year
    chosen = years[0] if years and this_year not in years else this_year
    return see_other(year_path(chosen, municipality))


@get(f"{SITUATION_PICTURE_PATH}/{{year:int}}", name="situation_picture", sync_to_thread=True)
def situation_picture(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template:
    municipality = municipality_for(application_of(request), principal, kommun)
    if municipality is None:
        return render(request, TEMPLATE, municipality=None)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFoundError("No such year.")
    return render(request, TEMPLATE, **_context(request, principal, municipality, year))


# ------------------------------------------------------------------ lokala BRÅ's forms


def _bra_municipality(
    request: Request[Any, Any, Any], principal: Principal, kommun: str | None, year: int
) -> Municipality:
    """The municipality the form writes in, if the user is its lokala BRÅ (else 403/404)."""
    municipality = municipality_for(application_of(request), principal, kommun)
    if municipality is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFoundError("No such lägesbild.")
    check_municipal_object(principal, municipality=municipality.code, roles=BRA_ONLY)
    return municipality


def _picture(
    request: Request[Any, Any, Any], municipality: Municipality, year: int
) -> SituationPicture:
    picture = _find(application_of(request), municipality.code, year)
    if picture is None:
        raise NotFoundError("No such lägesbild.")
    return picture


def _handle(  # noqa: PLR0917 - the request, the user, where, the form and what it runs
    request: Request[Any, Any, Any],
    principal: Principal,
    municipality: Municipality,
    year: int,
    name: str,
    form: Form[Any],
    use_case: Callable[[], CommandResult | None],
    done: str,
    *,
    anchor: str = "",
    target: str | None = None,
) -> Template | Redirect:
    """Run the form's use case; on success a message and back to the page, else the page
    again with the form's errors next to its fields."""
    result = form.run(use_case)
    if result is None or not form.ok:
        context = _context(
            request,
            principal,
            municipality,
            year,
            failed_forms={name: form},
            target=target,
        )
        return render(request, TEMPLATE, status_code=_failed(form), **context)
    flash(request, done)
    return see_other(year_path(year, municipality) + (f"#{anchor}" if anchor else ""))


@post(f"{SITUATION_PICTURE_PATH}/{{year:int}}/ta-fram", sync_to_thread=True, status_code=303)
def draw_up(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """Ta fram: the year's lägesbild with its summary."""
    municipality = _bra_municipality(request, principal, kommun, year)
    if _find(application_of(request), municipality.code, year) is not None:
        flash(request, f"Lägesbilden för {year} är redan framtagen.")  # another tab, say
        return see_other(year_path(year, municipality))
    form = parse_form(
        DrawUpSituationPicture,
        {**_without(data, "municipality", "year"), "municipality": municipality.code, "year": year},
    )
    return _handle(
        request,
        principal,
        municipality,
        year,
        "draw_up",
        form,
        lambda: application_of(request).draw_up_situation_picture(
            principal.actor, **form.body().model_dump()
        ),
        f"Lägesbilden för {year} är framtagen. Lägg nu till iakttagelserna.",
    )


@post(f"{SITUATION_PICTURE_PATH}/{{year:int}}/iakttagelser", sync_to_thread=True, status_code=303)
def record_observation(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    municipality = _bra_municipality(request, principal, kommun, year)
    picture = _picture(request, municipality, year)
    form = parse_form(RecordObservation, data)
    return _handle(
        request,
        principal,
        municipality,
        year,
        "observation",
        form,
        lambda: application_of(request).record_observation(
            principal.actor,
            picture.id,
            **form.body().model_dump(),
            expected_version=form.expected_version,
        ),
        "Iakttagelsen är tillagd.",
        anchor="iakttagelser",
    )


@post(
    f"{SITUATION_PICTURE_PATH}/{{year:int}}/iakttagelser/{{observation_id:uuid}}/aterta",
    sync_to_thread=True,
    status_code=303,
)
def withdraw_observation(  # noqa: PLR0917 - the path's year and id, the form, the user
    request: Request[Any, Any, Any],
    year: FromPath[int],
    observation_id: FromPath[UUID],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    municipality = _bra_municipality(request, principal, kommun, year)
    picture = _picture(request, municipality, year)
    form = parse_form(WithdrawObservation, data)
    return _handle(
        request,
        principal,
        municipality,
        year,
        "withdraw_observation",
        form,
        lambda: application_of(request).withdraw_observation(
            principal.actor,
            picture.id,
            observation_id=observation_id,
            reason=form.body().reason,
            expected_version=form.expected_version,
        ),
        "Iakttagelsen är återtagen.",
        anchor="iakttagelser",
        target=observation_id.hex,
    )


@post(f"{SITUATION_PICTURE_PATH}/{{year:int}}/siffror", sync_to_thread=True, status_code=303)
def record_figures(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """Lägg in siffror: an indicator's values, one "period: value" a line, for an observation
    (a series of the same indicator is replaced)."""
    municipality = _bra_municipality(request, principal, kommun, year)
    picture = _picture(request, municipality, year)
    form = parse_form(RecordFiguresText, data)

    def run() -> CommandResult | None:
        body = form.body()
        points, lines, problems = read_points(body.points)
        if problems:
            form.add_error("points", problems_text(problems))
            return None
        return application_of(request).record_figures(
            principal.actor,
            picture.id,
            observation_id=body.observation_id,
            indicator=body.indicator,
            unit=body.unit,
            points=points,
            lines=lines,
            expected_version=form.expected_version,
        )

    return _handle(
        request,
        principal,
        municipality,
        year,
        "figures",
        form,
        run,
        "Siffrorna är sparade.",
        anchor="iakttagelser",
    )


@post(
    f"{SITUATION_PICTURE_PATH}/{{year:int}}/siffror/{{series_id:uuid}}/ta-bort",
    sync_to_thread=True,
    status_code=303,
)
def withdraw_figures(  # noqa: PLR0917 - the path's year and id, the form, the user
    request: Request[Any, Any, Any],
    year: FromPath[int],
    series_id: FromPath[UUID],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    municipality = _bra_municipality(request, principal, kommun, year)
    picture = _picture(request, municipality, year)
    form = parse_form(WithdrawFigures, data)
    return _handle(
        request,
        principal,
        municipality,
        year,
        "withdraw_figures",
        form,
        lambda: application_of(request).withdraw_figures(
            principal.actor,
            picture.id,
            series_id=series_id,
            reason=form.body().reason,
            expected_version=form.expected_version,
        ),
        "Siffrorna är borttagna.",
        anchor="iakttagelser",
        target=series_id.hex,
    )


@post(f"{SITUATION_PICTURE_PATH}/{{year:int}}/csv", sync_to_thread=True, status_code=303)
def import_figures(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    data: UploadData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """Läs in siffror från en CSV-fil: every line checked first; any error lists them all by
    line and nothing is saved."""
    municipality = _bra_municipality(request, principal, kommun, year)
    picture = _picture(request, municipality, year)
    upload = data.get("csv")
    content = upload.file.read() if isinstance(upload, UploadFile) else b""
    text, problems = decode(content)
    form = parse_form(
        ImportFigures,
        {"csv": text, "expected_version": data.get("expected_version", "")},
    )
    found: list[FigureProblem] = list(problems)
    if not content.strip():
        form.add_error("csv", "Välj en CSV-fil med siffror.")
    elif problems:
        form.add_error("csv", problems_text(problems))

    def run() -> CommandResult:
        try:
            return application_of(request).import_figures(
                principal.actor,
                picture.id,
                csv_text=form.body().csv,
                expected_version=form.expected_version,
            )
        except FiguresError as error:
            found.extend(error.problems)
            raise

    if form.run(run) is not None:
        flash(request, "Siffrorna i filen är inlästa.")
        return see_other(year_path(year, municipality) + "#iakttagelser")
    if found:
        form.errors["csv"] = (
            f"Filen har {len(found)} fel och ingenting har sparats. Rätta raderna i listan "
            "och läs in filen igen."
        )
    context = _context(
        request,
        principal,
        municipality,
        year,
        failed_forms={"import": form},
        import_problems=tuple(problem_text(p) for p in found),
    )
    return render(request, TEMPLATE, status_code=_failed(form), **context)


@post(f"{SITUATION_PICTURE_PATH}/{{year:int}}/anta", sync_to_thread=True, status_code=303)
def adopt(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    data: FormData,
    principal: NamedDependency[Principal],
    kommun: FromQuery[str | None] = None,
) -> Template | Redirect:
    """Anta: lokala BRÅ adopts the lägesbild on a date; from then on it is fixed."""
    municipality = _bra_municipality(request, principal, kommun, year)
    picture = _picture(request, municipality, year)
    form = parse_form(AdoptOn, data)
    return _handle(
        request,
        principal,
        municipality,
        year,
        "adopt",
        form,
        lambda: application_of(request).adopt_situation_picture(
            principal.actor,
            picture.id,
            adopted_on=form.body().adopted_on,
            expected_version=form.expected_version,
        ),
        f"Lägesbilden för {year} är antagen och ligger nu fast.",
    )


def _failed(form: Form[Any]) -> int:
    """The status of a form that was not saved: 422 unless a rule or a conflict says 409."""
    return form.status_code if form.status_code >= 400 else 422


def _without(data: Mapping[str, Any], *names: str) -> dict[str, Any]:
    """The form's values less ``names`` (the page decides them, not the form)."""
    return {k: v for k, v in data.items() if k not in names}


ROUTES = [
    latest,
    situation_picture,
    draw_up,
    record_observation,
    withdraw_observation,
    record_figures,
    withdraw_figures,
    import_figures,
    adopt,
]
