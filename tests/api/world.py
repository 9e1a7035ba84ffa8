"""A small installation for API tests: two municipalities, two groups at home, users of every
role, and one object of every kind per scope (own group, other group, other municipality)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any
from uuid import UUID, uuid4

from litestar.datastructures import State

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.agreement import Signatory
from problemorienterat.domain.citizen_promise import citizen_promise_id
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.figures import FigureUnit
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.sara import (
    ActionKind,
    CheersQuestion,
    ProblemSource,
    Stage,
    TriangleSide,
)
from problemorienterat.domain.situation_picture import Trend, situation_picture_id
from problemorienterat.domain.working_group import GroupKind
from projections.views.board import GroupBoard
from projections.views.follow_up import CitizenPromiseFollowUp
from projections.views.listings import (
    CitizenPromiseListing,
    GroupListing,
    SituationPictureListing,
)
from projections.views.overview import BraOverview
from projections.views.problem_index import Page, ProblemSummary

HOME, FOREIGN = "1882", "1980"
UNREGISTERED = "0000"
YEAR = 2026
SCOPES = ("own", "other", "foreign")
SYSTEM = Actor.system()
_NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@dataclass
class Objects:
    """The ids of one scope's objects (path parameters of the routes)."""

    municipality: str
    group_id: UUID
    reference: str = ""
    action_id: UUID | None = None
    picture_id: UUID | None = None
    observation_id: UUID | None = None
    series_id: UUID | None = None
    promise_id: UUID | None = None
    focus_area_id: UUID | None = None
    activity_id: UUID | None = None
    agreement_id: UUID | None = None
    area_id: UUID | None = None
    person_id: UUID | None = None
    user_id: str = ""
    meeting_id: UUID | None = None
    agenda_item_id: UUID | None = None

    def path_params(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "action_id": self.action_id,
            "group_id": self.group_id,
            "picture_id": self.picture_id,
            "observation_id": self.observation_id,
            "series_id": self.series_id,
            "promise_id": self.promise_id,
            "activity_id": self.activity_id,
            "agreement_id": self.agreement_id,
            "area_id": self.area_id,
            "person_id": self.person_id,
            "code": self.municipality,
            "year": YEAR,
            "user_id": self.user_id or "u-nobody",
            "meeting_id": self.meeting_id,
            "agenda_item_id": self.agenda_item_id,
        }


@dataclass
class World:
    application: ProblemorienteratApp
    tokens: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, str] = field(default_factory=dict)
    scopes: dict[str, Objects] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def build_world(application: ProblemorienteratApp) -> World:
    world = World(application)
    application.register_municipality(SYSTEM, code=HOME, name="Kungsör", reference_prefix="KUN")
    application.register_municipality(SYSTEM, code=FOREIGN, name="Västerås", reference_prefix="VÄS")
    own = _group(application, HOME, "UNG-gruppen")
    other = _group(application, HOME, "Grannsamverkan Valla")
    foreign = _group(application, FOREIGN, "UNG Västerås")
    for role, municipalities, groups in [
        ("member", [HOME], [own]),
        ("bra", [HOME], []),
        ("auditor", [HOME], []),
        ("admin", [HOME], []),
        ("installation_admin", [], []),
        ("foreign_bra", [FOREIGN], []),
    ]:
        added = application.add_user(
            SYSTEM,
            name=f"Test {role}",
            organisation=Organisation.KOMMUN,
            role=Role(role.removeprefix("foreign_").removeprefix("installation_")),
            municipalities=municipalities,
            group_ids=groups,
        )
        world.tokens[role] = added.token
        world.user_ids[role] = added.user_id
    shared_home = _municipal_objects(application, HOME)
    shared_foreign = _municipal_objects(application, FOREIGN)
    world.scopes["own"] = _group_objects(application, Objects(HOME, own, **shared_home))
    world.scopes["other"] = _group_objects(application, Objects(HOME, other, **shared_home))
    world.scopes["foreign"] = _group_objects(
        application, Objects(FOREIGN, foreign, **shared_foreign)
    )
    for objects in world.scopes.values():
        objects.user_id = application.add_user(
            SYSTEM,
            name="Test subject",
            organisation=Organisation.KOMMUN,
            role=Role.MEMBER,
            municipalities=[objects.municipality],
        ).user_id
    return world


