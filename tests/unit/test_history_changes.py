"""A history's changes say what each event changed: a value before and after, what was added
to a list, which entries of a mapping were set or removed; never the whole case again."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from problemorienterat.audit.plain import PlainStates, aggregate_state, state_changes


@dataclass(frozen=True)
class Note:
    text: str


class Case:
    def __init__(self) -> None:
        self.stage = "scanning"
        self.notes: list[Note] = []
        self.members: dict[str, Note] = {}


def test_a_scalar_change_is_shown_before_and_after() -> None:
    assert state_changes({"stage": "scanning"}, {"stage": "analysis"}) == [
        {"field": "stage", "before": "scanning", "after": "analysis"}
    ]


def test_a_list_that_grew_says_only_what_was_added() -> None:
    before = {"notes": [{"text": "a"}, {"text": "b"}]}
    after = {"notes": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}
    assert state_changes(before, after) == [{"field": "notes", "added": [{"text": "c"}]}]


def test_a_list_changed_in_the_middle_is_shown_whole() -> None:
    before = {"notes": ["a", "b"]}
    after = {"notes": ["a", "x"]}
    assert state_changes(before, after) == [
        {"field": "notes", "before": ["a", "b"], "after": ["a", "x"]}
    ]


def test_a_mapping_of_entries_says_which_were_set_and_removed() -> None:
    before = {"members": {"u1": {"name": "A"}, "u2": {"name": "B"}}}
    after = {"members": {"u1": {"name": "A2"}, "u3": {"name": "C"}}}
    assert state_changes(before, after) == [
        {
            "field": "members",
            "set": {"u1": {"name": "A2"}, "u3": {"name": "C"}},
            "removed": ["u2"],
        }
    ]


def test_a_value_object_is_shown_whole_before_and_after() -> None:
    before = {"baseline": {"value": 14, "area": "Valla"}}
    after = {"baseline": {"value": 9, "area": "Valla"}}
    assert state_changes(before, after)[0].keys() == {"field", "before", "after"}


def test_the_states_in_turn_equal_converting_each_state_whole() -> None:
    """PlainStates converts only what an event changed; the states it gives are the ones a
    whole conversion after every step gives, in-place changes of containers included."""
    case = Case()
    states = PlainStates()
    steps: list[Any] = [
        lambda: case.notes.append(Note("a")),
        lambda: setattr(case, "stage", "analysis"),
        lambda: case.members.__setitem__("u1", Note("Anna")),
        lambda: case.notes.append(Note("b")),
        lambda: case.members.__setitem__("u1", replace(case.members["u1"], text="Anna B")),
        lambda: case.notes.__setitem__(0, Note("a, rättad")),
        lambda: case.members.pop("u1"),
    ]
    for step in steps:
        step()
        assert states.after(case) == aggregate_state(case)
