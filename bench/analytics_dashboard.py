"""P8b: a brand's 90-day dashboard (six metrics, daily, by channel, beside the previous 90
days) over the rollups of many brands' samples, against a bare query of the rollup table.

umt   the GetBrandDashboard use case through the message bus on the SQL unit of work: the
      brand read (its time zone), one query of its buckets over both periods (summed per
      day, channel, metric and currency by PostgreSQL, on the covering index), and the
      dashboard built from them (per metric and channel, a value per day, the totals).
bare  the same statement on a plain asyncpg connection (``SELECT day, channel, metric,
      currency, sum(value) FROM metric_rollups WHERE organization_id = $1 AND brand_id = $2
      AND day >= $3 AND day <= $4 AND metric = ANY($5) GROUP BY ... ORDER BY ...``): the
      same rows summed, no transaction, nothing built from them.

The data: --brands brands (ten per organization, 20 posts each on three channels), every
post's six metrics read once a day for 180 days: --brands x 21,600 raw samples (1,000 brands:
21.6M), loaded server-side (INSERT ... SELECT generate_series into the partitioned samples),
then rolled up by umt's own statements (the sink's, over every series at once, a hundred
brands at a time), then VACUUM ANALYZE. Queries of random brands alternate bare/umt; the
medians, the p95s and the ratio of the medians are printed, and the peak RSS of this process
while querying (VmHWM, reset before). Goals: umt p95 < 200 ms; umt/bare (medians) <= 2.

    .venv/bin/python bench/analytics_dashboard.py            # 1,000 brands (a long while)
    .venv/bin/python bench/analytics_dashboard.py --quick    # 20 brands (a minute)

Needs PostgreSQL on 127.0.0.1:5432 (UMT_BENCH_PG=host:port). Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import random
import shlex
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from _services import sql_services
from _support import PG_HOST, machine, peak_rss_kib, reset_peak_rss, throwaway_database

from umt.adapters.sql.analytics import pg_ingest
from umt.adapters.sql.analytics.rollups import DAILY_SUMS as BARE
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.ids import UuidV7Generator
from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.dashboard import DEFAULT_METRICS, BrandDashboard, GetBrandDashboard
from umt.application.analytics.module import MODULE as ANALYTICS
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.context_module import handlers_of
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand
from umt.domain.identity.model import Organization
from umt.domain.identity.permissions import Role
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.metric_sink import RollupWindow

P95_GOAL_MS = 200.0
RATIO_GOAL = 2.0
BRANDS_PER_ORGANIZATION = 10
POSTS = 20
CHANNELS = ("linkedin", "x", "instagram")
DAYS = 180  # two periods of 90 days
PERIOD = 90
METRICS = [m.value for m in DEFAULT_METRICS]
_SAMPLES = f"""
INSERT INTO metric_samples (subject_id, subject_kind, metric, observed_at, source,
    organization_id, brand_id, channel, value, raw_name, currency)
SELECT p.subject_id, 'publication', m.metric, $1::timestamptz + d * interval '1 day',
    p.channel, p.organization_id, p.brand_id, p.channel,
    (d + 1) * (m.k * 10 + p.n % 7 + 1), m.metric, NULL
