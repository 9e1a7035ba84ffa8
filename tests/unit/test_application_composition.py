"""The application is composed of use-case classes whose order carries no meaning: no method is
defined in two of them, and a use case that needs another's check inherits the class that
defines it, so the group and focus-area checks of problems run however the classes are put
together.

The full application's checks are also covered where the aggregates are:
tests/unit/test_working_group.py (a foreign group on identify, an unknown group and a dissolved
group on assign) and tests/unit/test_citizen_promise.py (an unknown focus area, another
municipality's medborgarlöfte).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterator
from uuid import UUID, uuid4

import pytest
from support import BRA, MEMBER, SYSTEM

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.application.base import ServiceBase
from problemorienterat.application.problems import ProblemUseCases
from problemorienterat.domain.errors import ClosedError, InvalidValueError, NotFoundError
from problemorienterat.domain.sara import ProblemSource
from problemorienterat.domain.working_group import GroupKind


def _use_case_classes() -> list[type]:
    """The application's classes below it down to (not including) the shared ServiceBase."""
    return [
        cls
        for cls in ProblemorienteratApp.__mro__
        if issubclass(cls, ServiceBase) and cls is not ServiceBase
    ]


def _is_method(value: object) -> bool:
    return inspect.isfunction(value) or isinstance(
        value, classmethod | staticmethod | property | functools.cached_property
    )


def _methods(cls: type) -> set[str]:
    return {name for name, value in vars(cls).items() if _is_method(value)}


def _defining_class(mro: tuple[type, ...], name: str) -> str:
    return next(cls.__name__ for cls in mro if name in vars(cls))


def test_no_method_is_defined_in_two_use_case_classes() -> None:
    """A method name (public or private) defined in two use-case classes would make the
    order of the bases decide which one runs; none is."""
    owners: dict[str, list[str]] = {}
    for cls in _use_case_classes():
        for name in _methods(cls):
            owners.setdefault(name, []).append(cls.__name__)
    assert {name: found for name, found in owners.items() if len(found) > 1} == {}


def test_every_order_of_the_bases_runs_the_same_methods() -> None:
    """The application's bases in reverse and in every rotation resolve every method to the
    same class as the application does."""
    bases = ProblemorienteratApp.__bases__
    below = ProblemorienteratApp.__mro__[1:]
    names = set().union(*(_methods(cls) for cls in _use_case_classes()[1:]))
    expected = {name: _defining_class(below, name) for name in names}
    orders = [bases[::-1]] + [bases[i:] + bases[:i] for i in range(1, len(bases))]
    for order in orders:
        mro = type("Reordered", order, {}).__mro__[1:]
        assert {name: _defining_class(mro, name) for name in names} == expected


# ---------------------------------------------------------------- the checks of problems


@pytest.fixture(params=[ProblemorienteratApp, ProblemUseCases], ids=["application", "alone"])
def problems(request: pytest.FixtureRequest) -> Iterator[ProblemUseCases]:
    """The whole application, and the problem use cases on their own: Kungsör and Västerås
    registered."""
    cls: type[ProblemUseCases] = request.param
    application = cls(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    application.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    application.register_municipality(BRA, code="1980", name="Västerås", reference_prefix="VÄS")
    yield application
    application.close()


def _group(app: ProblemUseCases, municipality: str = "1882") -> UUID:
    return app.establish_group(
        BRA,
        municipality=municipality,
        name="UNG-gruppen",
        kind=GroupKind.YOUTH,
        mandate="Förebygga brott bland unga.",
    ).aggregate_id


def _identified(app: ProblemUseCases, group_id: UUID | None = None) -> UUID:
    return app.identify_problem(
        MEMBER,
        municipality="1882",
        title="Bostadsinbrott i Valla",
        description="Återkommande inbrott.",
        place="Valla",
        source=ProblemSource.POLICE_STATISTICS,
        reported_by="Lokalpolisen",
        group_id=group_id,
    ).aggregate_id


def test_a_problem_is_not_assigned_to_a_dissolved_group(problems: ProblemUseCases) -> None:
    """Neither when it is identified nor afterwards does a problem go to a dissolved group."""
    group_id = _group(problems)
    problems.dissolve_group(BRA, group_id, reason="Uppdraget är slutfört.")
    with pytest.raises(ClosedError):
        _identified(problems, group_id)
    problem_id = _identified(problems)
    with pytest.raises(ClosedError):
        problems.assign_group(MEMBER, problem_id, group_id=group_id)
    assert problems.get_problem(problem_id).group_id is None


def test_a_problem_is_not_assigned_to_another_municipalitys_group(
    problems: ProblemUseCases,
) -> None:
    """A Kungsör problem goes neither to a Västerås group nor to a group that does not exist,
    and the two refusals are the same (neither tells whether the group exists)."""
    foreign = _group(problems, municipality="1980")
    problem_id = _identified(problems)
    with pytest.raises(InvalidValueError) as caught:
        problems.assign_group(MEMBER, problem_id, group_id=foreign)
    assert caught.value.field == "group_id"
    with pytest.raises(InvalidValueError):
        _identified(problems, foreign)
    with pytest.raises(InvalidValueError) as unknown:
        problems.assign_group(MEMBER, problem_id, group_id=uuid4())
    assert (unknown.value.field, unknown.value.message) == ("group_id", caught.value.message)
    own = _group(problems)
    problems.assign_group(MEMBER, problem_id, group_id=own)
    assert problems.get_problem(problem_id).group_id == own


def test_a_problem_links_only_to_a_focus_area_of_its_municipalitys_promise(
    problems: ProblemUseCases,
) -> None:
    """A focus area not in the medborgarlöfte, or another municipality's promise, is refused;
    a focus area of the problem's own promise is linked."""
    own = problems.draft_citizen_promise(
        BRA, municipality="1882", year=2026, title="Kungsör 2026"
    ).aggregate_id
    foreign = problems.draft_citizen_promise(
        BRA, municipality="1980", year=2026, title="Västerås 2026"
    ).aggregate_id
    own_area = problems.add_focus_area(BRA, own, title="Trygg", description="X.").item_id
    foreign_area = problems.add_focus_area(BRA, foreign, title="Trygg", description="X.").item_id
    assert own_area is not None
    assert foreign_area is not None
    problem_id = _identified(problems)

    with pytest.raises(NotFoundError) as unknown:
        problems.link_focus_area(
            MEMBER, problem_id, citizen_promise_id=own, focus_area_id=foreign_area
        )
    assert unknown.value.field == "focus_area_id"
    with pytest.raises(InvalidValueError) as elsewhere:
        problems.link_focus_area(
            MEMBER, problem_id, citizen_promise_id=foreign, focus_area_id=foreign_area
        )
    assert elsewhere.value.field == "citizen_promise_id"
    assert problems.get_problem(problem_id).focus_area_id is None

    problems.link_focus_area(MEMBER, problem_id, citizen_promise_id=own, focus_area_id=own_area)
    assert problems.get_problem(problem_id).focus_area_id == own_area
