"""An experiment's analysis over millions of events in PostgreSQL, against a bare GROUP BY.

analysis  the AnalyzeExperiment use case through the message bus on the SQL unit of work:
          the per-arm aggregation in SQL over the per-unit rollup that ingestion keeps
          (exposed units, converted units, sums for the continuous and CUPED statistics:
          SqlExperimentMetricsReader over experiment_units), then the statistics
          (SRM gate, mSPRT, z-test, beta-binomial, Benjamini-Hochberg) and the stopping rule
          (reported, not applied, so every run sees the same experiment).
bare      ``SELECT arm, count(*) FROM experiment_observations WHERE experiment_id = $1
          GROUP BY arm`` on a plain asyncpg connection: the least any per-arm answer costs.

Both read the same experiment in a throwaway database: --events events (80 % exposures, two
per unit, 20 % conversions) loaded server-side with INSERT ... SELECT generate_series, the
per-unit rollup ingestion would have kept computed from them in one INSERT ... SELECT, the
indexes built after the load, then VACUUM ANALYZE. ``bare_units`` (the bare count over the
rollup's rows) is printed for reference. Timed runs alternate bare/analysis and the
median of each is taken. Goals: analysis/bare <= 1.5; the peak RSS of the process during the
analyses (VmHWM, reset through /proc/self/clear_refs before them) under 300 MB. Also printed:
the assignment hashing throughput (units per second, one core).

    .venv/bin/python bench/experiment_analysis.py            # 10M events (a few minutes)
    .venv/bin/python bench/experiment_analysis.py --quick    # 200k events (seconds)

Needs PostgreSQL on 127.0.0.1:5432 (UMT_BENCH_PG=host:port). Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from _services import sql_services
from _support import PG_HOST, machine, peak_rss_kib, reset_peak_rss, throwaway_database

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.experiments.tables import METRIC_SLOTS
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.context_module import handlers_of
from umt.application.experiments.analyze_experiment import AnalyzeExperiment, ExperimentAnalysis
from umt.application.experiments.module import MODULE as EXPERIMENTS
from umt.application.experiments.power import required_sample_size
from umt.application.principal import Principal
from umt.domain.experiments.assignment import assign
from umt.domain.experiments.design import Arm, Metric, MetricKind, MinimumDetectableEffect
from umt.domain.experiments.experiment import Experiment
from umt.domain.identity.permissions import Role

RATIO_GOAL = 1.5
RSS_GOAL_MIB = 300
METRIC = "signups"
BARE = "SELECT arm, count(*) FROM experiment_observations WHERE experiment_id = $1 GROUP BY arm"
# for reference: the same bare count over the rollup's rows, which the analysis reads
BARE_UNITS = "SELECT arm, count(*) FROM experiment_units WHERE experiment_id = $1 GROUP BY arm"
_EXPOSURES = """
INSERT INTO experiment_observations
    (experiment_id, event_id, organization_id, unit_id, arm, kind, metric, value, covariate,
     occurred_at)
SELECT $1::uuid, 'x' || i, $2::uuid, 'u' || (i % $4::int),
       CASE WHEN (i % $4::int) % 2 = 0 THEN 'control' ELSE 'variant' END,
       'exposure', NULL, 1.0, NULL, now()
FROM generate_series(1, $3::int) AS i
"""
# conversions of distinct exposed units; the variant's units convert a little more often
_CONVERSIONS = """
INSERT INTO experiment_observations
    (experiment_id, event_id, organization_id, unit_id, arm, kind, metric, value, covariate,
     occurred_at)
SELECT $1::uuid, 'c' || j, $2::uuid, 'u' || u,
       CASE WHEN u % 2 = 0 THEN 'control' ELSE 'variant' END,
       'conversion', $5, 1.0, NULL, now()
