"""What one user's digest of one day holds, read from the views: what the user would see on
their groups' boards and lokala BRÅ's overview.

- **Actions** of the working groups the user is a member of, open, due within ``days`` days
  or overdue. An action's owner is free text (a name or a function, not a user of the
  tracker), so the group is who is reminded: every member gets their groups' actions.
- **Returned assessments** of those groups: lokala BRÅ sent them back with comments.
- **Assessments awaiting review**, to lokala BRÅ (role ``bra``) of each of their
  municipalities.

Each list is the view's most pressing ``LIST_LIMIT`` items (the views read at most 200); a
digest says how many more there are where it knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Role
from problemorienterat.domain.user import User
from projections import ProjectionService
from projections.views.board import GroupBoard

LIST_LIMIT = 200  # the most the views give per list


@dataclass(frozen=True)
class DueAction:
    reference: str
    title: str
    group_name: str
    due_date: date
    overdue: bool


@dataclass(frozen=True)
class ReturnedAssessment:
    reference: str
    title: str
    group_name: str
    comments: str | None


@dataclass(frozen=True)
class ReviewWaiting:
    reference: str
    title: str
    group_name: str | None
    submitted_at: datetime


@dataclass(frozen=True)
class Digest:
    """One user's reminders of ``day`` (``email``: where they go; personal data)."""

    user_id: UUID
    name: str
    email: str
    municipality: str
    day: date
    days: int
    overdue: tuple[DueAction, ...]
    due_soon: tuple[DueAction, ...]
    returned: tuple[ReturnedAssessment, ...]
    awaiting_review: tuple[ReviewWaiting, ...]

    @property
    def items(self) -> int:
        return (
            len(self.overdue) + len(self.due_soon) + len(self.returned) + len(self.awaiting_review)
        )

    @property
    def is_empty(self) -> bool:
        return self.items == 0


class DigestSource:
    """Builds digests for one run, reading each group's board and each municipality's
    overview once however many users share it."""

    def __init__(
        self, application: ProblemorienteratApp, views: ProjectionService, *, day: date, days: int
    ) -> None:
        self.application = application
        self.views = views
        self.day = day
        self.days = days
        self._boards: dict[tuple[str, UUID], GroupBoard | None] = {}
        self._reviews: dict[str, tuple[ReviewWaiting, ...]] = {}

    def digest(self, user: User) -> Digest:
        """``user``'s digest (it may be empty)."""
        last_day = self.day + timedelta(days=self.days)
        overdue: list[DueAction] = []
        due_soon: list[DueAction] = []
        returned: list[ReturnedAssessment] = []
        for group in self.application.groups_of(user.user_id):
            if group.municipality not in user.municipalities:
                continue
            board = self._board(group.municipality, group.id)
            if board is None:
                continue
            for action in board.next_actions:
                if action.due_date > last_day:
                    break  # due first: the rest fall due later
                overdue_now = action.due_date < self.day
                item = DueAction(
                    action.reference, action.title, board.group_name, action.due_date, overdue_now
                )
                (overdue if overdue_now else due_soon).append(item)
            returned.extend(
                ReturnedAssessment(w.reference, w.title, board.group_name, w.comments)
                for w in board.waiting
                if w.kind == "assessment_returned"
            )
        awaiting: list[ReviewWaiting] = []
        if user.role is Role.BRA:
            for code in sorted(user.municipalities):
                awaiting.extend(self._awaiting_review(code))
        return Digest(
            user_id=user.id,
            name=user.name,
            email=user.email.text if user.email is not None and user.email.text else "",
            municipality=user.municipality,
            day=self.day,
            days=self.days,
            overdue=tuple(overdue),
            due_soon=tuple(due_soon),
            returned=tuple(returned),
            awaiting_review=tuple(awaiting),
        )

    def _board(self, municipality: str, group_id: UUID) -> GroupBoard | None:
        key = (municipality, group_id)
        if key not in self._boards:
            self._boards[key] = self.views.group_board(
                municipality, group_id, today=self.day, list_limit=LIST_LIMIT
            )
        return self._boards[key]

    def _awaiting_review(self, municipality: str) -> tuple[ReviewWaiting, ...]:
        if municipality not in self._reviews:
            overview = self.views.bra_overview(
                municipality,
                now=datetime.combine(self.day, time(12), tzinfo=UTC),
                list_limit=LIST_LIMIT,
            )
            self._reviews[municipality] = tuple(
                ReviewWaiting(a.reference, a.title, a.group_name, a.submitted_at)
                for a in overview.awaiting_review
            )
        return self._reviews[municipality]


def build_digest(
    application: ProblemorienteratApp,
    views: ProjectionService,
    user: User,
    *,
    day: date,
    days: int,
) -> Digest:
    """One user's digest of ``day`` (actions due within ``days`` days)."""
    return DigestSource(application, views, day=day, days=days).digest(user)
