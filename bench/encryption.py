"""What encryption at rest costs: command rate and rebuild rate, encryption on versus off.

Variants, each on a store of its own (an encrypted store cannot be opened unencrypted):

- ``off``: ``PROBLEMORIENTERAT_ENCRYPTION=off``, plain JSON as version 0.1 stored it;
- ``on``: the product's default, :class:`SealingMapper`: AES-256-GCM (the ``cryptography``
  package) with the row's originator id, version and topic as associated data, DEFLATE first
  for states from 512 bytes;
- ``lib_cryptography`` / ``lib_pycryptodome``: for comparison, the library's own mapper with
  ``ZlibCompressor`` and its ``cryptography``- or ``pycryptodome``-based ``AESCipher`` (no
  binding to the row). Skipped with a note if the package is missing.

1. ``encryption_command_rate``: ``app.record_finding(...)`` through the application service
   (load, check, act, save), as in ``use_case_vs_raw_save``.
2. ``encryption_rebuild_rate``: what a projection rebuild or an export does: read every
   notification of a store with thousands of events and decode each to a domain event.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from uuid import UUID

from eventsourcing.persistence import Mapper

from bench.core import (
    ACTOR,
    EVENTS_AT_ANALYSIS,
    NO_CACHE,
    _library_env,
    build_problem,
    prepare_municipality,
    problem_in_analysis,
)
from bench.harness import (
    Benchmark,
    Context,
    Ratio,
    Result,
    Variant,
    interleave,
    rounds_of,
    stopwatch,
)
from problemorienterat.application.app import ProblemorienteratApp
from problemorienterat.domain.sara import TriangleSide
from problemorienterat.infrastructure.sealing import MasterKey

BENCH_KEY = MasterKey.generate().to_text()


class LibraryMapperApp(ProblemorienteratApp):
    """The app with the library's own mapper (cipher and compressor from CIPHER_TOPIC,
    CIPHER_KEY and COMPRESSOR_TOPIC): the baseline the product's mapper replaces."""

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder())


VARIANTS: dict[str, tuple[str, str, dict[str, str], type[ProblemorienteratApp]]] = {
    "off": (
        "encryption off",
        "plain JSON, no compression",
        {"ENCRYPTION": "off"},
        ProblemorienteratApp,
    ),
    "on": (
        "encryption on (product)",
        "SealingMapper: AES-256-GCM (cryptography) with AAD = originator id, version, topic; "
        "DEFLATE for states from 512 bytes (snapshots), not for the typical small event",
        {"ENCRYPTION_KEY": BENCH_KEY},
        ProblemorienteratApp,
    ),
    "lib_cryptography": (
        "library cipher (cryptography)",
        "library Mapper: ZlibCompressor + eventsourcing.cryptography:AESCipher, no AAD",
        {
            "ENCRYPTION": "off",
            "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
            "CIPHER_KEY": BENCH_KEY,
            "COMPRESSOR_TOPIC": "eventsourcing.compressor:ZlibCompressor",
        },
        LibraryMapperApp,
    ),
    "lib_pycryptodome": (
        "library cipher (pycryptodome)",
        "library Mapper: ZlibCompressor + eventsourcing.cipher:AESCipher, no AAD",
        {
            "ENCRYPTION": "off",
            "CIPHER_TOPIC": "eventsourcing.cipher:AESCipher",
            "CIPHER_KEY": BENCH_KEY,
            "COMPRESSOR_TOPIC": "eventsourcing.compressor:ZlibCompressor",
        },
        LibraryMapperApp,
    ),
}
_NEEDS = {"lib_cryptography": "cryptography", "lib_pycryptodome": "Crypto"}


def _available() -> tuple[list[str], list[str]]:
    keys, notes = [], []
    for key in VARIANTS:
        module = _NEEDS.get(key)
        if module and importlib.util.find_spec(module) is None:
            notes.append(f"variant {key} skipped: the package providing {module} is not installed")
            continue
        keys.append(key)
    return keys, notes


def _open(ctx: Context, bench_key: str, variant: str) -> ProblemorienteratApp:
    _label, _desc, settings, cls = VARIANTS[variant]
    env = ctx.store.env_for(f"{bench_key}_{variant}")
    env = {k: v for k, v in env.items() if not k.startswith("PROBLEMORIENTERAT_ENCRYPTION")}
    full = {
        f"PROBLEMORIENTERAT_{k}" if k.startswith("ENCRYPTION") else k: v
        for k, v in settings.items()
    }
    return cls(env=_library_env(env, AGGREGATE_CACHE_MAXSIZE="", **full) | NO_CACHE)


def _variant(key: str, unit: str) -> Variant:
    label, description, _settings, _cls = VARIANTS[key]
    return Variant(key, label, description, unit, higher_is_better=True)


def _ratios(keys: list[str]) -> list[Ratio]:
    return [
        Ratio(f"{k}_over_off", f"{VARIANTS[k][0]} / off", k, "off", "share of the unencrypted rate")
        for k in keys
        if k != "off"
    ]


# --------------------------------------------------------------------- 1. command rate


def _command_params(quick: bool) -> dict[str, int]:
    if quick:
        return {"rounds": 3, "warmup_rounds": 1, "problems_per_sample": 1, "ops_per_problem": 5}
    return {"rounds": 20, "warmup_rounds": 1, "problems_per_sample": 2, "ops_per_problem": 20}


