"""What every aggregate shares: it belongs to one municipality and every event names its actor."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from problemorienterat.domain.actor import Actor
from problemorienterat.domain.errors import (
    InvalidValueError,
    PersonalIdentityNumberError,
)
from problemorienterat.domain.identity_numbers import contains_identity_number
from problemorienterat.domain.limits import TEXT_MAX_LENGTH


class MunicipalAggregate(Aggregate):
    """An aggregate owned by one municipality (identified by its four-digit kommunkod).

    Subclasses declare their events as nested classes deriving from ``Event`` (and one
    creation event deriving from ``Created``); event fields are the facts recorded, and each
    event's ``apply`` changes the state. Rules are checked in the command methods *before* an
    event is triggered, never in ``apply``: a stored event must replay even after a rule
    changes.
    """

    class Event(Aggregate.Event):
        actor: Actor

    class Created(Event, Aggregate.Created):
        municipality: str

        def apply(self, aggregate: Any) -> None:
            aggregate.municipality = self.municipality
            aggregate.created_by = self.actor

    def __init__(self) -> None:
        self.municipality: str = ""
        self.created_by: Actor | None = None

    def record(self, event_class: type[Aggregate.Event], actor: Actor, **facts: Any) -> None:
        """Trigger ``event_class`` with the given facts, recorded as done by ``actor``."""
        self.trigger_event(event_class, actor=actor, **facts)


def require_text(
    field: str, value: str, *, max_length: int = TEXT_MAX_LENGTH, personal_data: bool = False
) -> str:
    """Return ``value`` stripped, or raise if it is empty, too long, or holds a Swedish
    personal identity number (free text is no place for one; the error never repeats it).

    ``personal_data=True`` is only for fields typed as personal data (encrypted per person).
    """
    text = value.strip()
    if not text:
        raise InvalidValueError(f"{field} must not be empty.", field=field)
    if len(text) > max_length:
        raise InvalidValueError(f"{field} is longer than {max_length} characters.", field=field)
    if not personal_data and contains_identity_number(text):
        raise PersonalIdentityNumberError(
            f"{field} contains what looks like a Swedish personal identity number "
            "(personnummer or samordningsnummer). Personal data does not belong in free "
            "text: remove the number.",
            field=field,
        )
    return text


def optional_text(
    field: str, value: str | None, *, max_length: int = TEXT_MAX_LENGTH, personal_data: bool = False
) -> str | None:
    """Like :func:`require_text`, but ``None`` or blank means "not given"."""
    if value is None or not value.strip():
        return None
    return require_text(field, value, max_length=max_length, personal_data=personal_data)


def new_item_id() -> UUID:
    """An id for an item inside an aggregate (an action, a finding, a focus area)."""
    return uuid4()
