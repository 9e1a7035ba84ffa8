"""Swedish texts: every domain rule has one (found by introspection), and validation
messages never repeat the input."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from pydantic import BaseModel, Field, ValidationError

import problemorienterat
from problemorienterat.domain.errors import DomainError, VersionConflictError
from web.messages import (
    FIELD_MESSAGES,
    RULE_MESSAGES,
    domain_message,
    validation_message,
)


def _all_domain_errors() -> list[type[DomainError]]:
    """Every DomainError subclass of the product (every module imported first)."""
    for module in pkgutil.walk_packages(problemorienterat.__path__, "problemorienterat."):
        importlib.import_module(module.name)
    found: list[type[DomainError]] = []
    pending = [DomainError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def _instance(cls: type[DomainError]) -> DomainError:
    if issubclass(cls, VersionConflictError):
        return cls("The version you changed was 1; it is 2.", expected=1, actual=2)
    return cls("An English message that must not reach a page.")


def test_the_introspection_finds_the_rules_defined_outside_the_errors_module() -> None:
    """The search for rules reaches the application and the aggregates' modules."""
    rules = {cls.rule for cls in _all_domain_errors()}
    assert {"person-erased", "no-working-group", "activity-state", "not-allowed"} <= rules


@pytest.mark.parametrize("cls", _all_domain_errors(), ids=lambda c: c.__name__)
def test_every_domain_rule_has_a_swedish_message(cls: type[DomainError]) -> None:
    """A rule without a Swedish text fails here; the page never shows the English one."""
    assert cls.rule in RULE_MESSAGES, f"no Swedish message for rule {cls.rule!r}"
    error = _instance(cls)
    shown = domain_message(error)
    assert shown == RULE_MESSAGES[cls.rule]
    assert "English" not in shown


def test_field_messages_belong_to_rules_that_exist() -> None:
    """Every (rule, field) message is for a rule the domain has."""
    rules = {cls.rule for cls in _all_domain_errors()}
    assert {rule for rule, _ in FIELD_MESSAGES} <= rules


def test_a_field_specific_message_is_chosen_by_rule_and_field() -> None:
    """One rule, several situations: the field decides the text."""
    from problemorienterat.domain.errors import InvalidValueError

    due = InvalidValueError("The due date is before the start date.", field="due_date")
    assert domain_message(due) == "Slutdatumet ligger före startdatumet."
    other = InvalidValueError("title must not be empty.", field="title")
    assert domain_message(other) == "Värdet i fältet ”Rubrik” kan inte användas."


class _Sample(BaseModel):
    title: str = Field(min_length=1, max_length=5)
    count: int = Field(ge=1)


def test_validation_messages_are_swedish_and_do_not_repeat_the_input() -> None:
    """A too long text and a non-number: Swedish text with the limit, never the input."""
    with pytest.raises(ValidationError) as raised:
        _Sample.model_validate({"title": "hemlig-text", "count": "inte-tal"})
    messages = {e["loc"][0]: validation_message(e) for e in raised.value.errors()}
    assert messages == {"title": "Texten är för lång: högst 5 tecken.", "count": "Ange ett heltal."}
    assert not any("hemlig" in m or "inte-tal" in m for m in messages.values())
