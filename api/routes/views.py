"""The views lokala BRÅ, the working groups and auditors read: from the projections.

Each accepts ``min_position`` (a command's ``position``) and waits briefly for the view to
reach it; ``caught_up`` says whether it did.
"""

from __future__ import annotations

from typing import Annotated, TypeVar
from uuid import UUID

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException
from litestar.params import FromPath, FromQuery, Parameter

from api.documented import errors
from api.views import (
    BraOverviewAnswer,
    CitizenPromiseFollowUpAnswer,
    CitizenPromiseListAnswer,
    GroupBoardAnswer,
    ProblemIndexPage,
    ViewService,
    wait,
)
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.policy import (
    OVERSEERS,
    READERS,
    check_municipal_object,
    check_problem_index,
    readable_group,
    readable_group_ids,
    reads_every_group_of,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.sara import Stage
from problemorienterat.domain.yearly import FIRST_YEAR, LAST_YEAR

T = TypeVar("T")
VIEW_ERRORS = errors(400, 401, 403, 404, 422, 429, 503)
Position = Annotated[int | None, Parameter(ge=1, le=2**53, description="Wait for this position")]
ListLimit = Annotated[
    int,
    Parameter(
        ge=1,
        le=200,
        description="Items per list (the most pressing first); the `*_total` fields "
        "count them all, and the problem index (`GET /api/v1/problems` with `group_id`, `stage` "
        "or `focus_area_id`) pages through the rest",
    ),
]


def _municipality(principal: Principal, municipality: str | None) -> str:
    if municipality is not None:
        return municipality
    if len(principal.municipalities) == 1:
        return next(iter(principal.municipalities))
    raise ValidationException(
        detail="Ange municipality.",
        extra=[{"key": "municipality", "source": "query", "message": "required"}],
    )


def _found(view: T | None) -> T:
    if view is None:
        raise NotFoundError("Nothing to show for that yet.")
    return view


class ViewController(Controller):
    path = "/api/v1"
    tags = ["Vyer (views)"]

    @get(
        "/problems",
        summary="The problem index: filters and cursor pagination",
        sync_to_thread=True,
        responses=VIEW_ERRORS,
    )
    def problem_index(  # noqa: PLR0917 - one parameter per filter of the view
        self,
        principal: NamedDependency[Principal],
        application: NamedDependency[ProblemorienteratApp],
        views: NamedDependency[ViewService],
        municipality: Annotated[str | None, Parameter(pattern=r"^\d{4}$")] = None,
        stage: FromQuery[Stage | None] = None,
        group_id: FromQuery[UUID | None] = None,
        focus_area_id: FromQuery[UUID | None] = None,
        year: Annotated[int | None, Parameter(ge=FIRST_YEAR, le=LAST_YEAR)] = None,
        text: Annotated[str | None, Parameter(max_length=200)] = None,
        cursor: Annotated[str | None, Parameter(max_length=200)] = None,
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
        min_position: Position = None,
    ) -> ProblemIndexPage:
        code = _municipality(principal, municipality)
        check_problem_index(application, principal, municipality=code, group_id=group_id)
        caught_up = wait(views, min_position)
        page = views.problem_index(
            code,
            stage=stage,
            group_id=group_id,
            focus_area_id=focus_area_id,
            year=year,
            text=text,
            cursor=cursor,
            limit=limit,
        )
        return ProblemIndexPage(
            caught_up=caught_up, items=list(page.items), next_cursor=page.next_cursor
        )

    @get(
        "/municipalities/{code:str}/bra-overview",
        summary="Lokala BRÅ's overview: stages, reviews waiting, overdue actions, stuck problems",
        sync_to_thread=True,
        responses=VIEW_ERRORS,
    )
    def bra_overview(
        self,
        code: FromPath[str],
        principal: NamedDependency[Principal],
        views: NamedDependency[ViewService],
        stale_days: Annotated[int | None, Parameter(ge=1, le=3650)] = None,
        min_position: Position = None,
    ) -> BraOverviewAnswer:
        check_municipal_object(principal, municipality=code, roles=OVERSEERS)
        caught_up = wait(views, min_position)
        return BraOverviewAnswer(
            caught_up=caught_up, view=views.bra_overview(code, stale_days=stale_days)
        )

    @get(
        "/groups/{group_id:uuid}/board",
        summary="A working group's board: per stage its "
        "newest problems, next actions and deadlines, what waits on it, with totals",
        sync_to_thread=True,
        responses=VIEW_ERRORS,
    )
    def group_board(  # noqa: PLR0917 - the path, the caller, the services and two options
        self,
        group_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        application: NamedDependency[ProblemorienteratApp],
        views: NamedDependency[ViewService],
        min_position: Position = None,
        list_limit: ListLimit = 50,
    ) -> GroupBoardAnswer:
        caught_up: bool | None = None
        municipality = reads_every_group_of(principal)
        if municipality is not None:
            # When the view finds the group in that municipality the answer is the one the
            # checks below lead to, without loading the group first (a round trip to the
            # event store). When it does not, the checks answer as always (404 elsewhere).
            caught_up = wait(views, min_position)
            found = views.group_board(municipality, group_id, list_limit=list_limit)
            if found is not None:
                return GroupBoardAnswer(caught_up=caught_up, view=found)
        group = readable_group(application, principal, group_id)
        if caught_up is None:
            caught_up = wait(views, min_position)
        board = views.group_board(group.municipality, group.id, list_limit=list_limit)
        return GroupBoardAnswer(caught_up=caught_up, view=_found(board))

    @get(
        "/municipalities/{code:str}/citizen-promise-follow-up/{year:int}",
        summary="Follow-up of the year's medborgarlöfte: focus area → activity → problem → "
        "outcome (per focus area the newest linked problems, with totals)",
        sync_to_thread=True,
        responses=VIEW_ERRORS,
    )
    def citizen_promise_follow_up(  # noqa: PLR0917 - the path, the caller, the service, options
        self,
        code: FromPath[str],
        year: Annotated[int, Parameter(ge=FIRST_YEAR, le=LAST_YEAR)],
        principal: NamedDependency[Principal],
        application: NamedDependency[ProblemorienteratApp],
        views: NamedDependency[ViewService],
        min_position: Position = None,
        list_limit: ListLimit = 50,
    ) -> CitizenPromiseFollowUpAnswer:
        check_municipal_object(principal, municipality=code, roles=READERS)
        groups = readable_group_ids(application, principal, code)
        caught_up = wait(views, min_position)
        follow_up = views.citizen_promise_follow_up(
            code, year, list_limit=list_limit, group_ids=groups
        )
        return CitizenPromiseFollowUpAnswer(caught_up=caught_up, view=_found(follow_up))

    @get(
        "/municipalities/{code:str}/citizen-promises",
        summary="The municipality's medborgarlöften, newest year first: adopted, followed up, "
        "how many focus areas and activities",
        sync_to_thread=True,
        responses=VIEW_ERRORS,
    )
    def citizen_promises(
        self,
        code: FromPath[str],
        principal: NamedDependency[Principal],
        views: NamedDependency[ViewService],
        min_position: Position = None,
    ) -> CitizenPromiseListAnswer:
        check_municipal_object(principal, municipality=code, roles=READERS)
        caught_up = wait(views, min_position)
        return CitizenPromiseListAnswer(
            caught_up=caught_up, items=list(views.citizen_promises(code))
        )
