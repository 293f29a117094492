"""P8a: metric samples ingested through umt against a bare COPY of the same rows into the same
table.

umt   the IngestSamples use case through the message bus on the SQL unit of work, as the
      library, an agent task or an HTTP batch run it: every row checked (rows as the library
      passes them: typed values), the COPY of the new samples into the partitioned table
      (under a savepoint; a batch with a stored key would take the staging table and
      INSERT ... ON CONFLICT DO NOTHING instead) and the samples' trigger noting the touched
      series in the rollup queue, one transaction per batch.
refresh  then the rollup refresh caught up (RollupRefresh.catch_up, what the rollup-refresh
      loop does shortly after each batch): the touched series' daily buckets rebuilt. Not
      part of the goal's path, and printed beside it: the time until the rollups are current.
staged  the idempotent path alone, for comparison: the COPY into the staging table and the
      INSERT ... SELECT ... ON CONFLICT DO NOTHING (what a redelivered batch goes through).
bare  ``copy_records_to_table('metric_samples', ...)`` of the same rows (as tuples) on a
      plain asyncpg connection, one transaction per batch, with umt's trigger off
      (``session_replication_role = replica``: the trigger that queues the touched series is
      umt's work, timed in umt's path): the least loading them can cost.

The rows: --samples cumulative totals of 10 brands' posts (400 subjects a brand, six metrics,
a reading every six hours), in time order, in batches of one brand's day (9,600 rows; the
largest batch the API takes is 10,000). Each batch is generated outside the timed part. Each
path starts from an empty table (TRUNCATE, CHECKPOINT) whose monthly partitions exist; runs
alternate bare/staged/umt+refresh and the median of each is taken.
Goal: bare time / umt time >= 0.8. Printed beside it: the CPU each path used per batch (this
process's in the timed parts, and the database backends'), whose ratio is what the time ratio
tends to on a machine with no core to spare.

    .venv/bin/python bench/analytics_ingest.py            # 10M samples (a long while)
    .venv/bin/python bench/analytics_ingest.py --quick    # 200k samples (a minute)

Needs PostgreSQL on 127.0.0.1:5432 (UMT_BENCH_PG=host:port). Exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import shlex
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
from _services import sql_services
from _support import PG_HOST, machine, process_cpu_seconds, throwaway_database

from umt.adapters.sql.analytics.pg_ingest import COLUMNS, INSERT, PREPARE_STAGING, STAGING, record
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.clock import SystemClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.ingest_samples import IngestReport, IngestSamples
from umt.application.analytics.module import MODULE as ANALYTICS
from umt.application.analytics.rollup_refresh import RollupRefresh
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.context_module import handlers_of
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand
from umt.domain.brand.channels import Channel
from umt.domain.identity.model import Organization
from umt.domain.identity.permissions import Role
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.metric_sink import MetricSample

RATIO_GOAL = 0.8
BRANDS = 10
SUBJECTS = 400  # a brand's posts
METRICS = (
    Metric.IMPRESSIONS,
    Metric.REACH,
    Metric.LIKES,
    Metric.COMMENTS,
    Metric.SHARES,
    Metric.CLICKS,
)
STEP = timedelta(hours=6)
STEPS_PER_BATCH = 4  # a day of one brand: 400 x 6 x 4 = 9,600 rows
# every sample inside the late-data window and the retention: all are rolled up
CONFIG = AnalyticsConfig(late_days=400, retention_days=0, max_batch_rows=10_000)


@dataclasses.dataclass(frozen=True)
class Plan:
    organization_id: uuid.UUID
    brands: list[uuid.UUID]
    subjects: list[list[uuid.UUID]]
    start: datetime
    batches: int

    def batch(self, index: int) -> list[MetricSample]:
        """Batch ``index``: brand ``index % BRANDS``, its day ``index // BRANDS``."""
        brand = index % BRANDS
        day = index // BRANDS
        samples = []
        for step in range(day * STEPS_PER_BATCH, (day + 1) * STEPS_PER_BATCH):
            at = self.start + step * STEP
            for n, subject in enumerate(self.subjects[brand]):
                for m, metric in enumerate(METRICS):
                    samples.append(
                        MetricSample(
                            organization_id=self.organization_id,
                            brand_id=self.brands[brand],
                            subject_kind=SubjectKind.PUBLICATION,
                            subject_id=subject,
                            channel=Channel.LINKEDIN,
                            metric=metric,
                            value=Decimal((step + 1) * (n % 7 + m + 1) * 10),
                            observed_at=at,
                            source="linkedin",
                            raw_name=metric.value,
                        )
                    )
        return samples

    def batches_of(self, count: int) -> Iterator[list[MetricSample]]:
        for index in range(count):
            yield self.batch(index)


