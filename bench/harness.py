"""What every benchmark module shares: results, statistics and the interleaved runner.

A benchmark module (``bench/core.py`` and later ones) exposes ``BENCHMARKS``, a tuple of
:class:`Benchmark`. Each benchmark's ``run(ctx)`` gets a :class:`Context` (the store to use,
the scale, a progress callback) and returns a :class:`Result`: variants with their samples,
and the ratios between variants that the report computes from those samples.

Variants being compared are measured with :func:`interleave`: round after round, each
variant takes one sample, the order alternating (AB, BA, AB, ...) so that machine noise and
any drift (a growing table, a warming cache) hit every variant alike. Samples of one round sit
at the same index in every variant, so per-round (paired) ratios can be reported too.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.stores import Store


@dataclass(frozen=True)
class Summary:
    """Median and spread of a set of samples."""

    n: int
    median: float
    p10: float
    p90: float
    min: float
    max: float
    q1: float
    q3: float
    iqr: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Summary:
        if not samples:
            raise ValueError("no samples")
        values = sorted(samples)
        if len(values) == 1:
            v = values[0]
            return cls(1, v, v, v, v, v, v, v, 0.0)
        deciles = statistics.quantiles(values, n=10, method="inclusive")
        quartiles = statistics.quantiles(values, n=4, method="inclusive")
        return cls(
            n=len(values),
            median=statistics.median(values),
            p10=deciles[0],
            p90=deciles[-1],
            min=values[0],
            max=values[-1],
            q1=quartiles[0],
            q3=quartiles[2],
            iqr=quartiles[2] - quartiles[0],
        )

    def to_json(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "median": self.median,
            "p10": self.p10,
            "p90": self.p90,
            "min": self.min,
            "max": self.max,
            "q1": self.q1,
            "q3": self.q3,
            "iqr": self.iqr,
        }


@dataclass
class Variant:
    """One of the things compared, e.g. "application service" or "raw save()"."""

    key: str
    label: str
    description: str
    unit: str
    higher_is_better: bool
    samples: list[float] = field(default_factory=list)

    def summary(self) -> Summary:
        return Summary.of(self.samples)


@dataclass(frozen=True)
class Ratio:
    """``numerator / denominator`` of two variants measured side by side in one run."""

    key: str
    label: str
    numerator: str
    denominator: str
    description: str = ""


@dataclass
class Result:
    """What one benchmark measured on one store."""

    benchmark: str
    title: str
    store: str
    method: str
    variants: list[Variant]
    ratios: list[Ratio]
    params: dict[str, Any] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0

    def variant(self, key: str) -> Variant:
        for v in self.variants:
            if v.key == key:
                return v
        raise KeyError(key)

    def ratio_values(self, ratio: Ratio) -> dict[str, Any]:
        """The ratio of the medians, and the summary of the per-round (paired) ratios."""
        num = self.variant(ratio.numerator)
        den = self.variant(ratio.denominator)
        paired = [a / b for a, b in zip(num.samples, den.samples, strict=True) if b]
        return {
            "of_medians": num.summary().median / den.summary().median,
            "per_round": Summary.of(paired).to_json() if paired else None,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "title": self.title,
            "store": self.store,
            "method": self.method,
            "params": self.params,
            "elapsed_s": self.elapsed_s,
            "variants": [
                {
                    "key": v.key,
                    "label": v.label,
                    "description": v.description,
                    "unit": v.unit,
                    "higher_is_better": v.higher_is_better,
                    "summary": v.summary().to_json(),
                    "samples": v.samples,
                }
                for v in self.variants
            ],
            "ratios": [
                {
                    "key": r.key,
                    "label": r.label,
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "description": r.description,
                    **self.ratio_values(r),
                }
                for r in self.ratios
            ],
            "checks": self.checks,
            "notes": self.notes,
        }


@dataclass
class Context:
    """What a benchmark gets to run with."""

    store: Store
    quick: bool
    advance: Callable[[int], None] = lambda _n: None
    status: Callable[[str], None] = lambda _text: None


@dataclass(frozen=True)
class Benchmark:
    """A registered benchmark: ``steps(quick)`` is its number of progress steps (rounds)."""

    key: str
    title: str
    run: Callable[[Context], Result]
    steps: Callable[[bool], int]
    stores: tuple[str, ...] = ("sqlite", "postgres")


def interleave(
    rounds: int,
    variants: Sequence[tuple[Variant, Callable[[], float]]],
    *,
    warmup: int = 1,
    advance: Callable[[int], None] = lambda _n: None,
) -> None:
    """Take ``rounds`` samples of every variant, alternating the order each round.

    ``warmup`` leading rounds are run the same way and discarded. Each sample callable does
    its own untimed preparation and returns the measured value; a garbage collection runs
    before each sample so one variant's garbage is not collected on the other's clock.
    """
    for r in range(warmup + rounds):
        order = list(variants) if r % 2 == 0 else list(reversed(variants))
        for variant, sample in order:
            gc.collect()
            value = sample()
            if r >= warmup:
                variant.samples.append(value)
        advance(1)


def stopwatch() -> Callable[[], float]:
    """Start a clock (``time.perf_counter``); calling the result gives seconds since."""
    start = time.perf_counter()
    return lambda: time.perf_counter() - start


def rounds_of(params: Callable[[bool], dict[str, int]]) -> Callable[[bool], int]:
    """A benchmark's progress steps: its measured plus warm-up rounds (quick or full)."""

    def steps(quick: bool) -> int:
        p = params(quick)
        return p["rounds"] + p["warmup_rounds"]

    return steps
