"""Histories for the projection tests: a fixed scenario, and random ones, all through the real
use cases; a way to read a projection generation's tables whole; and the overview's counts
computed afresh with GROUP BY over a generation's rows."""

# ruff: noqa: S608 - table names come from the projections' own table specs

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from builders import (
    a_group,
    analysed,
    answer_all_cheers,
    identified,
    plan_lighting,
    ready_to_submit,
)
from support import BRA, MEMBER

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.sara import ActionKind, Priority, Stage
from problemorienterat.domain.situation_picture import Trend
from projections._database import ViewDatabase
from projections._projection import Projection
from projections._tables import ACTIVE, Generation, generations
from projections.rebuild import rebuild
from projections.runner import PROJECTIONS

YEAR = 2026


@dataclass
class Plans:
    """The year's lägesbild and medborgarlöfte, with two focus areas."""

    picture_id: UUID
    promise_id: UUID
    focus_areas: list[UUID]
    activities: list[UUID] = field(default_factory=list)


def plans_for_the_year(app: ProblemorienteratApp) -> Plans:
    picture_id = app.draw_up_situation_picture(
        BRA, municipality="1882", year=YEAR, summary="Inbrott minskar, otrygghet i centrum."
    ).aggregate_id
    app.record_observation(
        BRA,
        picture_id,
        area="Valla",
        description="Bostadsinbrott",
        trend=Trend.DECREASING,
        source="Polisens statistik",
    )
    app.adopt_situation_picture(BRA, picture_id, adopted_on=date(YEAR, 2, 1))
    promise_id = app.draft_citizen_promise(
        BRA, municipality="1882", year=YEAR, title="Medborgarlöfte", situation_picture_id=picture_id
    ).aggregate_id
    areas = []
    for title in ("Färre inbrott", "Trygg centrummiljö"):
        result = app.add_focus_area(BRA, promise_id, title=title, description=f"{title}.")
        assert result.item_id is not None
        areas.append(result.item_id)
    plans = Plans(picture_id, promise_id, areas)
    for area in areas:
        result = app.plan_activity(
            BRA,
            promise_id,
            focus_area_id=area,
            description="Trygghetsvandring",
            responsible_organisation=Organisation.KOMMUN,
            responsible_party="Trygghetssamordnaren",
            due_date=date(YEAR, 10, 1),
        )
        assert result.item_id is not None
        plans.activities.append(result.item_id)
    app.adopt_citizen_promise(BRA, promise_id, adopted_on=date(YEAR, 3, 1))
    return plans


