"""Recently used aggregates kept in memory, so a command does not replay its aggregate.

The library's repository does the work: an aggregate found in the cache is brought up to
date with the events stored after its version (one indexed read, so saves by other
processes are seen). Every reader gets an object of its own, so a failed or concurrent
command cannot corrupt the cached one. The copy relies on how the domain keeps state: an
aggregate's attributes hold immutable values (text, numbers, ids, dates, enums, frozen
dataclasses, tuples) or lists, dicts and sets *of* immutable values, and an event changes
the containers (append, set an item to a new frozen value), never an item inside one. So a
copy needs only a new object with a new list, dict or set per container attribute, far
cheaper than a pickle round trip or ``deepcopy``. ``tests/unit/test_aggregate_state.py``
checks the rule on every aggregate of the demo municipality.

The application puts each aggregate back after it saves it. An entry expires once it is
older than the time another process may still open a person's data after an erasure
(:data:`.personal_data_vault.KEY_CACHE_SECONDS`), so caching aggregates does not lengthen
that window; an erasure in this process clears the cache.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import LRUCache

from problemorienterat.infrastructure.library_compat import empty_lru_cache

DEFAULT_SIZE = 2000

T = TypeVar("T")
_CONTAINERS = (list, dict, set)


def copy_aggregate(aggregate: T) -> T:
    """An aggregate of its own: a new object with a new list, dict or set for each container
    attribute, sharing the immutable values (see the module's description)."""
    clone = object.__new__(type(aggregate))
    state = clone.__dict__
    for name, value in aggregate.__dict__.items():
        state[name] = value.copy() if type(value) in _CONTAINERS else value
    return clone


class ExpiringCache(LRUCache[UUID, Any]):
    """An LRU cache of aggregates whose entries expire ``max_age`` seconds after they were
    put; ``put`` keeps a copy and ``get`` gives a new copy each time."""

    def __init__(
        self, maxsize: int, max_age: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(maxsize=maxsize)
        self.max_age = max_age
        self._clock = clock

    def clear(self) -> None:
        """Forget every entry (the library's ``clear`` only resets the recency list)."""
        empty_lru_cache(self)

    def get(self, key: UUID, *, evict: bool = False) -> Any:
        kept, put_at = super().get(key, evict=evict)
        if not evict and self._clock() - put_at >= self.max_age:
            with contextlib.suppress(KeyError):
                super().get(key, evict=True)
            raise KeyError(key)
        return copy_aggregate(kept)

    def peek(self, key: UUID) -> Any:
        """The cached aggregate itself, not a copy, to read one value from: never change it
        or hand it on. KeyError if it is not here (or too old)."""
        kept, put_at = super().get(key)
        if self._clock() - put_at >= self.max_age:
            raise KeyError(key)
        return kept

    def put(self, key: UUID, value: Any) -> Any:
        if value is None:
            return None
        return super().put(key, (copy_aggregate(value), self._clock()))