FROM generate_series(1, $3::int) AS j, LATERAL (SELECT (j * 7) % $4::int AS u) AS x
WHERE u % 2 = 1 OR j % 10 <> 0
"""
_DROP_INDEXES = """
ALTER TABLE experiment_observations DROP CONSTRAINT pk_experiment_observations;
ALTER TABLE experiment_units DROP CONSTRAINT pk_experiment_units;
"""
# What ingestion keeps up to date batch by batch, computed here in one statement (the
# primary metric in slot 0; no guardrails, so the other slots stay zero)
_ROLLUP = f"""
INSERT INTO experiment_units
    (experiment_id, arm, unit_id, organization_id, exposed, covariate,
     {", ".join(f"c{i}" for i in range(METRIC_SLOTS))},
     {", ".join(f"y{i}" for i in range(METRIC_SLOTS))})
SELECT experiment_id, arm, unit_id, min(organization_id::text)::uuid,
       max(CASE WHEN kind = 'exposure' THEN 1 ELSE 0 END),
       max(covariate) FILTER (WHERE kind = 'exposure'),
       count(*) FILTER (WHERE kind = 'conversion' AND metric = $1),
       {", ".join("0" for _ in range(1, METRIC_SLOTS))},
       coalesce(sum(value) FILTER (WHERE kind = 'conversion' AND metric = $1), 0),
       {", ".join("0" for _ in range(1, METRIC_SLOTS))}
FROM experiment_observations
GROUP BY experiment_id, arm, unit_id
"""  # noqa: S608  # constant column lists
_CREATE_INDEXES = """
ALTER TABLE experiment_observations
    ADD CONSTRAINT pk_experiment_observations PRIMARY KEY (experiment_id, event_id);
ALTER TABLE experiment_units
    ADD CONSTRAINT pk_experiment_units PRIMARY KEY (experiment_id, arm, unit_id);
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer events and rounds")
    parser.add_argument("--events", type=int, default=10_000_000, help="events to load")
    parser.add_argument("--rounds", type=int, default=3, help="bare/analysis run pairs")
    parser.add_argument("--hashes", type=int, default=1_000_000, help="units to assign")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    if args.quick:  # shorter defaults; options given explicitly still win
        for name, value in {"events": 200_000, "rounds": 2, "hashes": 100_000}.items():
            if f"--{name}" not in sys.argv:
                setattr(args, name, value)
    return args


def experiment(organization_id: uuid.UUID) -> Experiment:
    metric = Metric(name=METRIC, kind=MetricKind.CONVERSION)
    mde = MinimumDetectableEffect(value=0.05, baseline=0.2)
    made = Experiment.create(
        id=uuid.uuid4(),
        organization_id=organization_id,
        brand_id=uuid.uuid4(),
        name="Bench",
        primary_metric=metric,
        arms=(
            Arm(name="control", content_id=uuid.uuid4(), content_version=1),
            Arm(name="variant", content_id=uuid.uuid4(), content_version=2),
        ),
        mde=mde,
        required_sample_size=required_sample_size(metric, mde, alpha=0.05, power=0.8),
        salt="bench",
        now=datetime.now(UTC),
    )
    made.start(now=datetime.now(UTC))
    return made