def missing_objects(foreign: Objects) -> Objects:
    """Ids of objects that do not exist, guessed the way another municipality's user could:
    the foreign municipality's next references and its lägesbild and medborgarlöfte of a
    later year (their ids follow from municipality and year); random ids for the rest."""
    prefix, year, number = foreign.reference.rsplit("-", 2)
    return Objects(
        municipality=UNREGISTERED,
        group_id=uuid4(),
        reference=f"{prefix}-{year}-{int(number) + 1:04d}",
        action_id=uuid4(),
        picture_id=situation_picture_id(FOREIGN, YEAR + 5),
        observation_id=uuid4(),
        series_id=uuid4(),
        promise_id=citizen_promise_id(FOREIGN, YEAR + 5),
        focus_area_id=uuid4(),
        activity_id=uuid4(),
        agreement_id=uuid4(),
        area_id=uuid4(),
        person_id=uuid4(),
        user_id=str(uuid4()),
        meeting_id=uuid4(),
        agenda_item_id=uuid4(),
    )


def _group(application: ProblemorienteratApp, municipality: str, name: str) -> UUID:
    return application.establish_group(
        SYSTEM, municipality=municipality, name=name, kind=GroupKind.YOUTH, mandate="Förebygga."
    ).aggregate_id


def _municipal_objects(application: ProblemorienteratApp, municipality: str) -> dict[str, Any]:
    picture = application.draw_up_situation_picture(
        SYSTEM, municipality=municipality, year=YEAR, summary="Läget."
    ).aggregate_id
    observation = application.record_observation(
        SYSTEM,
        picture,
        area="Centrum",
        description="Skadegörelse.",
        trend=Trend.INCREASING,
        source="Polisens statistik",
    ).item_id
    series = application.record_figures(
        SYSTEM,
        picture,
        observation_id=observation,
        indicator="Anmälda skadegörelsebrott",
        unit=FigureUnit.COUNT,
        points=[("2025 H1", 38), ("2025 H2", 45)],
    ).item_id
    promise = application.draft_citizen_promise(
        SYSTEM, municipality=municipality, year=YEAR, title="Medborgarlöfte"
    ).aggregate_id
    focus = application.add_focus_area(
        SYSTEM, promise, title="Trygg centrum", description="Tryggare centrum."
    ).item_id
    activity = application.plan_activity(
        SYSTEM,
        promise,
        focus_area_id=focus,
        description="Trygghetsvandring.",
        responsible_organisation=Organisation.POLIS,
        responsible_party="Kommunpolisen",
    ).item_id
    agreement = application.sign_agreement(
        SYSTEM,
        municipality=municipality,
        police_area="Västra Mälardalen",
        purpose="Samverkan.",
        parties=["Kommunen", "Polisen"],
        signatories=[Signatory("A B", "Kommundirektör", Organisation.KOMMUN)],
        commitments=["Lägesbild varje år."],
        valid_from=date(2022, 12, 15),
    ).aggregate_id
    meeting = application.schedule_meeting(
        SYSTEM, municipality=municipality, held_on=date(2026, 3, 1), place="Kommunhuset"
    ).aggregate_id
    agenda_item = application.add_agenda_item(SYSTEM, meeting, title="Övrigt").item_id
    return {
        "meeting_id": meeting,
        "agenda_item_id": agenda_item,
        "picture_id": picture,
        "observation_id": observation,
        "series_id": series,
        "promise_id": promise,
        "focus_area_id": focus,
        "activity_id": activity,
        "agreement_id": agreement,
    }


def _group_objects(application: ProblemorienteratApp, objects: Objects) -> Objects:
    """A problem in the response stage with a planned action, and a Grannsamverkan area."""
    result = application.identify_problem(
        SYSTEM,
        municipality=objects.municipality,
        title="Inbrott i Valla",
        description="Återkommande inbrott.",
        place="Valla",
        source=ProblemSource.COMPLAINT,
        reported_by="Boende",
        group_id=objects.group_id,
        year=YEAR,
    )
    problem_id = result.aggregate_id
    objects.reference = application.get_problem(problem_id).reference
    for question in CheersQuestion:
        application.answer_cheers(SYSTEM, problem_id, question=question, met=True, evidence="Ja.")
    application.start_analysis(SYSTEM, problem_id)
    application.record_finding(SYSTEM, problem_id, side=TriangleSide.PLACE, description="Mörkt.")
    application.state_hypothesis(SYSTEM, problem_id, hypothesis="Mörker skyddar.")
    application.register_baseline(SYSTEM, problem_id, measure=MEASURE)
    application.complete_analysis(SYSTEM, problem_id)
    objects.action_id = application.plan_action(
        SYSTEM,
        problem_id,
        title="Belysning",
        responsible_organisation=Organisation.KOMMUN,
        responsible_party="Tekniska",
        owner="Gatuchefen",
        start_date=date(2026, 2, 1),
        due_date=date(2026, 4, 30),
        objective="Ljus.",
        mechanism="Övervakning.",
        kind=ActionKind.SOCIAL,
    ).item_id
    objects.area_id = application.register_grannsamverkan_area(
        SYSTEM,
        municipality=objects.municipality,
        area="Valla",
        started_on=date(2025, 1, 1),
        group_id=objects.group_id,
    ).aggregate_id
    objects.person_id = application.add_contact_person(
        SYSTEM, objects.area_id, name="Boende Person"
    ).item_id
    return objects