def command_rate(ctx: Context) -> Result:
    params = _command_params(ctx.quick)
    problems, ops = params["problems_per_sample"], params["ops_per_problem"]
    keys, notes = _available()
    apps = {k: _open(ctx, "enc_cmd", k) for k in keys}
    variants = {k: _variant(k, "ops/s") for k in keys}
    checks: list[str] = []
    try:
        groups = {k: prepare_municipality(a) for k, a in apps.items()}

        def sampler(key: str) -> Callable[[], float]:
            app, group_id = apps[key], groups[key]

            def sample() -> float:
                ids = [problem_in_analysis(app, group_id) for _ in range(problems)]
                elapsed = stopwatch()
                for pid in ids:
                    for i in range(ops):
                        app.record_finding(
                            ACTOR, pid, side=TriangleSide.PLACE, description=f"Iakttagelse {i}"
                        )
                seconds = elapsed()
                if app.repository.get(ids[-1]).version != EVENTS_AT_ANALYSIS + ops:
                    raise AssertionError("a problem is not at the expected version")
                return problems * ops / seconds

            return sample

        ctx.status("measuring command rate (variants interleaved)")
        interleave(
            params["rounds"],
            [(variants[k], sampler(k)) for k in keys],
            warmup=params["warmup_rounds"],
            advance=ctx.advance,
        )
        checks.extend(_stored_form_checks(apps))
    finally:
        for app in apps.values():
            app.close()
    method = (
        f"Each sample times {problems * ops} `app.record_finding(...)` use cases ({ops} on each "
        f"of {problems} fresh problem(s) in the analysis stage): load by replaying 8-"
        f"{EVENTS_AT_ANALYSIS + ops - 1} events (each decrypted when encrypted), check, save one "
        "event (encrypted). One store per variant; per round one sample of each, order "
        "alternating."
    )
    return Result(
        benchmark="encryption_command_rate",
        title="Command rate: encryption and compression on vs off",
        store=ctx.store.name,
        method=method,
        variants=[variants[k] for k in keys],
        ratios=_ratios(keys),
        params=params,
        checks=checks,
        notes=notes,
    )


def _is_json_object(state: bytes) -> bool:
    try:
        return isinstance(json.loads(state), dict)
    except ValueError:  # UnicodeDecodeError too
        return False


def _stored_form_checks(apps: dict[str, ProblemorienteratApp]) -> list[str]:
    checks = []
    for key, app in apps.items():
        first = app.recorder.select_notifications(1, 1)[0]
        # Plain if it parses as a JSON object: a sealed state starting with "{" is chance
        # (the library's cipher puts a random nonce first; 1 in 256 runs did).
        plain = _is_json_object(first.state)
        if plain != (key == "off"):
            raise AssertionError(f"variant {key} stored {'plain' if plain else 'sealed'} state")
        checks.append(f"{key}: stored state is {'plain JSON' if plain else 'not plain JSON'}")
    return checks


# --------------------------------------------------------------------- 2. rebuild rate


def _rebuild_params(quick: bool) -> dict[str, int]:
    if quick:
        return {"rounds": 3, "warmup_rounds": 1, "problems": 1, "events_per_problem": 200}
    return {"rounds": 15, "warmup_rounds": 1, "problems": 4, "events_per_problem": 1000}


def rebuild_rate(ctx: Context) -> Result:
    params = _rebuild_params(ctx.quick)
    keys, notes = _available()
    apps = {k: _open(ctx, "enc_rebuild", k) for k in keys}
    variants = {k: _variant(k, "events/s") for k in keys}
    checks: list[str] = []
    try:
        totals: dict[str, int] = {}
        for key, app in apps.items():
            ctx.status(f"building {params['problems']} problems ({key})")
            group_id = prepare_municipality(app)
            for _ in range(params["problems"]):
                build_problem(app, group_id, params["events_per_problem"])
            totals[key] = app.recorder.max_notification_id() or 0
        if len(set(totals.values())) != 1:
            raise AssertionError(f"the stores hold different numbers of events: {totals}")
        checks.append(f"every store holds the same {next(iter(totals.values()))} events")
        checks.extend(_stored_form_checks(apps))

        def sampler(key: str) -> Callable[[], float]:
            app = apps[key]

            def sample() -> float:
                count = 0
                start = 1
                elapsed = stopwatch()
                while True:
                    page = app.recorder.select_notifications(start, 500)
                    for notification in page:
                        app.mapper.to_domain_event(notification)
                    count += len(page)
                    if len(page) < 500:
                        break
                    start = page[-1].id + 1
                seconds = elapsed()
                if count != totals[key]:
                    raise AssertionError("not every event was read")
                return count / seconds

            return sample

        ctx.status("measuring rebuild rate (variants interleaved)")
        interleave(
            params["rounds"],
            [(variants[k], sampler(k)) for k in keys],
            warmup=params["warmup_rounds"],
            advance=ctx.advance,
        )
    finally:
        for app in apps.values():
            app.close()
    method = (
        "Each sample reads the whole notification log (pages of 500 via "
        "`recorder.select_notifications`) and decodes every event with `app.mapper` "
        "(decrypt, decompress, JSON, upcast), as a projection rebuild or an export does. "
        f"Each store holds {params['problems']} problem(s) of {params['events_per_problem']} "
        "events plus set-up events. One store per variant; per round one sample of each, "
        "order alternating."
    )
    return Result(
        benchmark="encryption_rebuild_rate",
        title="Rebuild rate (read + decode every event): encryption and compression on vs off",
        store=ctx.store.name,
        method=method,
        variants=[variants[k] for k in keys],
        ratios=_ratios(keys),
        params=params,
        checks=checks,
        notes=notes,
    )


BENCHMARKS = (
    Benchmark(
        key="encryption_command_rate",
        title="Command rate: encryption on vs off",
        run=command_rate,
        steps=rounds_of(_command_params),
    ),
    Benchmark(
        key="encryption_rebuild_rate",
        title="Rebuild rate: encryption on vs off",
        run=rebuild_rate,
        steps=rounds_of(_rebuild_params),
    ),
)
