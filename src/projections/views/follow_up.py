"""The citizen-promise follow-up: one year's medborgarlöfte followed from lägesbild through
focus areas and activities to the linked problems and their outcomes."""

# ruff: noqa: S608 - table names come from this package's own table specs; values are parameters

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.sara import Outcome, ReviewStatus, Stage
from problemorienterat.domain.situation_picture import Trend
from projections._database import Transaction
from projections.problem_counts import (
    FOCUS_AREA_GROUP_OUTCOMES,
    FOCUS_AREA_OUTCOMES,
    FOCUS_AREA_STAGE,
    focus_area_group,
)
from projections.views.limits import check_list_limit
from projections.views.tables import Tables
from projections.views.values import day_of, moment_of, uuid_of


@dataclass(frozen=True)
class ObservationSummary:
    area: str
    description: str
    trend: Trend
    source: str


@dataclass(frozen=True)
class SituationPictureSummary:
    """The lägesbild the medborgarlöfte builds on."""

    situation_picture_id: UUID
    year: int
    summary: str
    adopted_on: date | None
    observations: tuple[ObservationSummary, ...]


@dataclass(frozen=True)
class FollowUpActivity:
    activity_id: UUID
    description: str
    responsible_organisation: Organisation
    responsible_party: str
    due_date: date | None
    status: ActivityStatus
    status_note: str


@dataclass(frozen=True)
class FollowUpProblem:
    problem_id: UUID
    reference: str
    title: str
    stage: Stage
    review_status: ReviewStatus
    outcome: Outcome | None


@dataclass(frozen=True)
class FollowUpFocusArea:
    """A focus area with its activities, its problems and what the follow-up says of it."""

    focus_area_id: UUID
    title: str
    description: str
    outcome: str | None
    activities: tuple[FollowUpActivity, ...]
    problems: tuple[FollowUpProblem, ...]
    # ``problems`` holds the newest ``list_limit``; these count them all and the judged
    # ones (asked for some groups: of those groups; ``all_problems_total``: of every group).
    problems_total: int = 0
    problems_judged: int = 0
    all_problems_total: int = 0


@dataclass(frozen=True)
class CitizenPromiseFollowUp:
    """The chain for one year: lägesbild → focus area → medborgarlöfte → activity → problem →
    outcome."""

    municipality: str
    year: int
    citizen_promise_id: UUID
    title: str
    adopted_on: date | None
    followed_up_at: datetime | None
    follow_up_summary: str | None
    situation_picture: SituationPictureSummary | None
    focus_areas: tuple[FollowUpFocusArea, ...]
    list_limit: int = 50


def citizen_promise_follow_up(
    tx: Transaction,
    t: Tables,
    municipality: str,
    year: int,
    *,
    list_limit: int = 50,
    group_ids: Sequence[UUID] | None = None,
) -> Callable[[], CitizenPromiseFollowUp | None]:
    """The year's medborgarlöfte: lägesbild, focus areas with their activities and each
    one's newest ``list_limit`` linked problems, with totals from the counts. ``group_ids``:
    only those groups' problems are listed and counted (``all_problems_total``: every group's).
    Sent in two parts: what the year's subqueries find, then what is read per focus area."""
    check_list_limit(list_limit)
    of_year = (municipality, year)
    promise_sent = tx.send(
        f"SELECT * FROM {t.promises} WHERE municipality = ? AND year = ?", of_year
    )
    promise_id = f"(SELECT id FROM {t.promises} WHERE municipality = ? AND year = ?)"
    activities_sent = tx.send(
        f"SELECT * FROM {t.activities} WHERE promise_id = {promise_id} ORDER BY seq", of_year
    )
    areas_sent = tx.send(
        f"SELECT * FROM {t.focus_areas} WHERE promise_id = {promise_id} ORDER BY seq", of_year
    )
    picture = _picture(tx, t, municipality, year)
    # What is read per focus area needs its id: the one read before the transaction ends.
    areas = areas_sent.rows()
    area_ids = [a["id"] for a in areas]
    groups = None if group_ids is None else sorted(g.hex for g in group_ids)
    linked_totals = _linked_totals(tx, t, municipality, area_ids, groups)
    linked = {
        area_id: _linked_problems(tx, t, municipality, area_id, groups=groups, limit=list_limit)
        for area_id in area_ids
    }

    def follow_up() -> CitizenPromiseFollowUp | None:
        promise = promise_sent.first()
        if promise is None:
            return None
        activities: dict[str, list[FollowUpActivity]] = {}
        for r in activities_sent.rows():
            activities.setdefault(r["focus_area_id"], []).append(
                FollowUpActivity(
                    activity_id=uuid_of(r["id"]),
                    description=r["description"],
                    responsible_organisation=Organisation(r["responsible_organisation"]),
                    responsible_party=r["responsible_party"],
                    due_date=day_of(r["due_date"]),
                    status=ActivityStatus(r["status"]),
                    status_note=r["status_note"] or "",
                )
            )
        totals = linked_totals()
        followed_up_at = promise["followed_up_at"]
        return CitizenPromiseFollowUp(
            municipality=municipality,
            year=year,
            citizen_promise_id=uuid_of(promise["id"]),
            title=promise["title"],
            adopted_on=day_of(promise["adopted_on"]),
            followed_up_at=moment_of(followed_up_at) if followed_up_at else None,
            follow_up_summary=promise["follow_up_summary"],
            situation_picture=picture(promise["situation_picture_id"]),
            focus_areas=tuple(
                FollowUpFocusArea(
                    focus_area_id=uuid_of(a["id"]),
                    title=a["title"],
                    description=a["description"],
                    outcome=a["outcome"],
                    activities=tuple(activities.get(a["id"], [])),
                    problems=linked[a["id"]](),
                    problems_total=totals[a["id"]].listed,
                    problems_judged=totals[a["id"]].judged,
                    all_problems_total=totals[a["id"]].every_group,
                )
                for a in areas
            ),
            list_limit=list_limit,
        )

    return follow_up


