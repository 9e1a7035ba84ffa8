"""How an aggregate declares its commands once: each command's SARA stage, the roles that
may send it, and the rule checks that say whether it can be taken now.

A command method is declared with :meth:`Steps.command`; the declaration runs the checks
before the method body, so the rule that refuses a command and the rule that says whether
it is offered are the same code.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Concatenate, Generic, ParamSpec, TypeVar

from problemorienterat.domain.actor import Role
from problemorienterat.domain.errors import RuleViolation
from problemorienterat.domain.sara import Stage

A = TypeVar("A")
P = ParamSpec("P")
R = TypeVar("R")

WRITERS = frozenset({Role.MEMBER, Role.BRA})
"""Members of the problem's working group and lokala BRÅ."""
BRA_ONLY = frozenset({Role.BRA})
"""Lokala BRÅ alone (reviewing an assessment)."""


@dataclass(frozen=True)
class Step(Generic[A]):
    """One command as declared.

    ``gate`` raises when the command does not belong to the aggregate's present state (wrong
    stage, closed, under review); ``ready`` raises when it belongs there but the work before
    it is not done yet (CHEERS unanswered, analysis incomplete). ``gate`` is None for the
    command that creates the aggregate.
    """

    command: str
    stage: Stage
    roles: frozenset[Role]
    gate: Callable[[A], None] | None
    ready: Callable[[A], None] | None = None

    def belongs_now(self, aggregate: A) -> bool:
        """The gate passes: the command fits the present state (its work may be missing)."""
        return self.gate is not None and _passes(self.gate, aggregate)

    def can_be_taken(self, aggregate: A) -> bool:
        """Gate and readiness both pass."""
        return self.belongs_now(aggregate) and (
            self.ready is None or _passes(self.ready, aggregate)
        )


def _passes(check: Callable[[A], None], aggregate: A) -> bool:
    try:
        check(aggregate)
    except RuleViolation:
        return False
    return True


class Steps(Mapping[str, Step[A]]):
    """The declared commands of one aggregate class, by method name, in declaration order."""

    def __init__(self) -> None:
        self._steps: dict[str, Step[A]] = {}

    def __getitem__(self, command: str) -> Step[A]:
        return self._steps[command]

    def __iter__(self) -> Iterator[str]:
        return iter(self._steps)

    def __len__(self) -> int:
        return len(self._steps)

    def creation(self, command: str, stage: Stage, roles: frozenset[Role]) -> None:
        """Declare the command that creates the aggregate (a class method, never offered)."""
        self._steps[command] = Step(command, stage, roles, None)

    def command(
        self,
        stage: Stage,
        roles: frozenset[Role],
        gate: Callable[[A], None],
        ready: Callable[[A], None] | None = None,
    ) -> Callable[[Callable[Concatenate[A, P], R]], Callable[Concatenate[A, P], R]]:
        """Declare the decorated method as a command: ``gate`` then ``ready`` run first."""

        def declare(method: Callable[Concatenate[A, P], R]) -> Callable[Concatenate[A, P], R]:
            self._steps[method.__name__] = Step(method.__name__, stage, roles, gate, ready)

            @functools.wraps(method)
            def checked(aggregate: A, /, *args: P.args, **kwargs: P.kwargs) -> R:
                gate(aggregate)
                if ready is not None:
                    ready(aggregate)
                return method(aggregate, *args, **kwargs)

            return checked

        return declare
