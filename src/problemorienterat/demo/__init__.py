"""Demo data: the municipality of Kungsör with a year of problem-oriented work.

``load_demo`` writes, through the ordinary use cases: the municipality (1882 Kungsör, KUN),
the samverkansöverenskommelse, three working groups with members, this year's lägesbild and
medborgarlöfte (both adopted), a Grannsamverkan area, and twelve problems spread over every
SARA stage. People and their details are invented; no text holds a personnummer.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.demo import _structure as structure
from problemorienterat.demo._last_year import LastYearsProblems
from problemorienterat.demo._this_year import ThisYearsProblems
from problemorienterat.demo._users import DemoLogin, add_demo_users
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.swedish_day import swedish_today

__all__ = [
    "DEMO_MUNICIPALITY",
    "DemoData",
    "DemoLogin",
    "DemoMunicipality",
    "add_demo_users",
    "demo_is_loaded",
    "load_demo",
]


@dataclass(frozen=True)
class DemoMunicipality:
    code: str
    name: str
    prefix: str
    police_area: str


DEMO_MUNICIPALITY = DemoMunicipality(
    code=structure.MUNICIPALITY, name="Kungsör", prefix="KUN", police_area=structure.POLICE_AREA
)


@dataclass(frozen=True)
class DemoData:
    """What ``load_demo`` wrote, with the ids a caller (or a test) may want."""

    municipality: str
    municipality_name: str
    year: int
    agreement_id: UUID
    groups: dict[str, UUID]
    situation_picture_id: UUID
    citizen_promise_id: UUID
    focus_areas: dict[str, UUID]
    grannsamverkan_area_id: UUID
    problems: dict[str, UUID]  # by reference, e.g. "KUN-2026-0001"


def demo_is_loaded(app: ProblemorienteratApp) -> bool:
    """True when the demo municipality is already registered in the store."""
    try:
        app.get_municipality(DEMO_MUNICIPALITY.code)
    except NotFoundError:
        return False
    return True


def load_demo(app: ProblemorienteratApp, *, year: int | None = None) -> DemoData:
    """Load the demo municipality; ``year`` is "this year" of the story (default: today's).

    Raises DuplicateError (and writes nothing) when the demo municipality is already there.
    """
    year = year or swedish_today().year
    app.register_municipality(
        Actor.system("Demodata"),
        code=DEMO_MUNICIPALITY.code,
        name=DEMO_MUNICIPALITY.name,
        reference_prefix=DEMO_MUNICIPALITY.prefix,
        police_area=DEMO_MUNICIPALITY.police_area,
    )
    agreement_id = structure.sign_agreement(app)
    groups = structure.establish_groups(app)
    picture_id = structure.draw_up_situation_picture(app, year)
    focus = structure.draft_citizen_promise(app, year, picture_id)
    area_id = structure.register_grannsamverkan(app, year, groups.neighbourhood_watch)
    problem_ids = [
        *LastYearsProblems(app, year, groups, focus).load(),
        *ThisYearsProblems(app, year, groups, focus).load(),
    ]
    problems = {app.get_problem(pid).reference: pid for pid in problem_ids}
    return DemoData(
        municipality=DEMO_MUNICIPALITY.code,
        municipality_name=DEMO_MUNICIPALITY.name,
        year=year,
        agreement_id=agreement_id,
        groups={
            "UNG-gruppen": groups.youth,
            "Grannsamverkan Valla": groups.neighbourhood_watch,
            "Projektgrupp Trygg centrummiljö": groups.town_centre,
        },
        situation_picture_id=picture_id,
        citizen_promise_id=focus.promise_id,
        focus_areas={
            "Trygg centrummiljö": focus.town_centre,
            "Unga, droger och kriminalitet": focus.young_people,
            "Färre inbrott i bostadsområden": focus.burglary,
        },
        grannsamverkan_area_id=area_id,
        problems=problems,
    )
