"""The handlingsplan of a year's medborgarlöfte as a document: per focus area its activities
with who answers for them, when they are due, their status (in Swedish) and when each was
done, and how many problems are linked to the focus area.

Made from the ``CitizenPromise`` itself (the done dates are its own) and the linked-problem
counts the caller has read from the views; the web page and the Excel workbook
(:mod:`problemorienterat.reports.handlingsplan_xlsx`) both show this.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from problemorienterat.domain.citizen_promise import ActivityStatus, CitizenPromise
from problemorienterat.formatting import LOCAL_TIME
from problemorienterat.labels import label


@dataclass(frozen=True)
class PlanRow:
    """One activity of the handlingsplan."""

    activity_id: UUID
    focus_area: str
    activity: str
    responsible_party: str
    responsible_organisation: str  # in Swedish
    due_date: date | None
    status: ActivityStatus
    status_text: str  # in Swedish
    status_note: str
    done_on: date | None
    linked_problems: int  # problems linked to the activity's focus area


@dataclass(frozen=True)
class PlanFocusArea:
    """One focus area of the handlingsplan, with its counts."""

    focus_area_id: UUID
    title: str
    description: str
    outcome: str | None
    activities: int
    activities_done: int
    activities_cancelled: int
    linked_problems: int


@dataclass(frozen=True)
class Handlingsplan:
    """The action plan of one municipality's medborgarlöfte of one year."""

    municipality_code: str
    municipality_name: str
    reference_prefix: str
    year: int
    title: str
    adopted_on: date | None
    focus_areas: tuple[PlanFocusArea, ...]
    rows: tuple[PlanRow, ...]

    @property
    def file_stem(self) -> str:
        """``handlingsplan-KUN-2026``: the name a download is saved as."""
        return f"handlingsplan-{self.reference_prefix or self.municipality_code}-{self.year}"


def handlingsplan_of(
    promise: CitizenPromise,
    *,
    municipality_name: str,
    reference_prefix: str,
    linked_problems: Mapping[UUID, int],
) -> Handlingsplan:
    """The handlingsplan of ``promise``: focus areas in the order they were added, each one's
    activities in the order they were planned. ``linked_problems``: per focus area id the
    problems the reader may count (missing: none)."""
    areas: list[PlanFocusArea] = []
    rows: list[PlanRow] = []
    for area in promise.focus_areas.values():
        activities = [
            a for a in promise.activities.values() if a.focus_area_id == area.focus_area_id
        ]
        problems = linked_problems.get(area.focus_area_id, 0)
        areas.append(
            PlanFocusArea(
                focus_area_id=area.focus_area_id,
                title=area.title,
                description=area.description,
                outcome=area.outcome,
                activities=len(activities),
                activities_done=sum(1 for a in activities if a.status is ActivityStatus.DONE),
                activities_cancelled=sum(
                    1 for a in activities if a.status is ActivityStatus.CANCELLED
                ),
                linked_problems=problems,
            )
        )
        for activity in activities:
            done_at = promise.done_at(activity.activity_id)
            rows.append(
                PlanRow(
                    activity_id=activity.activity_id,
                    focus_area=area.title,
                    activity=activity.description,
                    responsible_party=activity.responsible_party,
                    responsible_organisation=label(activity.responsible_organisation),
                    due_date=activity.due_date,
                    status=activity.status,
                    status_text=label(activity.status),
                    status_note=activity.status_note,
                    done_on=done_at.astimezone(LOCAL_TIME).date() if done_at else None,
                    linked_problems=problems,
                )
            )
    return Handlingsplan(
        municipality_code=promise.municipality,
        municipality_name=municipality_name,
        reference_prefix=reference_prefix,
        year=promise.year,
        title=promise.title,
        adopted_on=promise.adopted_on,
        focus_areas=tuple(areas),
        rows=tuple(rows),
    )