async def load(dsn: str, item: Experiment, events: int) -> float:
    exposures = events * 8 // 10
    units = max(2, exposures // 2)
    started = time.perf_counter()
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(_DROP_INDEXES)
        args = (item.id, item.organization_id)
        await connection.execute(_EXPOSURES, *args, exposures, units)
        # the WHERE drops every tenth j (all of them the control's): ask for a ninth more
        conversions = events - exposures
        await connection.execute(_CONVERSIONS, *args, conversions * 10 // 9, units, METRIC)
        await connection.execute("SET work_mem = '256MB'")  # the one-off rollup of the load
        await connection.execute(_ROLLUP, METRIC)
        await connection.execute(_CREATE_INDEXES)
        await connection.execute("VACUUM ANALYZE experiment_observations")
        await connection.execute("VACUUM ANALYZE experiment_units")
        loaded = await connection.fetchval("SELECT count(*) FROM experiment_observations")
    finally:
        await connection.close()
    print(f"loaded {loaded:,} events in {time.perf_counter() - started:.0f} s")
    return float(loaded)


def hashing_throughput(count: int) -> float:
    weights = [0.5, 0.3, 0.2]
    started = time.perf_counter()
    for i in range(count):
        assign("bench-salt", f"unit-{i}", weights)
    return count / (time.perf_counter() - started)


async def measure(args: argparse.Namespace, database: str) -> dict[str, Any]:
    dsn = f"postgresql://postgres@{PG_HOST}/{database}"
    engine = create_engine(f"postgresql+asyncpg://postgres@{PG_HOST}/{database}", pool_size=2)
    ids = UuidV7Generator()
    bus = MessageBus(
        uow_factory=lambda: SqlUnitOfWork(engine, ids, audit=entry_for_event),
        services=sql_services(engine),
        handlers=handlers_of([EXPERIMENTS]),  # the experiments context alone
    )
    item = experiment(uuid.uuid4())
    async with SqlUnitOfWork(engine, ids, audit=entry_for_event) as uow:
        await uow.experiments.add(item)
        await uow.commit()
    loaded = await load(dsn, item, args.events)
    principal = Principal.for_member(uuid.uuid4(), item.organization_id, Role.OWNER)
    bare_connection = await asyncpg.connect(dsn)
    command = AnalyzeExperiment(experiment_id=item.id, apply=False)
    runs: dict[str, list[float]] = {"bare": [], "analysis": [], "bare_units": []}
    result: ExperimentAnalysis | None = None
    try:
        await bare_connection.fetch(BARE, item.id)  # warm both paths (caches, pools, imports)
        await bus.execute(command, principal)
        reset_peak_rss()
        for _ in range(args.rounds):
            started = time.perf_counter()
            rows = await bare_connection.fetch(BARE, item.id)
            runs["bare"].append(time.perf_counter() - started)
            started = time.perf_counter()
            result = await bus.execute(command, principal)
            runs["analysis"].append(time.perf_counter() - started)
            started = time.perf_counter()
            await bare_connection.fetch(BARE_UNITS, item.id)
            runs["bare_units"].append(time.perf_counter() - started)
    finally:
        await bare_connection.close()
        await engine.dispose()
    assert result is not None
    bare_total = sum(int(r["count"]) for r in rows)
    assert bare_total == loaded, (bare_total, loaded)
    arms = {a.arm: (a.exposed, a.converted) for a in result.analysis.arms}
    return {
        "events": int(loaded),
        "arms": arms,
        "decision": result.analysis.decision,
        "runs": runs,
        "median": {k: statistics.median(v) for k, v in runs.items()},
        "peak_rss_mib": peak_rss_kib() / 1024,
    }


def main() -> None:
    args = parse_args()
    info = machine()
    print(f"machine: {info['nproc']} x {info['cpu']}, Python {info['python']}")
    print(f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}")
    hashes = hashing_throughput(args.hashes)
    print(f"assignment hashing: {hashes:,.0f} units/s (SHA-256, {args.hashes:,} units)")
    with throwaway_database() as database:
        figures = asyncio.run(measure(args, database))
    figures["hashes_per_second"] = hashes
    median = figures["median"]
    ratio = median["analysis"] / median["bare"]
    figures["ratio"] = ratio
    for label in ("bare", "analysis", "bare_units"):
        runs = ", ".join(f"{t:.3f}" for t in figures["runs"][label])
        print(f"  {label:10}  median {median[label]:7.3f} s  (runs: {runs})")
    print(f"  arms {figures['arms']}, decision {figures['decision']}")
    ratio_ok = ratio <= RATIO_GOAL
    rss_ok = figures["peak_rss_mib"] < RSS_GOAL_MIB
    print(
        f"  ratio analysis/bare {ratio:.2f} (goal <= {RATIO_GOAL}) {'ok' if ratio_ok else 'MISSED'}"
    )
    print(
        f"  peak RSS during the analyses {figures['peak_rss_mib']:.0f} MiB"
        f" (goal < {RSS_GOAL_MIB}) {'ok' if rss_ok else 'MISSED'}"
    )
    if args.json:
        figures["machine"] = info
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    if not (ratio_ok and rss_ok):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
