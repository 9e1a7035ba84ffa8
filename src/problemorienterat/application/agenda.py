"""The agenda proposed for a meeting of lokala BRÅ: what waits for the BRÅ at a moment.

- each uppföljning submitted and awaiting review (to decide: approve or return);
- the year's lägesbild and medborgarlöfte, drawn up but not adopted (to decide);
- for information: actions past their due date, and open problems standing still (no
  recorded step for ``stale_days``).

:func:`propose_agenda` works on aggregates as they were at the moment (now, or any past
date read from the event store through :mod:`problemorienterat.application.as_of`), so the
agenda the BRÅ saw on a past date can be produced again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from problemorienterat.domain.citizen_promise import CitizenPromise
from problemorienterat.domain.meeting import AgendaItem, AgendaKind
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ReviewStatus, Stage
from problemorienterat.domain.situation_picture import SituationPicture
from problemorienterat.domain.swedish_day import swedish_today

DEFAULT_STALE_DAYS = 60
LISTED = 10  # problems named in an information item's detail


@dataclass(frozen=True)
class ProposedItem:
    """A point proposed for the agenda; ``key`` tells it apart from the others."""

    kind: AgendaKind
    title: str
    subject_id: UUID | None = None
    detail: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.subject_id or ''}"

    @property
    def for_information(self) -> bool:
        return AgendaItem(UUID(int=0), self.title, self.kind).for_information

    def is_on(self, agenda: Sequence[AgendaItem]) -> bool:
        """Whether the agenda already holds this point (the same matter, or the same
        information item)."""
        return any(i.kind is self.kind and i.subject_id == self.subject_id for i in agenda)


@dataclass(frozen=True)
class AgendaInputs:
    """What the proposal is drawn from, as it was at ``at``."""

    at: datetime
    problems: Sequence[Problem]
    situation_picture: SituationPicture | None
    citizen_promise: CitizenPromise | None


def propose_agenda(
    inputs: AgendaInputs, *, stale_days: int = DEFAULT_STALE_DAYS
) -> list[ProposedItem]:
    """The points that wait for lokala BRÅ at ``inputs.at``: decisions first (oldest
    submitted assessment first, then the lägesbild and the medborgarlöfte), then the items
    for information."""
    today = swedish_today(inputs.at)
    items: list[ProposedItem] = []
    awaiting = sorted(
        (
            p
            for p in inputs.problems
            if p.stage is Stage.ASSESSMENT and p.review_status is ReviewStatus.SUBMITTED
        ),
        key=lambda p: (p.submitted_at or p.modified_on, p.reference),
    )
    items.extend(
        ProposedItem(
            AgendaKind.ASSESSMENT,
            f"Granskning av uppföljning: {p.reference} {p.title}",
            p.id,
            _submitted(p),
        )
        for p in awaiting
    )
    picture = inputs.situation_picture
    if picture is not None and not picture.is_adopted:
        items.append(
            ProposedItem(
                AgendaKind.SITUATION_PICTURE,
                f"Fastställande av strategisk lägesbild {picture.year}",
                picture.id,
            )
        )
    promise = inputs.citizen_promise
    if promise is not None and not promise.is_adopted:
        items.append(
            ProposedItem(
                AgendaKind.CITIZEN_PROMISE,
                f"Antagande av medborgarlöfte {promise.year}",
                promise.id,
                f"{len(promise.focus_areas)} fokusområden.",
            )
        )
    overdue = _overdue(inputs.problems, today)
    if overdue:
        count = sum(n for _, n in overdue)
        items.append(
            ProposedItem(
                AgendaKind.OVERDUE_ACTIONS,
                f"För information: {count} försenade åtgärder",
                None,
                _listing([f"{p.reference} ({n})" for p, n in overdue]),
            )
        )
    still = _standing_still(inputs.problems, inputs.at, stale_days)
    if still:
        items.append(
            ProposedItem(
                AgendaKind.STANDING_STILL,
                f"För information: {len(still)} ärenden utan nya steg på {stale_days} dagar",
                None,
                _listing([p.reference for p in still]),
            )
        )
    return items


def _submitted(problem: Problem) -> str:
    if problem.submitted_at is None:
        return ""
    return f"Inlämnad {problem.submitted_at.date().isoformat()}."


def _overdue(problems: Sequence[Problem], today: date) -> list[tuple[Problem, int]]:
    found = []
    for problem in problems:
        if not problem.is_open:
            continue
        late = sum(1 for a in problem.actions.values() if a.is_open and a.due_date < today)
        if late:
            found.append((problem, late))
    return sorted(found, key=lambda pair: pair[0].reference)


def _standing_still(problems: Sequence[Problem], at: datetime, stale_days: int) -> list[Problem]:
    cut_off = at - timedelta(days=stale_days)
    return sorted(
        (p for p in problems if p.is_open and p.modified_on < cut_off),
        key=lambda p: p.modified_on,
    )


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(names[:LISTED])
    more = len(names) - LISTED
    return f"{shown} och {more} till." if more > 0 else f"{shown}."