FROM bench_posts p
CROSS JOIN unnest($2::text[]) WITH ORDINALITY AS m(metric, k)
CROSS JOIN generate_series(0, {DAYS - 1}) AS d
"""  # noqa: S608  # constant names


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer brands and queries")
    parser.add_argument("--brands", type=int, default=1000, help="brands of data")
    parser.add_argument("--queries", type=int, default=300, help="bare/umt query pairs")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    parser.add_argument("--cprofile", type=Path, help="profile umt's queries into this file")
    args = parser.parse_args()
    if args.quick:  # shorter defaults; options given explicitly still win
        for name, value in {"brands": 20, "queries": 60}.items():
            if f"--{name}" not in sys.argv:
                setattr(args, name, value)
    return args


async def tenants(engine: Any, count: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(organization, brand) pairs, stored as umt stores them (the brands in UTC)."""
    ids = UuidV7Generator()
    now = datetime.now(UTC)
    pairs = []
    async with SqlUnitOfWork(engine, ids, audit=entry_for_event) as uow:
        for start in range(0, count, BRANDS_PER_ORGANIZATION):
            organization_id = OrganizationId(uuid.uuid4())
            organization = Organization.create(id=organization_id, name=f"Org {start}", now=now)
            await uow.organizations.add(organization)
            for n in range(start, min(count, start + BRANDS_PER_ORGANIZATION)):
                brand = Brand.create(
                    id=BrandId(uuid.uuid4()),
                    organization_id=organization_id,
                    name=f"Brand {n}",
                    slug=None,
                    now=now,
                )
                await uow.brands.add(brand)
                pairs.append((organization_id, brand.id))
        await uow.commit()
    return pairs


