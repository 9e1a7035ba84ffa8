"""The demo's framework: agreement, working groups, lägesbild, medborgarlöfte, Grannsamverkan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.demo import _people as people
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.agreement import Signatory
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.figures import FigureUnit
from problemorienterat.domain.situation_picture import Trend
from problemorienterat.domain.working_group import GroupKind, WorkingGroup

MUNICIPALITY = "1882"
POLICE_AREA = "Västra Mälardalen"

BRA = people.BRA_COORDINATOR.actor


@dataclass(frozen=True)
class Groups:
    youth: UUID
    neighbourhood_watch: UUID
    town_centre: UUID


@dataclass(frozen=True)
class FocusAreas:
    promise_id: UUID
    town_centre: UUID
    young_people: UUID
    burglary: UUID


def sign_agreement(app: ProblemorienteratApp) -> UUID:
    director, director_title = people.MUNICIPAL_DIRECTOR
    chief, chief_title = people.POLICE_AREA_CHIEF
    return app.sign_agreement(
        BRA,
        municipality=MUNICIPALITY,
        police_area=POLICE_AREA,
        purpose=(
            "Kommunen och lokalpolisområdet bedriver tillsammans ett långsiktigt "
            "brottsförebyggande och trygghetsskapande arbete i Kungsörs kommun, utifrån en "
            "gemensam lokal lägesbild och med ett problemorienterat arbetssätt."
        ),
        parties=["Kungsörs kommun", "Lokalpolisområde Västra Mälardalen"],
        signatories=[
            Signatory(director, director_title, Organisation.KOMMUN),
            Signatory(chief, chief_title, Organisation.POLIS),
        ],
        commitments=[
            "Båda parter avsätter den organisation som behövs för att åtagandena ska kunna "
            "genomföras.",
            "Varje år tas en strategisk lägesbild fram gemensamt; den är underlag för beslut "
            "om inriktningen av det brottsförebyggande och trygghetsskapande arbetet.",
            "Varje år tas ett medborgarlöfte fram med prioriterade fokusområden och en "
            "handlingsplan med konkreta aktiviteter som gäller i ett år.",
            "Lokala BRÅ är basen för det gemensamma arbetet och beslutar om arbets- och "
            "projektgrupper efter behov.",
            "UNG-gruppen styrs av lokala BRÅ, får sina uppdrag därifrån och arbetar "
            "förebyggande mot ungdomsbrottslighet.",
            "Polisen och kommunen bedriver tillsammans grannsamverkan; kommunpolisen är "
            "huvudansvarig.",
        ],
        valid_from=date(2022, 12, 15),
    ).aggregate_id


def establish_groups(app: ProblemorienteratApp) -> Groups:
    youth = _group(
        app,
        "UNG-gruppen",
        GroupKind.YOUTH,
        "Arbeta förebyggande mot ungdomsbrottslighet på uppdrag av lokala BRÅ: följa läget "
        "bland unga, samordna skola, socialtjänst, fritid och polis och driva problem som "
        "rör unga genom SARA.",
        [
            (people.YOUTH_WORKER, "Sammankallande"),
            (people.COMMUNITY_OFFICER, "Kommunpolis"),
            (people.HEADTEACHER, "Skolans representant"),
            (people.SOCIAL_WORKER, "Socialtjänstens representant"),
        ],
    )
    watch = _group(
        app,
        "Grannsamverkan Valla",
        GroupKind.NEIGHBOURHOOD_WATCH,
        "Driva och utveckla grannsamverkan i Valla tillsammans med de boende. "
        "Kommunpolisen är huvudansvarig.",
        [
            (people.COMMUNITY_OFFICER, "Huvudansvarig"),
            (people.SAFETY_COORDINATOR, "Kommunens kontakt"),
            (people.HOUSING_MANAGER, "Bostadsbolagets kontakt"),
        ],
    )
    centre = _group(
        app,
        "Projektgrupp Trygg centrummiljö",
        GroupKind.PROJECT,
        "Tidsbegränsat uppdrag under ett år: minska skadegörelse, stölder och otrygghet i "
        "centrum, Kungsparken, hamnen och vid busstationen.",
        [
            (people.SAFETY_COORDINATOR, "Projektledare"),
            (people.AREA_OFFICER, "Polisens representant"),
            (people.HOUSING_MANAGER, "Bostadsbolagets representant"),
            (people.YOUTH_CENTRE_MANAGER, "Fritidsgårdens representant"),
        ],
    )
    return Groups(youth=youth, neighbourhood_watch=watch, town_centre=centre)


def _group(
    app: ProblemorienteratApp,
    name: str,
    kind: GroupKind,
    mandate: str,
    members: list[tuple[people.Official, str]],
) -> UUID:
    group_id = app.establish_group(
        BRA, municipality=MUNICIPALITY, name=name, kind=kind, mandate=mandate
    ).aggregate_id
    for official, role_in_group in members:
        # The demo's officials are people without accounts (only three demo users sign in),
        # so they are recorded on the group as they are, not through ``add_member``, which
        # takes only users of the municipality.
        app.change(WorkingGroup, group_id, None, _recorded_member(official, role_in_group))
    return group_id


def _recorded_member(
    official: people.Official, role_in_group: str
) -> Callable[[WorkingGroup], None]:
    def add(group: WorkingGroup) -> None:
        group.add_member(
            BRA,
            user_id=official.user_id,
            name=official.name,
            organisation=official.organisation,
            role_in_group=role_in_group,
        )

    return add


def draw_up_situation_picture(app: ProblemorienteratApp, year: int) -> UUID:
    """The year's lägesbild with six observations, adopted by lokala BRÅ."""
    police = people.COMMUNITY_OFFICER.actor
    picture_id = app.draw_up_situation_picture(
        police,
        municipality=MUNICIPALITY,
        year=year,
        summary=(
            f"Strategisk lägesbild {year} för Kungsörs kommun, framtagen av kommunen och "
            f"lokalpolisområde Västra Mälardalen. Underlag: polisens anmälningsstatistik "
            f"{year - 1}, trygghetsmätningen {year - 1}, EST-rapporter, medborgardialoger "
            "och medarbetardialoger."
        ),
    ).aggregate_id
    observations = [
        (
            "Valla",
            "Bostadsinbrotten har minskat sedan grannsamverkan startade, men stölder ur "
            "förråd och källare har ökat.",
            Trend.DECREASING,
            f"Polisens anmälningsstatistik {year - 1}",
        ),
        (
            "Centrum och busstationen",
            "Ungdomar samlas kvällstid vid busstationen; ordningsstörningar och otrygghet "
            "rapporteras, särskilt fredagar och lördagar.",
            Trend.INCREASING,
            "EST-rapporter och medarbetardialog",
        ),
        (
            "Kungsparken",
            "Många, särskilt kvinnor och äldre, undviker parken när det är mörkt.",
            Trend.STABLE,
            f"Trygghetsmätningen {year - 1}",
        ),
        (
            "Idrottsplatsen",
            "Signaler om narkotikaförsäljning till unga i anslutning till idrottsplatsen "
            "kvällstid.",
            Trend.INCREASING,
            "Polisens lägesbild och signaler från skolan",
        ),
        (
            "Gång- och cykelvägar i tätorten",
            "Buskörning med moped på gång- och cykelvägar under sommarhalvåret.",
            Trend.DECREASING,
            "Medborgardialog och klagomål till kommunen",
        ),
        (
            "Hamnen",
            "Stölder av båtmotorer under båtsäsongen; mörkertalet bedöms vara stort.",
            Trend.UNKNOWN,
            f"Polisens anmälningsstatistik {year - 1}",
        ),
    ]
    recorded = {
        area: app.record_observation(
            police, picture_id, area=area, description=description, trend=trend, source=source
        ).item_id
        for area, description, trend, source in observations
    }
    # The figures behind two observations, as the lägesbild's charts show them.
    figures = (
        (
            "Valla",
            "Anmälda bostadsinbrott",
            FigureUnit.COUNT,
            ((f"{year - 3} H1", 14), (f"{year - 3} H2", 17), (f"{year - 2} H1", 11),
             (f"{year - 2} H2", 9), (f"{year - 1} H1", 6), (f"{year - 1} H2", 7)),
        ),
        (
            "Kungsparken",
            "Andel som undviker parken när det är mörkt",
            FigureUnit.PERCENT,
            ((str(year - 3), 41.0), (str(year - 2), 44.5), (str(year - 1), 43.0)),
        ),
    )  # fmt: skip
    for area, indicator, unit, points in figures:
        observation_id = recorded[area]
        assert observation_id is not None
        app.record_figures(
            police,
            picture_id,
            observation_id=observation_id,
            indicator=indicator,
            unit=unit,
            points=points,
        )
    app.adopt_situation_picture(BRA, picture_id, adopted_on=date(year, 2, 10))
    return picture_id


