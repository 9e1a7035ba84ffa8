"""The demo municipality: every SARA stage, the framework around it, and only invented text."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from enum import Enum
from typing import Any

import pytest

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import store_env
from problemorienterat.demo import DemoData, demo_is_loaded, load_demo
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.errors import DuplicateError
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ActionStatus, ReviewStatus, Stage
from problemorienterat.domain.working_group import GroupKind

YEAR = 2026


@pytest.fixture(scope="module")
def store(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ProblemorienteratApp, DemoData]]:
    directory = tmp_path_factory.mktemp("demo")
    app = ProblemorienteratApp(env=store_env(f"sqlite:///{directory / 'demo.db'}", directory))
    demo = load_demo(app, year=YEAR)
    yield app, demo
    app.close()


@pytest.fixture(scope="module")
def app(store: tuple[ProblemorienteratApp, DemoData]) -> ProblemorienteratApp:
    return store[0]


@pytest.fixture(scope="module")
def demo(store: tuple[ProblemorienteratApp, DemoData]) -> DemoData:
    return store[1]


@pytest.fixture(scope="module")
def problems(app: ProblemorienteratApp, demo: DemoData) -> list[Problem]:
    return [app.get_problem(pid) for pid in demo.problems.values()]


def in_stage(problems: list[Problem], stage: Stage) -> list[Problem]:
    return [p for p in problems if p.stage is stage]


def test_twelve_problems_get_the_same_references_every_time(demo: DemoData) -> None:
    """The demo is deterministic: four problems from last year, eight from this year."""
    assert list(demo.problems) == [f"KUN-{YEAR - 1}-{n:04d}" for n in range(1, 5)] + [
        f"KUN-{YEAR}-{n:04d}" for n in range(1, 9)
    ]


def test_problems_cover_every_sara_stage(problems: list[Problem]) -> None:
    """Identifiera, Analysera, Åtgärda, Följa upp, closed and rejected all occur."""
    assert {p.stage for p in problems} == set(Stage)


def test_scanning_shows_partial_cheers_and_one_rejection(problems: list[Problem]) -> None:
    """One problem in scanning has CHEERS only partly answered; one was rejected with a reason."""
    assert any(0 < len(p.cheers) < 6 for p in in_stage(problems, Stage.SCANNING))
    (rejected,) = in_stage(problems, Stage.REJECTED)
    assert rejected.cheers_failed
    assert rejected.rejection_reason


def test_an_analysis_has_the_triangle_sources_hypothesis_and_baseline(
    problems: list[Problem],
) -> None:
    """At least one analysis records all six sides, data sources, a hypothesis and a baseline."""
    complete = [
        p
        for p in in_stage(problems, Stage.ANALYSIS)
        if len({f.side for f in p.findings}) == 6 and p.data_sources and p.hypothesis and p.baseline
    ]
    assert complete


def test_responses_have_actions_in_every_state_and_record_effort(
    problems: list[Problem],
) -> None:
    """Across the demo, actions are planned, started, completed, deviated and cancelled."""
    statuses = {a.status for p in problems for a in p.actions.values()}
    assert statuses == set(ActionStatus)
    responding = in_stage(problems, Stage.RESPONSE)
    assert any(
        a.status is ActionStatus.DEVIATED and a.status_reason
        for p in responding
        for a in p.actions.values()
    )
    assert all(p.efforts for p in responding if p.response_started_at is not None)


def test_one_assessment_awaits_review_and_one_was_returned_with_comments(
    problems: list[Problem],
) -> None:
    """Lokala BRÅ has one assessment to review and has returned one with comments."""
    assessing = in_stage(problems, Stage.ASSESSMENT)
    assert [p.review_status for p in assessing].count(ReviewStatus.SUBMITTED) == 1
    (returned,) = [p for p in assessing if p.review_status is ReviewStatus.RETURNED]
    assert returned.latest_review is not None
    assert "Jämför" in returned.latest_review.comments


def test_one_problem_was_approved_and_closed(problems: list[Problem]) -> None:
    """The closed problem went through an approved assessment with a measured outcome."""
    (closed,) = in_stage(problems, Stage.CLOSED)
    assert closed.review_status is ReviewStatus.APPROVED
    assert closed.outcome is not None
    assert closed.baseline is not None
    assert closed.follow_ups[0].value < closed.baseline.value


def test_problems_are_linked_to_groups_and_focus_areas(
    problems: list[Problem], demo: DemoData
) -> None:
    """Every problem beyond scanning has a group; several follow a focus area of the promise."""
    assert all(
        p.group_id in demo.groups.values()
        for p in problems
        if p.stage is not Stage.SCANNING and p.stage is not Stage.REJECTED
    )
    linked = [p for p in problems if p.citizen_promise_id == demo.citizen_promise_id]
    assert {p.focus_area_id for p in linked} == set(demo.focus_areas.values())


def test_groups_are_ung_gruppen_grannsamverkan_and_a_project(
    app: ProblemorienteratApp, demo: DemoData
) -> None:
    """Three groups of the three kinds, 2–4 members each; lokala BRÅ is a role, not a group."""
    groups = [app.get_group(gid) for gid in demo.groups.values()]
    assert {g.kind for g in groups} == {
        GroupKind.YOUTH,
        GroupKind.NEIGHBOURHOOD_WATCH,
        GroupKind.PROJECT,
    }
    assert all(2 <= len(g.members) <= 4 for g in groups)
    assert not any("BRÅ" in g.name for g in groups)


def test_lagesbild_and_medborgarlofte_of_the_year_are_adopted(
    app: ProblemorienteratApp, demo: DemoData
) -> None:
    """The year's lägesbild (4–6 observations) and medborgarlöfte (2–3 focus areas) are adopted."""
    picture = app.get_situation_picture(demo.situation_picture_id)
    assert picture.year == YEAR
    assert picture.is_adopted
    assert 4 <= len(picture.observations) <= 6
    promise = app.get_citizen_promise(demo.citizen_promise_id)
    assert promise.is_adopted
    assert promise.situation_picture_id == demo.situation_picture_id
    assert 2 <= len(promise.focus_areas) <= 3
    statuses = {a.status for a in promise.activities.values()}
    assert {ActivityStatus.DONE, ActivityStatus.ONGOING} <= statuses