async def load(engine: Any, dsn: str, pairs: list[tuple[uuid.UUID, uuid.UUID]]) -> date:
    """The samples and their rollups; the first day of the data (UTC)."""
    today = datetime.now(UTC).date()
    first = today - timedelta(days=DAYS - 1)
    async with SqlUnitOfWork(engine, UuidV7Generator(), audit=entry_for_event) as uow:
        start = datetime(first.year, first.month, first.day, tzinfo=UTC)
        await uow.sample_partitions.prepare(now=start, months_ahead=8)
        await uow.commit()
    connection = await asyncpg.connect(dsn, server_settings={"temp_buffers": "32MB"})
    started = time.perf_counter()
    try:
        await connection.execute(
            "CREATE TABLE bench_posts (subject_id uuid, brand_id uuid, organization_id uuid, "
            "channel text, n int)"
        )
        posts = [
            (uuid.uuid4(), brand_id, organization_id, CHANNELS[n % len(CHANNELS)], n)
            for organization_id, brand_id in pairs
            for n in range(POSTS)
        ]
        await connection.copy_records_to_table("bench_posts", records=posts)
        await connection.execute("CREATE INDEX ON bench_posts (brand_id)")
        observed = datetime(first.year, first.month, first.day, 9, tzinfo=UTC)
        await connection.execute(_SAMPLES, observed, METRICS)
        loaded = await connection.fetchval("SELECT count(*) FROM metric_samples")
        print(f"loaded {loaded:,} samples in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        # umt's rollup refresh of every series the load queued (its trigger noted them all)
        window = RollupWindow(now=datetime.now(UTC), late_days=DAYS + 1)
        while True:
            async with connection.transaction():
                taken = await pg_ingest.refresh(connection, window=window, limit=20_000)
            if not taken:
                break
        await connection.execute("VACUUM ANALYZE metric_rollups")
        buckets = await connection.fetchval("SELECT count(*) FROM metric_rollups")
        print(f"rolled up {buckets:,} buckets in {time.perf_counter() - started:.0f} s")
    finally:
        await connection.close()
    return today


async def measure(args: argparse.Namespace, database: str) -> dict[str, Any]:
    dsn = f"postgresql://postgres@{PG_HOST}/{database}"
    engine = create_engine(f"postgresql+asyncpg://postgres@{PG_HOST}/{database}", pool_size=2)
    ids = UuidV7Generator()
    bus = MessageBus(
        uow_factory=lambda: SqlUnitOfWork(engine, ids, audit=entry_for_event),
        services=sql_services(engine, analytics=AnalyticsConfig()),
        handlers=handlers_of([ANALYTICS]),  # the analytics context alone
    )
    pairs = await tenants(engine, args.brands)
    today = await load(engine, dsn, pairs)
    since = today - timedelta(days=PERIOD - 1)
    runs: dict[str, list[float]] = {"bare": [], "umt": []}
    bare_connection = await asyncpg.connect(dsn)
    chooser = random.Random(13)  # which brand to ask for, not a secret
    board: BrandDashboard | None = None
    try:
        organization_id, brand_id = pairs[0]  # warm both paths (caches, pools, imports)
        principal = Principal.for_member(uuid.uuid4(), organization_id, Role.ANALYST)
        query = GetBrandDashboard(brand_id=brand_id, since=since, until=today)
        await bus.ask(query, BrandDashboard, principal)
        previous = since - timedelta(days=PERIOD)
        await bare_connection.fetch(BARE, organization_id, brand_id, previous, today, METRICS, None)
        # as `umt serve` and `umt worker` do once started (entrypoints/http/app.py): the
        # objects of the start-up out of the collector's sight, so no full collection walks
        # them in the middle of a request
        gc.collect()
        gc.freeze()
        reset_peak_rss()
        profile = cProfile.Profile() if args.cprofile else None
        for _ in range(args.queries):
            organization_id, brand_id = chooser.choice(pairs)
            principal = Principal.for_member(uuid.uuid4(), organization_id, Role.ANALYST)
            started = time.perf_counter()
            rows = await bare_connection.fetch(
                BARE, organization_id, brand_id, previous, today, METRICS, None
            )
            runs["bare"].append(time.perf_counter() - started)
            query = GetBrandDashboard(brand_id=brand_id, since=since, until=today)
            if profile is not None:
                profile.enable()
            started = time.perf_counter()
            board = await bus.ask(query, BrandDashboard, principal)
            runs["umt"].append(time.perf_counter() - started)
            if profile is not None:
                profile.disable()
        if profile is not None:
            profile.dump_stats(args.cprofile)
    finally:
        await bare_connection.close()
        await engine.dispose()
    assert board is not None
    bare_total = sum(r[4] for r in rows if r[0] >= since and r[2] == "impressions")
    assert board.metrics[0].total == bare_total, (board.metrics[0].total, bare_total)
    assert len(board.metrics) == len(METRICS)
    assert board.metrics[0].channels
    ms = {k: [1000 * t for t in v] for k, v in runs.items()}
    return {
        "brands": args.brands,
        "samples": args.brands * POSTS * len(METRICS) * DAYS,
        "queries": args.queries,
        "median_ms": {k: statistics.median(v) for k, v in ms.items()},
        "p95_ms": {k: statistics.quantiles(v, n=20)[-1] for k, v in ms.items()},
        "ratio": statistics.median(ms["umt"]) / statistics.median(ms["bare"]),
        "bare_rows": len(rows),
        "peak_rss_mib": peak_rss_kib() / 1024,
    }


def main() -> None:
    args = parse_args()
    info = machine()
    print(f"machine: {info['nproc']} x {info['cpu']}, Python {info['python']}")
    print(f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}")
    with throwaway_database() as database:
        figures = asyncio.run(measure(args, database))
    for label in ("bare", "umt"):
        median, p95 = figures["median_ms"][label], figures["p95_ms"][label]
        print(f"  {label:5} median {median:7.1f} ms  p95 {p95:7.1f} ms")
    print(f"  a bare answer: {figures['bare_rows']:,} rows (day x channel x metric)")
    p95 = figures["p95_ms"]["umt"]
    ratio = figures["ratio"]
    p95_ok, ratio_ok = p95 < P95_GOAL_MS, ratio <= RATIO_GOAL
    print(f"  umt p95 {p95:.1f} ms (goal < {P95_GOAL_MS:.0f}) {'ok' if p95_ok else 'MISSED'}")
    print(f"  ratio umt/bare {ratio:.2f} (goal <= {RATIO_GOAL}) {'ok' if ratio_ok else 'MISSED'}")
    print(f"  peak RSS while querying {figures['peak_rss_mib']:.0f} MiB")
    if args.json:
        figures["machine"] = info
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    if not (p95_ok and ratio_ok):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
