"""The projection service as the API sees it, and what its answers become on the wire.

The views are read from projection tables (``src/projections``), never by loading
aggregates. The service is put on the application state as ``projections``; until it is,
the view endpoints answer 503.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from litestar.datastructures import State
from litestar.plugins.problem_details import ProblemDetailsException
from pydantic import BaseModel

from projections.views.board import GroupBoard
from projections.views.follow_up import CitizenPromiseFollowUp
from projections.views.listings import CitizenPromiseListing
from projections.views.overview import BraOverview
from projections.views.problem_index import ProblemSummary


class ViewPage(Protocol):
    items: Any
    next_cursor: Any


@runtime_checkable
class ViewService(Protocol):
    """The part of ``projections.ProjectionService`` the API uses."""

    def problem_index(
        self,
        municipality: str,
        *,
        stage: Any = ...,
        group_id: UUID | None = ...,
        focus_area_id: UUID | None = ...,
        year: int | None = ...,
        text: str | None = ...,
        cursor: str | None = ...,
        limit: int = ...,
    ) -> Any: ...

    def bra_overview(self, municipality: str, *, stale_days: int | None = ...) -> Any: ...

    def group_board(self, municipality: str, group_id: UUID, *, list_limit: int = ...) -> Any: ...

    def citizen_promise_follow_up(
        self,
        municipality: str,
        year: int,
        *,
        list_limit: int = ...,
        group_ids: Sequence[UUID] | None = ...,
    ) -> Any: ...

    def situation_pictures(self, municipality: str) -> Any: ...
    def citizen_promises(self, municipality: str) -> Any: ...

    def wait_for(self, position: int, timeout: float = ...) -> bool: ...

    def status(self) -> Any: ...


# The answers are frozen dataclasses, which Litestar encodes with msgspec in one pass (a
# pydantic model would be validated and dumped first); the OpenAPI schema is the same.


@dataclass(frozen=True)
class ProblemIndexPage:
    """One page of the problem index; pass ``next_cursor`` as ``cursor`` for the next.
    ``caught_up`` is false when the view had not reached ``min_position`` within the wait
    (the data may then be older); the same holds for every view below."""

    caught_up: bool
    items: list[ProblemSummary]
    next_cursor: str | None


@dataclass(frozen=True)
class BraOverviewAnswer:
    """Lokala BRÅ's portfolio of one municipality."""

    caught_up: bool
    view: BraOverview


@dataclass(frozen=True)
class GroupBoardAnswer:
    """One working group's board: each list holds at most ``view.list_limit`` items, the
    ``*_total`` fields count them all."""

    caught_up: bool
    view: GroupBoard


@dataclass(frozen=True)
class CitizenPromiseFollowUpAnswer:
    """The year's medborgarlöfte followed from lägesbild to outcome: per focus area at most
    ``view.list_limit`` linked problems, ``problems_total`` counts them all."""

    caught_up: bool
    view: CitizenPromiseFollowUp


@dataclass(frozen=True)
class CitizenPromiseListAnswer:
    """The medborgarlöften of a municipality, newest year first."""

    caught_up: bool
    items: list[CitizenPromiseListing]


def provide_views(state: State) -> ViewService:
    service: ViewService | None = state.get("projections")
    if service is None:
        raise ProblemDetailsException(
            status_code=503,
            title="Vyerna är inte tillgängliga",
            detail="Projektionerna körs inte i den här processen ännu.",
        )
    return service


def wait(views: ViewService, min_position: int | None, timeout: float = 1.0) -> bool:
    """Read-your-writes: wait briefly until the views have seen ``min_position``."""
    if not min_position:
        return True
    return bool(views.wait_for(min_position, timeout=timeout))


def plain(value: Any) -> Any:  # noqa: PLR0911 - one return per kind of value
    """A view's value as JSON-able data (dataclasses, models, enums, dates, UUIDs)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value