def as_row(sample: MetricSample) -> dict[str, Any]:
    """A sample as the library passes a row: typed values."""
    return {
        "subject_kind": sample.subject_kind.value,
        "subject_id": sample.subject_id,
        "channel": sample.channel.value,
        "metric": sample.metric.value,
        "value": sample.value,
        "observed_at": sample.observed_at,
        "raw_name": sample.raw_name,
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer samples")
    parser.add_argument("--samples", type=int, default=10_000_000, help="samples to ingest")
    parser.add_argument("--rounds", type=int, default=1, help="bare/umt/sink run triples")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    if args.quick:  # shorter defaults; options given explicitly still win
        for name, value in {"samples": 200_000, "rounds": 3}.items():
            if f"--{name}" not in sys.argv:
                setattr(args, name, value)
    return args


def plan(samples: int) -> Plan:
    per_batch = SUBJECTS * len(METRICS) * STEPS_PER_BATCH
    batches = max(1, round(samples / per_batch))
    days = -(-batches // BRANDS)
    # the last reading is an hour ago: every sample is recent enough to be accepted
    end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    start = end - days * STEPS_PER_BATCH * STEP
    return Plan(
        organization_id=uuid.uuid4(),
        brands=[uuid.uuid4() for _ in range(BRANDS)],
        subjects=[[uuid.uuid4() for _ in range(SUBJECTS)] for _ in range(BRANDS)],
        start=start,
        batches=batches,
    )


@dataclasses.dataclass
class Spent:
    """A run's time in its timed parts, and the CPU they used: this process's, and the
    database backends' (None when the server is not on this machine)."""

    seconds: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float | None = None


class BackendCpu:
    """The CPU the database's backends (other than the watching connection) use while a run
    lasts, read from /proc: a backend that appears during the run counts from zero."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection
        self._start: dict[int, float] = {}

    async def _backends(self) -> dict[int, float] | None:
        pids = await self._connection.fetch(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        )
        try:
            return {row["pid"]: process_cpu_seconds(row["pid"]) for row in pids}
        except OSError:  # the server runs elsewhere
            return None

    async def start(self) -> None:
        self._start = await self._backends() or {}

    async def used(self) -> float | None:
        now = await self._backends()
        if now is None or not self._start:
            return None
        return sum(cpu - self._start.get(pid, 0.0) for pid, cpu in now.items())


async def reset(connection: asyncpg.Connection) -> None:
    await connection.execute("TRUNCATE metric_samples, metric_rollups, metric_rollup_queue")
    await connection.execute("CHECKPOINT")


async def run_bare(dsn: str, work: Plan) -> Spent:
    connection = await asyncpg.connect(dsn)
    watch = await asyncpg.connect(dsn)
    spent = Spent()
    try:
        await reset(connection)
        backends = BackendCpu(watch)
        await backends.start()
        for batch in work.batches_of(work.batches):
            records = [record(s) for s in batch]  # outside the timed part
            started, cpu = time.perf_counter(), time.process_time()
            async with connection.transaction():
                # without umt's trigger (it notes the touched series for the rollups)
                await connection.execute("SET LOCAL session_replication_role = replica")
                await connection.copy_records_to_table(
                    "metric_samples", records=records, columns=COLUMNS
                )
            spent.seconds += time.perf_counter() - started
            spent.client_cpu += time.process_time() - cpu
        spent.server_cpu = await backends.used()
    finally:
        await connection.close()
        await watch.close()
    return spent


async def run_staged(dsn: str, work: Plan) -> float:
    connection = await asyncpg.connect(dsn, server_settings={"temp_buffers": "32MB"})
    spent = 0.0
    try:
        await reset(connection)
        for batch in work.batches_of(work.batches):
            started = time.perf_counter()
            records = [record(s) for s in batch]
            async with connection.transaction():
                await connection.execute(PREPARE_STAGING)
                await connection.copy_records_to_table(STAGING, records=records, columns=COLUMNS)
                await connection.fetchval(INSERT)
            spent += time.perf_counter() - started
    finally:
        await connection.close()
    return spent


async def run_umt(dsn: str, bus: MessageBus, principal: Principal, work: Plan) -> Spent:
    watch = await asyncpg.connect(dsn)
    spent = Spent()
    stored = 0
    try:
        connection = await asyncpg.connect(dsn)
        try:
            await reset(connection)
        finally:
            await connection.close()
        backends = BackendCpu(watch)
        await backends.start()
        for index, batch in enumerate(work.batches_of(work.batches)):
            rows = [as_row(s) for s in batch]  # outside the timed part
            command = IngestSamples(brand_id=work.brands[index % BRANDS], samples=rows)
            started, cpu = time.perf_counter(), time.process_time()
            report = await bus.ask(command, IngestReport, principal)
            spent.seconds += time.perf_counter() - started
            spent.client_cpu += time.process_time() - cpu
            stored += report.stored
        spent.server_cpu = await backends.used()
    finally:
        await watch.close()
    assert stored == work.batches * len(batch), stored
    return spent


async def run_refresh(engine: Any) -> float:
    """The rollups caught up after the umt run, as the rollup-refresh loop would."""
    ids = UuidV7Generator()
    refresh = RollupRefresh(
        lambda: SqlUnitOfWork(engine, ids, audit=entry_for_event),
        clock=SystemClock(),
        config=CONFIG,
    )
    started = time.perf_counter()
    await refresh.catch_up()
    return time.perf_counter() - started


async def prepare(engine: Any, work: Plan) -> tuple[MessageBus, Principal]:
    ids = UuidV7Generator()
    async with SqlUnitOfWork(engine, ids, audit=entry_for_event) as uow:
        organization_id = OrganizationId(work.organization_id)
        now = datetime.now(UTC)
        await uow.organizations.add(Organization.create(id=organization_id, name="Bench", now=now))
        for n, brand_id in enumerate(work.brands):
            brand = Brand.create(
                id=BrandId(brand_id),
                organization_id=organization_id,
                name=f"Brand {n}",
                slug=None,
                now=now,
                time_zone="Europe/Berlin",
            )
            await uow.brands.add(brand)
        months = (datetime.now(UTC) - work.start).days // 28 + 2
        await uow.sample_partitions.prepare(now=work.start, months_ahead=months)
        await uow.commit()
    bus = MessageBus(
        uow_factory=lambda: SqlUnitOfWork(engine, ids, audit=entry_for_event),
        services=sql_services(engine, analytics=CONFIG),
        handlers=handlers_of([ANALYTICS]),  # the analytics context alone
    )
    principal = Principal.for_member(
        uuid.uuid4(), OrganizationId(work.organization_id), Role.ANALYST
    )
    return bus, principal


async def measure(args: argparse.Namespace, database: str) -> dict[str, Any]:
    dsn = f"postgresql://postgres@{PG_HOST}/{database}"
    engine = create_engine(f"postgresql+asyncpg://postgres@{PG_HOST}/{database}", pool_size=2)
    work = plan(args.samples)
    rows = work.batches * SUBJECTS * len(METRICS) * STEPS_PER_BATCH
    print(f"{rows:,} samples in {work.batches} batches of one brand's day")
    runs: dict[str, list[float]] = {"bare": [], "staged": [], "umt": [], "refresh": []}
    cpu: dict[str, list[Spent]] = {"bare": [], "umt": []}
    try:
        bus, principal = await prepare(engine, work)
        for _ in range(args.rounds):
            cpu["bare"].append(await run_bare(dsn, work))
            runs["bare"].append(cpu["bare"][-1].seconds)
            runs["staged"].append(await run_staged(dsn, work))
            cpu["umt"].append(await run_umt(dsn, bus, principal, work))
            runs["umt"].append(cpu["umt"][-1].seconds)
            runs["refresh"].append(await run_refresh(engine))
            print(
                "  round: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in runs.items()), flush=True
            )
        connection = await asyncpg.connect(dsn)
        try:
            samples = await connection.fetchval("SELECT count(*) FROM metric_samples")
            buckets = await connection.fetchval("SELECT count(*) FROM metric_rollups")
        finally:
            await connection.close()
    finally:
        await engine.dispose()
    assert samples == rows, (samples, rows)
    median = {k: statistics.median(v) for k, v in runs.items()}
    cpu_ms = {label: cpu_per_batch(spent, work.batches) for label, spent in cpu.items()}
    return {
        "cpu_ms_per_batch": cpu_ms,
        "cpu_ratio": (
            cpu_ms["bare"]["total"] / cpu_ms["umt"]["total"]
            if cpu_ms["bare"]["total"] and cpu_ms["umt"]["total"]
            else None
        ),
        "samples": rows,
        "batches": work.batches,
        "rollup_buckets": buckets,
        "runs": runs,
        "median": median,
        "rows_per_second": {k: rows / v for k, v in median.items()},
        "ratio": median["bare"] / median["umt"],
        "current_ratio": median["bare"]
        / statistics.median(u + r for u, r in zip(runs["umt"], runs["refresh"], strict=True)),
        "staged_ratio": median["bare"] / median["staged"],
    }


def cpu_per_batch(spent: list[Spent], batches: int) -> dict[str, float | None]:
    """The medians of a path's CPU per batch, in ms: this process, the database, both."""
    client = statistics.median(s.client_cpu for s in spent) * 1000 / batches
    servers = [s.server_cpu for s in spent if s.server_cpu is not None]
    server = statistics.median(servers) * 1000 / batches if len(servers) == len(spent) else None
    return {
        "client": client,
        "server": server,
        "total": None if server is None else client + server,
    }


def main() -> None:
    args = parse_args()
    info = machine()
    print(f"machine: {info['nproc']} x {info['cpu']}, Python {info['python']}")
    print(f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}")
    with throwaway_database() as database:
        figures = asyncio.run(measure(args, database))
    for label in ("bare", "staged", "umt", "refresh"):
        runs = ", ".join(f"{t:.1f}" for t in figures["runs"][label])
        rate = figures["rows_per_second"][label]
        median = figures["median"][label]
        print(f"  {label:5} median {median:8.1f} s  {rate:10,.0f} rows/s  (runs: {runs})")
    ratio = figures["ratio"]
    ok = ratio >= RATIO_GOAL
    for label, used in figures["cpu_ms_per_batch"].items():
        server = "n/a" if used["server"] is None else f"{used['server']:.1f}"
        print(
            f"  {label:5} CPU per batch (medians): this process {used['client']:.1f} ms, "
            f"the database {server} ms"
        )
    if figures["cpu_ratio"] is not None:
        print(
            f"  CPU bare/umt {figures['cpu_ratio']:.3f} (beside the goal: what a loaded "
            "machine's ratio tends to)"
        )
    print(f"  rollup buckets kept: {figures['rollup_buckets']:,}")
    print(
        f"  beside it: bare/staged {figures['staged_ratio']:.3f} (the idempotent path of a "
        f"redelivered batch), bare/(umt + refresh) {figures['current_ratio']:.3f} (until the "
        "rollups are current)"
    )
    print(f"  ratio bare/umt {ratio:.3f} (goal >= {RATIO_GOAL}) {'ok' if ok else 'MISSED'}")
    if args.json:
        figures["machine"] = info
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
