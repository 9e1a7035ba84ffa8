"""The handlingsplan as a document and a workbook: built from the medborgarlöfte itself, in
Swedish, dates as dates, a workbook even for a plan with no activity yet."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from io import BytesIO
from uuid import UUID

from openpyxl import load_workbook
from support import BRA

from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.citizen_promise import ActivityStatus, CitizenPromise
from problemorienterat.reports.handlingsplan import handlingsplan_of
from problemorienterat.reports.handlingsplan_xlsx import handlingsplan_workbook


def promise_with_two_areas() -> tuple[CitizenPromise, UUID, UUID]:
    promise = CitizenPromise.draft(BRA, municipality="1882", year=2026, title="Trygg 2026")
    centre = promise.add_focus_area(BRA, title="Centrum", description="Kvällar.")
    school = promise.add_focus_area(BRA, title="Skolan", description="Rasterna.")
    walk = promise.plan_activity(
        BRA,
        focus_area_id=centre,
        description="Trygghetsvandring",
        responsible_organisation=Organisation.POLIS,
        responsible_party="Kommunpolisen",
        due_date=date(2026, 5, 31),
    )
    promise.change_activity_status(BRA, activity_id=walk, status=ActivityStatus.DONE)
    promise.plan_activity(
        BRA,
        focus_area_id=school,
        description="Rastvärdar",
        responsible_organisation=Organisation.SKOLA,
        responsible_party="Rektorn",
    )
    return promise, centre, school


def test_the_plan_lists_each_activity_under_its_focus_area_in_swedish() -> None:
    promise, centre, _ = promise_with_two_areas()
    plan = handlingsplan_of(
        promise, municipality_name="Kungsör", reference_prefix="KUN", linked_problems={centre: 3}
    )
    assert plan.file_stem == "handlingsplan-KUN-2026"
    walk, guards = plan.rows
    assert (walk.focus_area, walk.activity, walk.responsible_organisation) == (
        "Centrum",
        "Trygghetsvandring",
        "Polisen",
    )
    assert (walk.status_text, walk.linked_problems, walk.due_date) == (
        "Genomförd",
        3,
        date(2026, 5, 31),
    )
    assert walk.done_on is not None
    assert (guards.status_text, guards.done_on, guards.linked_problems) == ("Planerad", None, 0)
    assert [(a.title, a.activities, a.activities_done) for a in plan.focus_areas] == [
        ("Centrum", 1, 1),
        ("Skolan", 1, 0),
    ]


def test_a_plan_without_activities_is_a_workbook_of_headings_only() -> None:
    promise, _, _ = promise_with_two_areas()
    plan = handlingsplan_of(
        promise, municipality_name="Kungsör", reference_prefix="KUN", linked_problems={}
    )
    empty = replace(plan, rows=())
    workbook = load_workbook(
        BytesIO(handlingsplan_workbook(empty, created=datetime(2026, 3, 1, tzinfo=UTC)))
    )
    sheet = workbook["Handlingsplan"]
    assert sheet.max_row == 1
    assert sheet.auto_filter.ref == "A1:I1"
    assert sheet.column_dimensions["B"].width == 50
    assert workbook["Fokusområden"].max_row == 3
