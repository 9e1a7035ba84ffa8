"""Use cases of the SARA process: one per step, named as the step is named in the domain."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate

from problemorienterat.application.citizen_promises import CitizenPromiseUseCases
from problemorienterat.application.results import CommandResult
from problemorienterat.application.working_groups import WorkingGroupUseCases
from problemorienterat.domain.actor import Actor, Organisation
from problemorienterat.domain.errors import ConcurrentWriteError, NotFoundError
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.municipality import (
    ReferenceCounter,
    reference_counter_id,
)
from problemorienterat.domain.personal_data import PersonalData
from problemorienterat.domain.problem import Problem, problem_id_for
from problemorienterat.domain.sara import (
    ActionKind,
    CheersQuestion,
    Outcome,
    Priority,
    ProblemSource,
    RepeatPattern,
    SpreadDimension,
    SpreadKind,
    Stage,
    Technique,
    TimeHorizon,
    TriangleSide,
)
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.domain.user import User
from problemorienterat.domain.working_group import WorkingGroup

REFERENCE_ATTEMPTS = 30


class ProblemUseCases(WorkingGroupUseCases, CitizenPromiseUseCases):
    """Scanning, analysis, response and assessment of problems.

    A problem goes only to an active group of its own municipality and links only to a
    focus area of its municipality's medborgarlöfte: the checks are inherited from the use
    cases that own those aggregates, so they run whatever the application is composed of.
    """

    # ---------------------------------------------------------------- queries

    def get_problem(self, problem_id: UUID, *, version: int | None = None) -> Problem:
        return self.load(Problem, problem_id, version=version)

    def find_problem(self, reference: str) -> Problem:
        """The problem with that human reference, e.g. ``KUN-2026-0007``."""
        try:
            return self.load(Problem, problem_id_for(reference.strip().upper()))
        except NotFoundError:
            raise NotFoundError("No problem with that reference.", field="reference") from None

    def find_problem_with_group(self, reference: str) -> tuple[Problem, WorkingGroup | None]:
        """The problem with that reference and its working group (None: none, or gone),
        read together when both are in memory: who may act on a problem depends on its
        group, so a command needs both."""
        _, problem, group = self._read_with_problem(reference)
        if problem is None:
            raise NotFoundError("No problem with that reference.", field="reference")
        return problem, group

    def find_problem_for_user(
        self, user_id: UUID, reference: str
    ) -> tuple[User | None, Problem | None, WorkingGroup | None]:
        """The user (None: unknown or revoked), the problem with that reference (None: no
        such problem) and its working group, read together: a command of a user known in
        this process confirms the user in the same read of the store as the problem it
        changes, so a revocation still takes effect at once, at no extra round trip."""
        (user,), problem, group = self._read_with_problem(reference, (User, user_id))
        active = user if isinstance(user, User) and not user.is_revoked else None
        return active, problem, group

    def _read_with_problem(
        self, reference: str, *also: tuple[type[Aggregate], UUID]
    ) -> tuple[list[Aggregate | None], Problem | None, WorkingGroup | None]:
        """``also``, the problem with that reference and its group (when this process knows
        which it is), in one read of the store when they are cached; None for what is not
        found (a group only if it is still the problem's)."""
        problem_id = problem_id_for(reference.strip().upper())
        group_id = self._cached_group_id(problem_id)
        wanted: list[tuple[type[Aggregate], UUID]] = [*also, (Problem, problem_id)]
        if group_id is not None:
            wanted.append((WorkingGroup, group_id))
        found = self.load_present(*wanted)
        others, problem, rest = found[: len(also)], found[len(also)], found[len(also) + 1 :]
        if not isinstance(problem, Problem):
            return others, None, None
        group = rest[0] if rest else None
        if isinstance(group, WorkingGroup) and problem.group_id == group.id:
            return others, problem, group
        return others, problem, None

    def _cached_group_id(self, problem_id: UUID) -> UUID | None:
        """The group of the problem as this process last saw it, if it is in memory."""
        group_id: UUID | None = getattr(self.peek_cached(problem_id), "group_id", None)
        return group_id

    # ---------------------------------------------------------------- scanning

    def identify_problem(
        self,
        actor: Actor,
        *,
        municipality: str,
        title: str,
        description: str,
        place: str,
        source: ProblemSource,
        reported_by: str,
        frequency: str | None = None,
        harmed: str | None = None,
        group_id: UUID | None = None,
        year: int | None = None,
    ) -> CommandResult:
        """Record a new problem with the next reference of its municipality and year."""
        owner = self.get_municipality(municipality)
        if group_id is not None:
            self.check_active_group(group_id, municipality)
        year = year or swedish_today().year
        for attempt in range(REFERENCE_ATTEMPTS):
            counter = self._reference_counter(actor, municipality, year)
            reference = counter.take_reference(actor, owner.reference_prefix)
            problem = Problem.identify(
                actor,
                id=problem_id_for(reference),
                municipality=municipality,
                reference=reference,
                title=title,
                description=description,
                place=place,
                source=source,
                reported_by=reported_by,
                frequency=frequency,
                harmed=harmed,
                group_id=group_id,
            )
            try:
                return self.commit(problem, counter)
            except ConcurrentWriteError:
                # Another problem took the number first: back off a little, take the next one.
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311 - jitter only
        raise ConcurrentWriteError("Too many problems were recorded at once; try again.")

    def _reference_counter(self, actor: Actor, municipality: str, year: int) -> ReferenceCounter:
        try:
            return self.load(ReferenceCounter, reference_counter_id(municipality, year))
        except NotFoundError:
            return ReferenceCounter.start(actor, municipality=municipality, year=year)

    def reformulate(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        title: str,
        description: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.reformulate(actor, title=title, description=description),
        )

    def answer_cheers(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        question: CheersQuestion,
        met: bool,
        evidence: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.answer_cheers(actor, question=question, met=met, evidence=evidence),
        )

    def prioritise(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        priority: Priority,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.prioritise(actor, priority=priority, reason=reason),
        )

    def reject(
        self, actor: Actor, problem_id: UUID, *, reason: str, expected_version: int | None = None
    ) -> CommandResult:
        return self.change(
            Problem, problem_id, expected_version, lambda p: p.reject(actor, reason=reason)
        )

    def assign_group(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        group_id: UUID,
        expected_version: int | None = None,
    ) -> CommandResult:
        problem = self.get_problem(problem_id)
        self.check_active_group(group_id, problem.municipality)
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.assign_group(actor, group_id=group_id),
        )

    def link_focus_area(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        citizen_promise_id: UUID,
        focus_area_id: UUID,
        expected_version: int | None = None,
    ) -> CommandResult:
        problem = self.get_problem(problem_id)
        self.check_focus_area(citizen_promise_id, focus_area_id, problem.municipality)
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.link_focus_area(
                actor, citizen_promise_id=citizen_promise_id, focus_area_id=focus_area_id
            ),
        )

    def start_analysis(
        self, actor: Actor, problem_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        return self.change(Problem, problem_id, expected_version, lambda p: p.start_analysis(actor))

    # ---------------------------------------------------------------- analysis

    def record_finding(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        side: TriangleSide,
        description: str,
        named_persons: Sequence[str | PersonalData] = (),
        expected_version: int | None = None,
    ) -> CommandResult:
        """Record a finding; ``named_persons`` are private persons it names (personal data,
        each kept under a key of that person's own). The result's ``item_id`` is the finding."""
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.record_finding(
                actor, side=side, description=description, named_persons=named_persons
            ),
        )

    def classify_repeat_pattern(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        pattern: RepeatPattern,
        description: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.classify_repeat_pattern(actor, pattern=pattern, description=description),
        )

    def record_data_source(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        name: str,
        extracted_on: date,
        description: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.record_data_source(
                actor, name=name, extracted_on=extracted_on, description=description
            ),
        )

    def record_cause(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        description: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.record_cause(actor, description=description),
        )

    def describe_current_response(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        description: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.describe_current_response(actor, description=description),
        )

    def state_hypothesis(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        hypothesis: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.state_hypothesis(actor, hypothesis=hypothesis),
        )

    def register_baseline(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        measure: Measure,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.register_baseline(actor, measure=measure),
        )

    def complete_analysis(
        self, actor: Actor, problem_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        return self.change(
            Problem, problem_id, expected_version, lambda p: p.complete_analysis(actor)
        )

    # ---------------------------------------------------------------- response

    def plan_action(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        title: str,
        responsible_organisation: Organisation,
        responsible_party: str,
        owner: str,
        start_date: date,
        due_date: date,
        objective: str,
        mechanism: str,
        kind: ActionKind,
        technique: Technique | None = None,
        horizon: TimeHorizon = TimeHorizon.SHORT,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.plan_action(
                actor,
                title=title,
                responsible_organisation=responsible_organisation,
                responsible_party=responsible_party,
                owner=owner,
                start_date=start_date,
                due_date=due_date,
                objective=objective,
                mechanism=mechanism,
                kind=kind,
                technique=technique,
                horizon=horizon,
            ),
        )

    def start_action(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        action_id: UUID,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.start_action(actor, action_id=action_id),
        )

    def complete_action(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        action_id: UUID,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.complete_action(actor, action_id=action_id),
        )

    def cancel_action(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        action_id: UUID,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.cancel_action(actor, action_id=action_id, reason=reason),
        )

    def record_deviation(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        action_id: UUID,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.record_deviation(actor, action_id=action_id, reason=reason),
        )

    def record_effort(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        organisation: Organisation,
        partner: str,
        hours: float,
        cost_sek: float = 0.0,
        action_id: UUID | None = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.record_effort(
                actor,
                organisation=organisation,
                partner=partner,
                hours=hours,
                cost_sek=cost_sek,
                action_id=action_id,
                note=note,
            ),
        )

    def start_assessment(
        self, actor: Actor, problem_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        return self.change(
            Problem, problem_id, expected_version, lambda p: p.start_assessment(actor)
        )

    # ---------------------------------------------------------------- assessment

    def evaluate_process(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        summary: str,
        carried_out_as_planned: bool,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.evaluate_process(
                actor, summary=summary, carried_out_as_planned=carried_out_as_planned
            ),
        )

    def record_follow_up(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        measure: Measure,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.record_follow_up(actor, measure=measure),
        )

    def record_spread(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        kind: SpreadKind,
        dimension: SpreadDimension | None,
        description: str,
        weighted_displacement_quotient: float | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.record_spread(
                actor,
                kind=kind,
                dimension=dimension,
                description=description,
                weighted_displacement_quotient=weighted_displacement_quotient,
            ),
        )

    def judge_outcome(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        outcome: Outcome,
        motivation: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.judge_outcome(actor, outcome=outcome, motivation=motivation),
        )

    def record_lesson(
        self, actor: Actor, problem_id: UUID, *, lesson: str, expected_version: int | None = None
    ) -> CommandResult:
        return self.change(
            Problem, problem_id, expected_version, lambda p: p.record_lesson(actor, lesson=lesson)
        )

    def submit_assessment(
        self, actor: Actor, problem_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        return self.change(
            Problem, problem_id, expected_version, lambda p: p.submit_assessment(actor)
        )

    def approve_assessment(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        comments: str = "",
        minutes_reference: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.approve_assessment(
                actor, comments=comments, minutes_reference=minutes_reference
            ),
        )

    def return_assessment(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        comments: str,
        minutes_reference: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.return_assessment(
                actor, comments=comments, minutes_reference=minutes_reference
            ),
        )

    def close_problem(
        self, actor: Actor, problem_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """The step ``close`` (``Application.close()`` is the library's own, for shutting down)."""
        return self.change(Problem, problem_id, expected_version, lambda p: p.close(actor))

    def reopen(
        self,
        actor: Actor,
        problem_id: UUID,
        *,
        to_stage: Stage,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Problem,
            problem_id,
            expected_version,
            lambda p: p.reopen(actor, to_stage=to_stage, reason=reason),
        )