def draft_citizen_promise(app: ProblemorienteratApp, year: int, picture_id: UUID) -> FocusAreas:
    """The year's medborgarlöfte: three focus areas, an action plan, partly carried out."""
    promise_id = app.draft_citizen_promise(
        BRA,
        municipality=MUNICIPALITY,
        year=year,
        title=f"Medborgarlöfte {year} för Kungsörs kommun och lokalpolisområde Västra Mälardalen",
        situation_picture_id=picture_id,
    ).aggregate_id

    def focus_area(title: str, description: str) -> UUID:
        item_id = app.add_focus_area(BRA, promise_id, title=title, description=description).item_id
        assert item_id is not None
        return item_id

    centre = focus_area(
        "Trygg centrummiljö",
        "Minska otrygghet och ordningsstörningar i centrum, i Kungsparken och vid "
        "busstationen kvällstid.",
    )
    young = focus_area(
        "Unga, droger och kriminalitet",
        "Förebygga att unga dras in i narkotika och kriminalitet, med tidiga insatser "
        "tillsammans med skola, socialtjänst, föreningar och föräldrar.",
    )
    burglary = focus_area(
        "Färre inbrott i bostadsområden",
        "Minska bostadsinbrott och stölder ur förråd genom grannsamverkan och tryggare "
        "boendemiljöer.",
    )
    police, kommun, skola = Organisation.POLIS, Organisation.KOMMUN, Organisation.SKOLA
    plan: list[tuple[UUID, str, Organisation, str, date, ActivityStatus, str]] = [
        (
            centre,
            "Polisen är synlig vid busstationen fredag- och lördagskvällar under terminerna.",
            police,
            "Lokalpolisområde Västra Mälardalen",
            date(year, 12, 31),
            ActivityStatus.ONGOING,
            "",
        ),
        (
            centre,
            "Trygghetsvandring i Kungsparken och centrum tillsammans med boende och näringsidkare.",
            kommun,
            "Trygghetssamordnaren",
            date(year, 4, 30),
            ActivityStatus.DONE,
            "Genomförd i april med 23 deltagare; åtta brister i belysning och växtlighet "
            "rapporterades till tekniska förvaltningen.",
        ),
        (
            centre,
            "Se över belysningen i Kungsparken utifrån trygghetsvandringen.",
            kommun,
            "Tekniska förvaltningen",
            date(year, 10, 31),
            ActivityStatus.ONGOING,
            "",
        ),
        (
            young,
            "Föräldramöten om droger och nätdroger i årskurs 7–9.",
            skola,
            "Centrumskolan",
            date(year, 5, 31),
            ActivityStatus.DONE,
            "Tre föräldramöten hölls under våren.",
        ),
        (
            young,
            "Fältsekreterare och polis finns på plats vid idrottsplatsen under kvällsträningar.",
            kommun,
            "Fältgruppen",
            date(year, 9, 30),
            ActivityStatus.ONGOING,
            "",
        ),
        (
            burglary,
            "Informationsträff om inbrottsskydd för boende i Valla.",
            police,
            "Kommunpolisen",
            date(year, 3, 31),
            ActivityStatus.DONE,
            "Ett sextiotal boende deltog.",
        ),
        (
            burglary,
            "Starta grannsamverkan i ytterligare två bostadsområden.",
            police,
            "Kommunpolisen",
            date(year, 12, 31),
            ActivityStatus.PLANNED,
            "",
        ),
    ]
    activities: list[tuple[UUID, ActivityStatus, str]] = []
    for focus_area_id, description, organisation, party, due, status, note in plan:
        activity_id = app.plan_activity(
            BRA,
            promise_id,
            focus_area_id=focus_area_id,
            description=description,
            responsible_organisation=organisation,
            responsible_party=party,
            due_date=due,
        ).item_id
        assert activity_id is not None
        activities.append((activity_id, status, note))
    app.adopt_citizen_promise(BRA, promise_id, adopted_on=date(year, 3, 1))
    for activity_id, status, note in activities:
        if status is ActivityStatus.PLANNED:
            continue
        app.change_activity_status(
            BRA, promise_id, activity_id=activity_id, status=ActivityStatus.ONGOING
        )
        if status is ActivityStatus.DONE:
            app.change_activity_status(
                BRA, promise_id, activity_id=activity_id, status=status, note=note
            )
    return FocusAreas(promise_id, centre, young, burglary)


def register_grannsamverkan(app: ProblemorienteratApp, year: int, group_id: UUID) -> UUID:
    police = people.COMMUNITY_OFFICER.actor
    area_id = app.register_grannsamverkan_area(
        police,
        municipality=MUNICIPALITY,
        area="Valla",
        started_on=date(year - 1, 4, 15),
        group_id=group_id,
        households=84,
        signs=12,
    ).aggregate_id
    app.add_contact_person(
        police,
        area_id,
        name=people.CONTACT_PERSON_NAME,
        phone=people.CONTACT_PERSON_PHONE,
    )
    return area_id
