"""The views lokala BRÅ and the working groups read, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID

import pytest
from builders import a_group, analysed, answer_all_cheers, identified, plan_lighting, submitted
from eventsourcing.persistence import PersistenceError, StoredEvent
from projection_history import YEAR, plans_for_the_year
from support import BRA, MEMBER, SYSTEM, caught_up, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.errors import InvalidValueError
from problemorienterat.domain.sara import ActionKind, Outcome, ProblemSource, Stage
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.domain.working_group import GroupKind
from projections import ProjectionService

FIXTURE = Path(__file__).parent.parent / "fixtures" / "events-v0.1.jsonl"


def test_the_problem_index_filters_and_pages_in_a_stable_order(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    """Filters combine; pages follow one another newest first, without gaps or repeats."""
    ung = a_group(store_app, "UNG-gruppen")
    other = a_group(store_app, "Projektgruppen")
    in_ung = [identified(store_app, group_id=ung) for _ in range(4)]
    store_app.reformulate(
        MEMBER, in_ung[0], title="Klotter på skolan", description="Tags på Kung Karls skola."
    )
    other_problem = identified(store_app, group_id=other)
    answer_all_cheers(store_app, other_problem)
    store_app.start_analysis(MEMBER, other_problem)
    analysed(store_app, other_problem)
    caught_up(store_app, views)

    seen, cursor = [], None
    while True:
        page = views.problem_index("1882", cursor=cursor, limit=2)
        seen += [item.reference for item in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) == 5

    assert len(views.problem_index("1882", group_id=ung).items) == 4
    responding = views.problem_index("1882", stage=Stage.RESPONSE).items
    assert [p.group_name for p in responding] == ["Projektgruppen"]
    assert views.problem_index("1882", stage="response").items == responding
    found = views.problem_index("1882", text="KARLS skola").items
    assert [p.problem_id for p in found] == [in_ung[0]]
    this_year = swedish_today().year
    assert len(views.problem_index("1882", year=this_year).items) == 5
    assert views.problem_index("1882", year=this_year - 1).items == ()
    assert views.problem_index("1980").items == ()
    with pytest.raises(InvalidValueError):
        views.problem_index("1882", cursor="not-a-cursor")


def test_an_action_is_overdue_from_midnight_in_sweden_not_in_utc(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    """The lighting action is due 30 April: at 23:30 that evening in Sweden it is not
    overdue, at 00:30 on 1 May it is, though it is still 30 April in UTC."""
    responding = analysed(store_app)
    plan_lighting(store_app, responding)
    caught_up(store_app, views)

    evening = views.bra_overview("1882", now=datetime(2026, 4, 30, 21, 30, tzinfo=UTC))
    after_midnight = views.bra_overview("1882", now=datetime(2026, 4, 30, 22, 30, tzinfo=UTC))

    assert evening.overdue_actions == ()
    assert evening.overdue_actions_total == 0
    assert [a.problem_id for a in after_midnight.overdue_actions] == [responding]
    assert after_midnight.overdue_actions[0].days_overdue == 1
    assert after_midnight.overdue_actions_total == 1


def test_the_bra_overview_counts_and_lists_what_needs_attention(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    """Counts per stage, group and focus area; reviews waiting oldest first; overdue actions;
    stale problems; and per focus area output and outcome apart."""
    plans = plans_for_the_year(store_app)
    first = submitted(store_app)
    second = submitted(store_app)
    store_app.link_focus_area(
        MEMBER, first, citizen_promise_id=plans.promise_id, focus_area_id=plans.focus_areas[0]
    )
    responding = analysed(store_app)
    plan_lighting(store_app, responding)
    caught_up(store_app, views)

    overview = views.bra_overview("1882", now=datetime(2026, 5, 15, tzinfo=UTC))
    counts = {c.stage: c.count for c in overview.by_stage}
    assert counts[Stage.ASSESSMENT] == 2
    assert counts[Stage.RESPONSE] == 1
    assert [r.problem_id for r in overview.awaiting_review] == [first, second]
    assert [a.problem_id for a in overview.overdue_actions] == [responding]
    assert overview.overdue_actions[0].days_overdue == 15
    assert overview.stale_problems == ()
    assert sum(g.problems for g in overview.by_group) == 3
    assert overview.citizen_promise_year == YEAR
    progress = overview.focus_areas[0]
    assert progress.problems == 1
    assert progress.output.actions_planned == progress.output.actions_completed == 1
    assert progress.output.activities_planned == 1
    assert progress.outcome.problems_judged == 1
    assert progress.outcome.by_outcome[0].outcome is Outcome.REDUCED

    much_later = views.bra_overview("1882", stale_days=30, now=datetime(2030, 1, 1, tzinfo=UTC))
    assert {p.problem_id for p in much_later.stale_problems} == {first, second, responding}
    assert much_later.stale_problems_total == 3
    assert overview.awaiting_review_total == 2
    assert overview.overdue_actions_total == 1

    # The work lists hold the most urgent items; the totals count them all.
    short = views.bra_overview(
        "1882", stale_days=30, now=datetime(2030, 1, 1, tzinfo=UTC), list_limit=1
    )
    assert [r.problem_id for r in short.awaiting_review] == [first]
    assert short.awaiting_review_total == 2
    assert len(short.stale_problems) == 1
    assert short.stale_problems_total == 3
    assert short.stale_problems[0].problem_id == much_later.stale_problems[0].problem_id


def test_a_group_board_shows_its_open_problems_next_actions_and_what_waits_on_it(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    """A returned assessment waits on the group with lokala BRÅ's comments."""
    returned = submitted(store_app)
    store_app.return_assessment(
        BRA, returned, comments="Komplettera med kontrollområde.", minutes_reference="§ 4"
    )
    group_id = store_app.get_problem(returned).group_id
    assert group_id is not None
    acting = analysed(store_app)  # another group's problem
    caught_up(store_app, views)

    board = views.group_board("1882", group_id, today=date(2026, 3, 1))
    assert board is not None
    assert [p.problem_id for p in board.problems] == [returned]
    assert board.waiting[0].kind == "assessment_returned"
    assert board.waiting[0].comments == "Komplettera med kontrollområde."
    assert board.waiting[0].minutes_reference == "§ 4"
    assert acting not in [p.problem_id for p in board.problems]
    assert views.group_board("1980", group_id) is None


