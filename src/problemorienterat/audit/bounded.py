"""The chain check on request (``GET /api/v1/audit/verify``), bounded: the whole chain is
recomputed at most once per interval in a process; in between, only the events after the last
verified state (this process's last check, or the newest valid signed checkpoint) are read,
and an unchanged head is answered from the last result.

What an incremental check cannot see: bytes changed before its starting point after that
point was verified. The next full check finds them (at most one interval later); the
command line's ``verify`` always walks the whole chain.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from uuid import UUID

from problemorienterat.audit.verify import ChainState, Verification


@dataclass(frozen=True)
class Walk:
    """One walk of the chain: its verification and the persons and erasure records seen."""

    verification: Verification
    subjects: frozenset[UUID] = frozenset()
    records: frozenset[UUID] = frozenset()


@dataclass
class _Memo:
    next_full_at: float | None = None  # monotonic time; None: no check yet in this process
    state: ChainState | None = None  # the last verified state (intact chains only)
    subjects: set[UUID] = field(default_factory=set)
    records: set[UUID] = field(default_factory=set)
    head_position: int | None = None
    result: Verification | None = None


class BoundedChainCheck:
    """One per process (the application holds it); thread-safe: checks run one at a time,
    so callers arriving during a walk get its result instead of starting another."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._memo = _Memo()

    def check(
        self,
        *,
        head_position: int,
        full_every_seconds: float,
        walk: Callable[[ChainState | None], Walk],
        from_checkpoint: Callable[[], ChainState | Verification | None],
        finish: Callable[[Verification, set[UUID], set[UUID]], Verification],
    ) -> Verification:
        """The chain's verification at ``head_position``.

        ``walk(start)`` recomputes the chain after ``start`` (None: all of it);
        ``from_checkpoint()`` gives the newest valid signed checkpoint's state, or the
        broken verification when the chain no longer holds a signed head; ``finish`` adds
        the erasure check over every person seen so far (on every call: it reads the key
        table, which changes no head).
        """
        with self._lock:
            chain = self._chain(head_position, full_every_seconds, walk, from_checkpoint)
            if chain.break_position is not None:
                return chain
            # Keys deleted outside the application change no head: checked on every call.
            return finish(chain, set(self._memo.subjects), set(self._memo.records))

    def _chain(
        self,
        head_position: int,
        full_every_seconds: float,
        walk: Callable[[ChainState | None], Walk],
        from_checkpoint: Callable[[], ChainState | Verification | None],
    ) -> Verification:
        memo = self._memo
        now = self._clock()
        full_due = memo.next_full_at is not None and now >= memo.next_full_at
        if memo.result is not None and not full_due:
            if memo.head_position == head_position:
                return memo.result  # nothing new since
            if memo.result.break_position is not None:
                return memo.result  # broken stays broken until a full check says otherwise
        start: ChainState | Verification | None = None
        if not full_due and full_every_seconds > 0:
            start = self._best_start(memo, from_checkpoint)
        # (a Verification: a signed head the chain no longer holds)
        walked = Walk(start) if isinstance(start, Verification) else walk(start)
        if start is None:  # a full walk: what it saw replaces what was remembered
            memo.subjects, memo.records = set(), set()
            memo.next_full_at = now + full_every_seconds
        elif memo.next_full_at is None:
            memo.next_full_at = now + full_every_seconds
        memo.subjects |= walked.subjects
        memo.records |= walked.records
        result = walked.verification
        intact = result.break_position is None
        memo.state = (
            ChainState(result.head_position, result.head, result.events) if intact else None
        )
        memo.head_position, memo.result = head_position, result
        return result

    @staticmethod
    def _best_start(
        memo: _Memo, from_checkpoint: Callable[[], ChainState | Verification | None]
    ) -> ChainState | Verification | None:
        checkpoint = from_checkpoint()
        if isinstance(checkpoint, Verification):
            return checkpoint
        if memo.state is None:
            return checkpoint
        if checkpoint is not None and checkpoint.position > memo.state.position:
            return checkpoint
        return memo.state


def broken_at_checkpoint(position: int) -> Verification:
    """The verification of a chain that no longer holds a signed checkpoint's head."""
    return replace(
        Verification(events=0, head_position=0, head=b""),
        break_position=position,
        problem=(
            f"the chain at position {position} differs from the signed checkpoint there: "
            "history before it was rewritten"
        ),
        started_after=position,
    )
