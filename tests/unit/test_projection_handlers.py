"""What the projections listen to: every problem event counts as a change of the problem."""

from __future__ import annotations

from typing import Any

from problemorienterat.domain.citizen_promise import CitizenPromise
from problemorienterat.domain.problem import Problem
from projections.plans import PlansProjection
from projections.problems import ProblemsProjection


def _events(aggregate: Any) -> set[type]:
    return {
        value
        for value in vars(aggregate).values()
        if isinstance(value, type)
        and issubclass(value, aggregate.Event)
        and value.__name__ not in ("Event", "Created")  # the bases, never triggered
    }


def test_every_problem_event_has_a_handler_so_last_change_never_lags() -> None:
    """A new Problem event class without a handler would leave "last change" stale."""
    missing = _events(Problem) - set(ProblemsProjection.handlers)
    assert not missing, sorted(e.__name__ for e in missing)


def test_every_citizen_promise_event_is_followed() -> None:
    """The follow-up shows every step of the medborgarlöfte."""
    missing = _events(CitizenPromise) - set(PlansProjection.handlers)
    assert not missing, sorted(e.__name__ for e in missing)