@dataclass(frozen=True)
class _LinkedTotals:
    listed: int  # linked problems (of the groups asked for)
    judged: int  # of those, with a judged outcome
    every_group: int  # linked problems of every group


def _linked_totals(
    tx: Transaction,
    t: Tables,
    municipality: str,
    area_ids: Sequence[str],
    groups: Sequence[str] | None,
) -> Callable[[], dict[str, _LinkedTotals]]:
    """Per focus area: its linked problems and judged ones, from the counts: of every group
    (focus area × stage, focus area × outcome) and, when ``groups`` are given, of those
    (focus area × group × outcome); one statement, a few index lookups per focus area."""
    pairs = [focus_area_group(a, g) for a in area_ids for g in groups or ()]
    items = [*area_ids, *pairs]
    sent = None
    if items:
        marks = ", ".join("?" for _ in items)
        sent = tx.send(
            f"SELECT kind, item, detail, n FROM {t.counts} "
            f"WHERE municipality = ? AND kind IN (?, ?, ?) AND item IN ({marks})",
            (
                municipality,
                FOCUS_AREA_STAGE,
                FOCUS_AREA_OUTCOMES,
                FOCUS_AREA_GROUP_OUTCOMES,
                *items,
            ),
        )

    def totals() -> dict[str, _LinkedTotals]:
        found: dict[str, dict[tuple[str, str], int]] = {}
        for r in sent.rows() if sent else ():
            found.setdefault(r["kind"], {})[(r["item"], r["detail"])] = int(r["n"])

        def total(kind: str, keep: Sequence[str], *, judged_only: bool = False) -> int:
            return sum(
                n
                for (item, detail), n in found.get(kind, {}).items()
                if item in keep and (detail or not judged_only)
            )

        result = {}
        for area in area_ids:
            every_group = total(FOCUS_AREA_STAGE, (area,))
            if groups is None:
                listed, judged = every_group, total(FOCUS_AREA_OUTCOMES, (area,))
            else:
                own = [focus_area_group(area, g) for g in groups]
                listed = total(FOCUS_AREA_GROUP_OUTCOMES, own)
                judged = total(FOCUS_AREA_GROUP_OUTCOMES, own, judged_only=True)
            result[area] = _LinkedTotals(listed=listed, judged=judged, every_group=every_group)
        return result

    return totals


def _linked_problems(
    tx: Transaction,
    t: Tables,
    municipality: str,
    area_id: str,
    *,
    groups: Sequence[str] | None,
    limit: int,
) -> Callable[[], tuple[FollowUpProblem, ...]]:
    """A focus area's newest ``limit`` linked problems (of ``groups``: per group, merged)."""
    base = (
        "SELECT id, reference, title, stage, review_status, outcome, year, number "
        f"FROM {t.problems} WHERE municipality = ? AND focus_area_id = ?"
    )
    order = " ORDER BY year DESC, number DESC LIMIT ?"
    if groups is None:
        sent = [tx.send(base + order, (municipality, area_id, limit))]
    else:
        sent = [
            tx.send(base + " AND group_id = ?" + order, (municipality, area_id, group, limit))
            for group in groups
        ]

    def problems() -> tuple[FollowUpProblem, ...]:
        rows = [row for part in sent for row in part.rows()]
        if groups is not None:
            rows.sort(key=lambda r: (int(r["year"]), int(r["number"])), reverse=True)
        return tuple(
            FollowUpProblem(
                problem_id=uuid_of(r["id"]),
                reference=r["reference"],
                title=r["title"],
                stage=Stage(r["stage"]),
                review_status=ReviewStatus(r["review_status"]),
                outcome=Outcome(r["outcome"]) if r["outcome"] else None,
            )
            for r in rows[:limit]
        )

    return problems


def _picture(
    tx: Transaction, t: Tables, municipality: str, year: int
) -> Callable[[str | None], SituationPictureSummary | None]:
    """The lägesbild of the medborgarlöfte of ``year``: the one it names, or else the one
    of the same year. Both are sent with the observations of either; the medborgarlöfte's
    ``situation_picture_id``, once read, picks."""
    named = f"SELECT situation_picture_id FROM {t.promises} WHERE municipality = ? AND year = ?"
    by_name = tx.send(
        f"SELECT * FROM {t.situation_pictures} WHERE id = ({named})", (municipality, year)
    )
    by_year = tx.send(
        f"SELECT * FROM {t.situation_pictures} WHERE municipality = ? AND year = ?",
        (municipality, year),
    )
    observations = tx.send(
        f"SELECT * FROM {t.observations} WHERE picture_id IN "
        f"(SELECT id FROM {t.situation_pictures} WHERE id = ({named}) "
        "OR (municipality = ? AND year = ?)) ORDER BY seq",
        (municipality, year, municipality, year),
    )

    def chosen(situation_picture_id: str | None) -> SituationPictureSummary | None:
        row = by_name.first() if situation_picture_id else by_year.first()
        if row is None:
            return None
        return SituationPictureSummary(
            situation_picture_id=uuid_of(row["id"]),
            year=int(row["year"]),
            summary=row["summary"],
            adopted_on=day_of(row["adopted_on"]),
            observations=tuple(
                ObservationSummary(o["area"], o["description"], Trend(o["trend"]), o["source"])
                for o in observations.rows()
                if o["picture_id"] == row["id"]
            ),
        )

    return chosen