class RandomHistory:
    """Problems moved one random step at a time through SARA, interleaved, with detours:
    rejections, deviations, cancellations, returned assessments, closing and reopening, and
    open problems moved to another working group or focus area on the way.

    ``tick`` (if given) is called before every step with the history's random generator: a
    test clock can move on there, so the events spread over days.
    """

    def __init__(
        self,
        app: ProblemorienteratApp,
        seed: int,
        *,
        tick: Callable[[random.Random], None] | None = None,
    ) -> None:
        self.app = app
        self.rng = random.Random(seed)  # noqa: S311 - reproducible histories, not secrets
        self.tick = tick
        self.groups = [a_group(app, "UNG-gruppen"), a_group(app, "Grannsamverkan Valla")]
        self.plans = plans_for_the_year(app)
        self.problems: dict[UUID, str] = {}
        self.actions: dict[UUID, list[UUID]] = {}

    def run(self, steps: int, new_problem_chance: float = 0.15) -> None:
        for _ in range(steps):
            if self.tick is not None:
                self.tick(self.rng)
            open_ones = [p for p, s in self.problems.items() if s not in ("rejected",)]
            if not open_ones or self.rng.random() < new_problem_chance:
                self.new_problem()
            else:
                if self.rng.random() < 0.15:
                    self.move(self.rng.choice(open_ones))
                self.step(self.rng.choice(open_ones))

    def move(self, problem_id: UUID) -> None:
        """An open problem goes to the other working group, or to another focus area."""
        if self.problems[problem_id] in ("rejected", "closed"):
            return
        if self.rng.random() < 0.5:
            current = self.app.get_problem(problem_id).group_id
            other = next(g for g in self.groups if g != current)
            self.app.assign_group(MEMBER, problem_id, group_id=other)
        else:
            self.app.link_focus_area(
                MEMBER,
                problem_id,
                citizen_promise_id=self.plans.promise_id,
                focus_area_id=self.rng.choice(self.plans.focus_areas),
            )

    def plan_action(self, problem_id: UUID) -> UUID:
        """An action due on one of the days around the year's spring (for overdue counts)."""
        start = date(YEAR, 1, 1) + timedelta(days=self.rng.randint(0, 90))
        result = self.app.plan_action(
            MEMBER,
            problem_id,
            title="Trygghetsvandring med boende",
            responsible_organisation=Organisation.KOMMUN,
            responsible_party="Fritidsförvaltningen",
            owner="Fritidschefen",
            start_date=start,
            due_date=start + timedelta(days=self.rng.randint(0, 60)),
            objective="Fler vuxna ute på kvällarna.",
            mechanism="Informell social kontroll.",
            kind=ActionKind.SOCIAL,
        )
        assert result.item_id is not None
        return result.item_id

    def new_problem(self) -> None:
        problem_id = identified(self.app, group_id=self.rng.choice(self.groups))
        self.problems[problem_id] = "scanning"
        self.actions[problem_id] = []

    def step(self, problem_id: UUID) -> None:  # noqa: PLR0912 - one branch per SARA state
        app, rng, state = self.app, self.rng, self.problems[problem_id]
        if state == "scanning":
            if rng.random() < 0.1:
                answer_all_cheers(app, problem_id, met=False)
                app.reject(MEMBER, problem_id, reason="Uppfyller inte CHEERS.")
                self.problems[problem_id] = "rejected"
                return
            if rng.random() < 0.3:
                app.reformulate(
                    MEMBER, problem_id, title=f"Inbrott {rng.randint(1, 99)}", description="Nytt."
                )
            if rng.random() < 0.6:
                app.link_focus_area(
                    MEMBER,
                    problem_id,
                    citizen_promise_id=self.plans.promise_id,
                    focus_area_id=rng.choice(self.plans.focus_areas),
                )
            app.prioritise(MEMBER, problem_id, priority=rng.choice(list(Priority)), reason="Ja.")
            answer_all_cheers(app, problem_id)
            app.start_analysis(MEMBER, problem_id)
            self.problems[problem_id] = "analysis"
        elif state == "analysis":
            analysed(app, problem_id)
            self.problems[problem_id] = "response"
        elif state == "response":
            for _ in range(rng.randint(1, 2)):
                planned = (
                    plan_lighting(app, problem_id)
                    if rng.random() < 0.5
                    else self.plan_action(problem_id)
                )
                self.actions[problem_id].append(planned)
            first = self.actions[problem_id][-1]
            app.start_action(MEMBER, problem_id, action_id=first)
            if rng.random() < 0.3:
                app.record_deviation(MEMBER, problem_id, action_id=first, reason="Försenad.")
            self.problems[problem_id] = "acting"
        elif state == "acting":
            problem = app.get_problem(problem_id)
            for action in problem.actions.values():
                if action.status.value in ("started", "deviated"):
                    app.complete_action(MEMBER, problem_id, action_id=action.action_id)
                elif action.status.value == "planned" and rng.random() < 0.5:
                    app.cancel_action(
                        MEMBER, problem_id, action_id=action.action_id, reason="Behövs inte."
                    )
            if rng.random() < 0.7:
                app.start_assessment(MEMBER, problem_id)
                self.problems[problem_id] = "assessment"
        elif state == "assessment":
            ready_to_submit(app, problem_id)
            app.submit_assessment(MEMBER, problem_id)
            self.problems[problem_id] = "submitted"
        elif state == "submitted":
            if rng.random() < 0.3:
                app.return_assessment(BRA, problem_id, comments="Komplettera.")
                self.problems[problem_id] = "returned"
            else:
                app.approve_assessment(BRA, problem_id, comments="Bra.")
                self.problems[problem_id] = "approved"
        elif state == "returned":
            app.submit_assessment(MEMBER, problem_id)
            self.problems[problem_id] = "submitted"
        elif state == "approved":
            app.close_problem(BRA, problem_id)
            self.problems[problem_id] = "closed"
        elif state == "closed":
            app.reopen(MEMBER, problem_id, to_stage=Stage.RESPONSE, reason="Problemet är tillbaka.")
            self.problems[problem_id] = "response"
        if rng.random() < 0.05:
            self.promise_step()

    def promise_step(self) -> None:
        activity = self.rng.choice(self.plans.activities)
        promise = self.app.get_citizen_promise(self.plans.promise_id)
        status = promise.activity(activity).status
        if status is ActivityStatus.PLANNED:
            self.app.change_activity_status(
                BRA, self.plans.promise_id, activity_id=activity, status=ActivityStatus.ONGOING
            )
        elif status is ActivityStatus.ONGOING:
            self.app.change_activity_status(
                BRA, self.plans.promise_id, activity_id=activity, status=ActivityStatus.DONE
            )