def test_the_index_and_the_board_show_the_due_date_of_the_next_open_action(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    """A problem's next deadline is the earliest due date of its open actions (kept with the
    problem's row as its actions change), as the problem itself says: a started or deviated
    action still counts, a completed or cancelled one no longer; none open, no deadline."""
    problem_id = analysed(store_app)
    lighting = plan_lighting(store_app, problem_id)  # due 2026-04-30
    earlier = store_app.plan_action(
        MEMBER,
        problem_id,
        title="Klipp buskarna",
        responsible_organisation=Organisation.KOMMUN,
        responsible_party="Parkförvaltningen",
        owner="Parkchefen",
        start_date=date(2026, 2, 1),
        due_date=date(2026, 3, 15),
        objective="Fri sikt längs gångarna.",
        mechanism="Ökad naturlig övervakning.",
        kind=ActionKind.SOCIAL,
    ).item_id
    assert earlier is not None
    group_id = store_app.get_problem(problem_id).group_id
    assert group_id is not None

    def shown() -> date | None:
        caught_up(store_app, views)
        [listed] = views.problem_index("1882").items
        board = views.group_board("1882", group_id, today=date(2026, 3, 1))
        assert board is not None
        [on_the_board] = board.problems
        expected = store_app.get_problem(problem_id).next_deadline
        assert listed.next_deadline == on_the_board.next_deadline == expected
        return expected

    assert shown() == date(2026, 3, 15)
    store_app.start_action(MEMBER, problem_id, action_id=earlier)
    store_app.record_deviation(MEMBER, problem_id, action_id=earlier, reason="Försenad.")
    assert shown() == date(2026, 3, 15)
    store_app.complete_action(MEMBER, problem_id, action_id=earlier)
    assert shown() == date(2026, 4, 30)
    store_app.cancel_action(MEMBER, problem_id, action_id=lighting, reason="Ingen budget.")
    assert shown() is None


def test_a_read_transaction_answers_what_was_sent_and_takes_nothing_after_its_end(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    """The rows of statements sent in a read transaction are there once it has ended (on
    PostgreSQL they all come back then, in one round trip); a statement after the end is
    refused; a failing statement fails the read and leaves the connection usable."""
    with views.db.reading() as tx:
        one = tx.send("SELECT 1 AS n")
        two = tx.send("SELECT 2 AS n")
    assert (one.rows(), two.first()) == ([{"n": 1}], {"n": 2})
    with pytest.raises(RuntimeError, match="ended"):
        tx.send("SELECT 3 AS n")
    for _ in range(3):  # the pool hands its connections out again
        with pytest.raises(PersistenceError), views.db.reading() as tx:
            tx.send("SELECT no_such_column FROM projection_generations")
    caught_up(store_app, views)
    assert views.bra_overview("1882").by_stage


def test_the_follow_up_follows_the_chain_from_lagesbild_to_outcome(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    """lägesbild → focus area → medborgarlöfte → activity → problem → outcome."""
    plans = plans_for_the_year(store_app)
    problem = submitted(store_app)
    store_app.link_focus_area(
        MEMBER, problem, citizen_promise_id=plans.promise_id, focus_area_id=plans.focus_areas[1]
    )
    store_app.follow_up_citizen_promise(
        BRA, plans.promise_id, summary="Året gick bra.", outcomes={plans.focus_areas[1]: "Lugnare."}
    )
    caught_up(store_app, views)

    follow_up = views.citizen_promise_follow_up("1882", YEAR)
    assert follow_up is not None
    assert follow_up.situation_picture is not None
    assert follow_up.situation_picture.observations[0].area == "Valla"
    assert follow_up.follow_up_summary == "Året gick bra."
    area = follow_up.focus_areas[1]
    assert area.outcome == "Lugnare."
    assert [a.description for a in area.activities] == ["Trygghetsvandring"]
    assert [(p.problem_id, p.outcome) for p in area.problems] == [(problem, Outcome.REDUCED)]
    assert views.citizen_promise_follow_up("1882", YEAR + 1) is None


def test_a_query_given_a_commands_position_sees_the_command(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    """Read-your-writes: wait_for(position) returns True once the views show the command."""
    result = store_app.identify_problem(
        MEMBER,
        municipality="1882",
        title="Skadegörelse i tunneln",
        description="Krossat glas varje helg.",
        place="Tunneln",
        source=ProblemSource.EST_REPORT,
        reported_by="EST",
    )
    assert views.wait_for(result.position)
    assert views.problem_index("1882").items[0].problem_id == result.aggregate_id


def test_waiting_for_a_position_not_reached_gives_up_and_says_so(
    database_url: str, tmp_path: Path
) -> None:
    """Without a runner the views do not move: wait_for stops at its timeout with False."""
    app = make_app(database_url, tmp_path)
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        views = ProjectionService(app, Settings(data_dir=tmp_path))
        views.start()
        assert views.wait_for(app.recorder.max_notification_id() or 0)
        views.stop()
        position = app.establish_group(
            BRA, municipality="1882", name="UNG", kind=GroupKind.YOUTH, mandate="Förebygga."
        ).position
        assert not views.wait_for(position, timeout=0.05)
    finally:
        app.close()


def test_events_written_by_version_0_1_are_projected_like_new_ones(
    database_url: str, tmp_path: Path
) -> None:
    """The views are built from the stored past too: v0.1 events (upcast) fill every view."""
    app = make_app(database_url, tmp_path)
    try:
        rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
        app.recorder.insert_events(
            [
                StoredEvent(
                    originator_id=UUID(str(row["originator_id"])),
                    originator_version=int(str(row["originator_version"])),
                    topic=str(row["topic"]),
                    state=str(row["state"]).encode("utf-8"),
                )
                for row in rows
            ]
        )
        identified = sum(1 for row in rows if str(row["topic"]).endswith("Problem.Identified"))
        views = ProjectionService(app, Settings(data_dir=tmp_path))
        views.start()
        try:
            caught_up(app, views)
            municipality = str(rows[0]["state"]).split('"municipality":"')[1][:4]
            index = views.problem_index(municipality, limit=200)
            assert len(index.items) == identified > 0
            assert sum(c.count for c in views.bra_overview(municipality).by_stage) == identified
        finally:
            views.stop()
    finally:
        app.close()