def test_agreement_and_grannsamverkan_area_are_registered(
    app: ProblemorienteratApp, demo: DemoData
) -> None:
    """The agreement is signed by kommundirektör and lokalpolisområdeschef; Valla has a contact."""
    agreement = app.get_agreement(demo.agreement_id)
    assert {s.title for s in agreement.signatories} == {
        "Kommundirektör",
        "Lokalpolisområdeschef",
    }
    area = app.get_grannsamverkan_area(demo.grannsamverkan_area_id)
    assert area.area == "Valla"
    assert len(area.contact_persons) == 1


def test_loading_twice_is_refused_and_writes_nothing(app: ProblemorienteratApp) -> None:
    """A second load finds the demo municipality, refuses, and leaves the store unchanged."""
    assert demo_is_loaded(app)
    before = app.recorder.max_notification_id()
    with pytest.raises(DuplicateError):
        load_demo(app, year=YEAR)
    assert app.recorder.max_notification_id() == before


# A personnummer or samordningsnummer: [YY]YYMMDD, optional - or +, four digits.
PERSONNUMMER = re.compile(
    r"(?<!\d)(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"[-+]?\d{4}(?!\d)"
)
REAL_SIGNATORIES = ("Claes-Urban Boström", "Maria Bäck")


def test_stored_events_hold_no_personnummer_and_no_real_names(app: ProblemorienteratApp) -> None:
    """No text in any stored event resembles a personnummer or names the real signatories."""
    assert PERSONNUMMER.search("född 19121212-1212"), "the pattern itself must match one"
    texts = list(_stored_texts(app))
    assert len(texts) > 500
    assert [t for t in texts if PERSONNUMMER.search(t)] == []
    assert [t for t in texts if any(name in t for name in REAL_SIGNATORIES)] == []


def _stored_texts(app: ProblemorienteratApp) -> Iterator[str]:
    start = 1
    while notifications := app.notification_log.select(start, 10):
        for notification in notifications:
            yield from _strings(vars(app.mapper.to_domain_event(notification)))
        start = notifications[-1].id + 1


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Enum):
        return
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _strings(item)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