def table_rows(
    app: ProblemorienteratApp, projection: type[Projection], generation: int | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of a generation (default: the active one), in key order."""
    db = ViewDatabase(app.recorder)
    with db.reading() as tx:
        if generation is None:
            known = generations(tx, db, projection.name)
            generation = next(g.generation for g in known if g.state == ACTIVE)
        return {
            table.name: [
                tuple(row[c] for c in table.column_names)
                for row in tx.all(
                    f"SELECT * FROM {db.table(table.physical(generation))} ORDER BY {table.key}"
                )
            ]
            for table in projection.tables
        }


def assert_same_as_clean_replay(app: ProblemorienteratApp) -> None:
    """Every projection's active generation equals one rebuilt from the event store (a fresh
    generation filled by one pass over the whole log)."""
    kept = {projection.name: table_rows(app, projection) for projection in PROJECTIONS}
    rebuilt = rebuild(app, PROJECTIONS, batch_size=97)
    for projection, generation in zip(PROJECTIONS, rebuilt, strict=True):
        assert generation.state == "active"
        rows = table_rows(app, projection, generation.generation)
        assert rows == kept[projection.name], projection.name


def active_generation(app: ProblemorienteratApp, projection: type[Projection]) -> Generation:
    db = ViewDatabase(app.recorder)
    with db.reading() as tx:
        known = generations(tx, db, projection.name)
    return next(g for g in known if g.state == ACTIVE)


_OPEN_STAGES = "('scanning', 'analysis', 'response', 'assessment')"
_OPEN_ACTIONS = "('planned', 'started', 'deviated')"


def kept_counts(app: ProblemorienteratApp, generation: int) -> dict[str, int]:
    """The counts table of a problems generation: cell key → n."""
    db = ViewDatabase(app.recorder)
    with db.reading() as tx:
        return {
            str(r["id"]): int(r["n"])
            for r in tx.all(f"SELECT id, n FROM {db.table(f'pv_counts_{generation}')}")
        }


def counts_by_group_by(app: ProblemorienteratApp, generation: int) -> dict[str, int]:
    """What the counts table should hold, counted afresh with GROUP BY over the problem and
    action rows of a generation (written apart from the projection's own counting)."""
    db = ViewDatabase(app.recorder)
    p = db.table(f"pv_problems_{generation}")
    a = db.table(f"pv_actions_{generation}")
    queries = {
        "stage": f"SELECT municipality AS m, stage AS item, '' AS detail, COUNT(*) AS n "
        f"FROM {p} GROUP BY municipality, stage",
        "group_stage": f"SELECT municipality AS m, COALESCE(group_id, '') AS item, "
        f"stage AS detail, COUNT(*) AS n FROM {p} "
        "GROUP BY municipality, COALESCE(group_id, ''), stage",
        "focus_area_stage": f"SELECT municipality AS m, COALESCE(focus_area_id, '') AS item, "
        f"stage AS detail, COUNT(*) AS n FROM {p} "
        "GROUP BY municipality, COALESCE(focus_area_id, ''), stage",
        "awaiting_review": f"SELECT municipality AS m, '' AS item, '' AS detail, COUNT(*) AS n "
        f"FROM {p} WHERE stage = 'assessment' AND review_status = 'submitted' "
        "GROUP BY municipality",
        "open_by_last_change": "SELECT municipality AS m, SUBSTR(last_event_at, 1, 10) AS item, "
        f"'' AS detail, COUNT(*) AS n FROM {p} WHERE stage IN {_OPEN_STAGES} "
        "GROUP BY municipality, SUBSTR(last_event_at, 1, 10)",
        "open_by_last_change_month": "SELECT municipality AS m, "
        f"SUBSTR(last_event_at, 1, 7) AS item, '' AS detail, COUNT(*) AS n FROM {p} "
        f"WHERE stage IN {_OPEN_STAGES} GROUP BY municipality, SUBSTR(last_event_at, 1, 7)",
        "open_actions_by_due": "SELECT p.municipality AS m, a.due_date AS item, '' AS detail, "
        f"COUNT(*) AS n FROM {a} a JOIN {p} p ON p.id = a.problem_id "
        f"WHERE a.status IN {_OPEN_ACTIONS} AND p.stage IN {_OPEN_STAGES} "
        "GROUP BY p.municipality, a.due_date",
        "open_actions_by_due_month": "SELECT p.municipality AS m, "
        "SUBSTR(a.due_date, 1, 7) AS item, '' AS detail, "
        f"COUNT(*) AS n FROM {a} a JOIN {p} p ON p.id = a.problem_id "
        f"WHERE a.status IN {_OPEN_ACTIONS} AND p.stage IN {_OPEN_STAGES} "
        "GROUP BY p.municipality, SUBSTR(a.due_date, 1, 7)",
        "focus_area_actions": "SELECT p.municipality AS m, p.focus_area_id AS item, "
        f"a.status AS detail, COUNT(*) AS n FROM {a} a JOIN {p} p ON p.id = a.problem_id "
        "WHERE p.focus_area_id IS NOT NULL "
        "GROUP BY p.municipality, p.focus_area_id, a.status",
        "focus_area_outcomes": "SELECT municipality AS m, focus_area_id AS item, "
        f"outcome AS detail, COUNT(*) AS n FROM {p} "
        "WHERE focus_area_id IS NOT NULL AND outcome IS NOT NULL "
        "GROUP BY municipality, focus_area_id, outcome",
        "group_returned": f"SELECT municipality AS m, COALESCE(group_id, '') AS item, "
        f"'' AS detail, COUNT(*) AS n FROM {p} "
        "WHERE stage = 'assessment' AND review_status = 'returned' "
        "GROUP BY municipality, COALESCE(group_id, '')",
        "group_open_actions_by_due": "SELECT p.municipality AS m, "
        "COALESCE(p.group_id, '') AS item, a.due_date AS detail, COUNT(*) AS n "
        f"FROM {a} a JOIN {p} p ON p.id = a.problem_id "
        f"WHERE a.status IN {_OPEN_ACTIONS} AND p.stage IN {_OPEN_STAGES} "
        "GROUP BY p.municipality, COALESCE(p.group_id, ''), a.due_date",
        "group_open_actions_by_due_month": "SELECT p.municipality AS m, "
        "COALESCE(p.group_id, '') AS item, SUBSTR(a.due_date, 1, 7) AS detail, COUNT(*) AS n "
        f"FROM {a} a JOIN {p} p ON p.id = a.problem_id "
        f"WHERE a.status IN {_OPEN_ACTIONS} AND p.stage IN {_OPEN_STAGES} "
        "GROUP BY p.municipality, COALESCE(p.group_id, ''), SUBSTR(a.due_date, 1, 7)",
        "focus_area_group_outcomes": "SELECT municipality AS m, "
        "focus_area_id || ':' || COALESCE(group_id, '') AS item, "
        "COALESCE(outcome, '') AS detail, COUNT(*) AS n "
        f"FROM {p} WHERE focus_area_id IS NOT NULL "
        "GROUP BY municipality, focus_area_id, COALESCE(group_id, ''), COALESCE(outcome, '')",
    }
    counted: dict[str, int] = {}
    with db.reading() as tx:
        for kind, sql in queries.items():
            for r in tx.all(sql):
                counted[f"{kind}|{r['m']}|{r['item']}|{r['detail']}"] = int(r["n"])
    return counted


def unsettled_rows(app: ProblemorienteratApp, generation: int) -> int:
    """Rows whose work-list columns disagree with the rows: an open problem's
    ``open_last_event_at`` is its last change (else NULL); an open action of an open problem
    has ``open_due_date`` = its due date (else NULL); every action has its problem's
    ``group_id``."""
    db = ViewDatabase(app.recorder)
    p = db.table(f"pv_problems_{generation}")
    a = db.table(f"pv_actions_{generation}")
    with db.reading() as tx:
        problems = tx.one(
            f"SELECT COUNT(*) AS n FROM {p} WHERE "
            f"(stage IN {_OPEN_STAGES} AND (open_last_event_at IS NULL "
            "OR open_last_event_at <> last_event_at)) "
            f"OR (stage NOT IN {_OPEN_STAGES} AND open_last_event_at IS NOT NULL)"
        )
        actions = tx.one(
            f"SELECT COUNT(*) AS n FROM {a} a JOIN {p} p ON p.id = a.problem_id WHERE "
            f"(a.status IN {_OPEN_ACTIONS} AND p.stage IN {_OPEN_STAGES} "
            "AND (a.open_due_date IS NULL OR a.open_due_date <> a.due_date)) "
            f"OR (NOT (a.status IN {_OPEN_ACTIONS} AND p.stage IN {_OPEN_STAGES}) "
            "AND a.open_due_date IS NOT NULL) "
            "OR COALESCE(a.group_id, '') <> COALESCE(p.group_id, '')"
        )
    assert problems is not None
    assert actions is not None
    return int(problems["n"]) + int(actions["n"])
