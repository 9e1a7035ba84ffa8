"""Swedish labels: every enum member the pages show, every event a problem records (with
its SARA stage), and the fields of forms and events."""

from __future__ import annotations

from enum import Enum

import pytest

from problemorienterat.domain.base import MunicipalAggregate
from problemorienterat.domain.problem import PROBLEM_EVENTS, Problem, event_stage
from problemorienterat.domain.sara import Stage
from problemorienterat.labels import (
    EVENT_LABELS,
    LABELS,
    SARA_STAGES,
    choices,
    event_label,
    field_label,
    label,
)


@pytest.mark.parametrize("enum_class", list(LABELS), ids=lambda c: c.__name__)
def test_every_enum_value_shown_has_a_swedish_label(enum_class: type[Enum]) -> None:
    """Each member of each enum the pages show has a non-empty Swedish label."""
    for member in enum_class:
        assert label(member).strip(), member
    assert len(choices(enum_class)) == len(enum_class)


def test_the_sara_stages_have_their_swedish_names() -> None:
    """Identifiera, Analysera, Åtgärda, Följa upp."""
    assert [label(s) for s in Stage][:4] == ["Identifiera", "Analysera", "Åtgärda", "Följa upp"]


def _problem_event_classes() -> list[type]:
    """Every event class defined in Problem's body (found without the domain's own list)."""
    return [
        cls
        for name, cls in vars(Problem).items()
        if isinstance(cls, type)
        and issubclass(cls, MunicipalAggregate.Event)
        and name not in ("Event", "Created")  # the base, and the library's own
    ]


def test_the_introspection_finds_every_event_the_problem_records() -> None:
    """Events of every stage are found, and the domain's list of events is the same."""
    names = {cls.__name__ for cls in _problem_event_classes()}
    assert {"Identified", "CheersAnswered", "ActionPlanned", "AssessmentApproved"} <= names
    assert names == set(PROBLEM_EVENTS)


@pytest.mark.parametrize("cls", _problem_event_classes(), ids=lambda c: c.__name__)
def test_every_problem_event_has_a_swedish_label_and_a_sara_stage(cls: type) -> None:
    """A new event without a Swedish name or without its SARA stage fails here; the
    timeline and the export would otherwise show the class name or put it under Övrigt."""
    assert EVENT_LABELS.get(cls, "").strip(), f"no Swedish label for {cls.__name__}"
    assert event_label(cls.__name__) == EVENT_LABELS[cls]
    assert isinstance(getattr(cls, "sara_stage", None), Stage), f"{cls.__name__}: no stage"
    assert event_stage(cls.__name__) in SARA_STAGES


def test_an_unknown_event_type_is_named_as_it_is() -> None:
    """A type the labels do not know (an event of another kind) keeps its own name."""
    assert event_label("SomethingElse") == "SomethingElse"
    assert event_stage("SomethingElse") is None


def test_field_labels_are_swedish_also_for_nested_fields() -> None:
    """Known fields have Swedish labels; ``measure.indicator`` is labelled by its last part."""
    assert field_label("title") == "Rubrik"
    assert field_label("measure.indicator") == "Indikator"
    assert field_label("token") == "Åtkomsttoken"