MEASURE = Measure.of(
    indicator="Anmälda inbrott per halvår",
    area="Valla",
    period_start=date(2025, 1, 1),
    period_end=date(2025, 6, 30),
    value=14,
)
MEASURE_BODY = {
    "indicator": "Anmälda inbrott per halvår",
    "area": "Valla",
    "period_start": "2026-01-01",
    "period_end": "2026-06-30",
    "value": 6,
}


class FakeViews:
    """A stand-in for the projection service: answers every view, always caught up. Given
    the web application's state, it answers a group's board as the views do: only in the
    group's own municipality (the board route relies on that for lokala BRÅ and auditors)."""

    def __init__(self, state: State | None = None) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self._state = state

    def _record(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.calls.append((name, args, kwargs))

    def problem_index(self, municipality: str, **filters: Any) -> Page:
        self._record("problem_index", municipality, **filters)
        summary = ProblemSummary(
            problem_id=UUID(int=1),
            reference="KUN-2026-0001",
            title="Inbrott i Valla",
            stage=Stage.RESPONSE,
            place="Valla",
            priority=None,
            group_id=None,
            group_name=None,
            focus_area_id=None,
            focus_area_title=None,
            last_changed_at=_NOW,
            next_deadline=None,
            version=3,
        )
        return Page(items=(summary,), next_cursor=None)

    def bra_overview(self, municipality: str, **kwargs: Any) -> BraOverview:
        self._record("bra_overview", municipality, **kwargs)
        return BraOverview(
            municipality=municipality,
            as_of=_NOW,
            stale_days=60,
            by_stage=(),
            by_group=(),
            by_focus_area=(),
            awaiting_review=(),
            overdue_actions=(),
            stale_problems=(),
            citizen_promise_id=None,
            citizen_promise_year=None,
            focus_areas=(),
        )

    def group_board(self, municipality: str, group_id: UUID, **kwargs: Any) -> GroupBoard | None:
        self._record("group_board", municipality, group_id, **kwargs)
        if self._state is not None and not self._has_group(municipality, group_id):
            return None
        return GroupBoard(
            municipality=municipality,
            group_id=group_id,
            group_name="UNG-gruppen",
            group_kind="ung",
            dissolved=False,
            problems=(),
            next_actions=(),
            waiting=(),
        )

    def groups(self, municipality: str) -> tuple[GroupListing, ...]:
        self._record("groups", municipality)
        return ()

    def situation_pictures(self, municipality: str) -> tuple[SituationPictureListing, ...]:
        self._record("situation_pictures", municipality)
        return (
            SituationPictureListing(
                situation_picture_id=UUID(int=3),
                year=YEAR,
                summary="Läget.",
                adopted_on=None,
                observation_count=1,
            ),
        )

    def _has_group(self, municipality: str, group_id: UUID) -> bool:
        assert self._state is not None
        try:
            return bool(self._state.application.get_group(group_id).municipality == municipality)
        except NotFoundError:
            return False

    def citizen_promise_follow_up(
        self, municipality: str, year: int, **kwargs: Any
    ) -> CitizenPromiseFollowUp:
        self._record("citizen_promise_follow_up", municipality, year, **kwargs)
        return CitizenPromiseFollowUp(
            municipality=municipality,
            year=year,
            citizen_promise_id=UUID(int=2),
            title="Medborgarlöfte",
            adopted_on=None,
            followed_up_at=None,
            follow_up_summary=None,
            situation_picture=None,
            focus_areas=(),
        )

    def citizen_promises(self, municipality: str) -> tuple[CitizenPromiseListing, ...]:
        self._record("citizen_promises", municipality)
        return (
            CitizenPromiseListing(
                citizen_promise_id=UUID(int=2),
                year=2026,
                title="Medborgarlöfte",
                adopted=False,
                adopted_on=None,
                followed_up=False,
                followed_up_at=None,
                focus_areas=0,
                activities=0,
            ),
        )

    def status(self) -> tuple[Any, ...]:
        return (SimpleNamespace(state="active", lag=0),)

    def wait_for(self, position: int, timeout: float = 1.0) -> bool:
        self._record("wait_for", position, timeout=timeout)
        return position < 10**9
