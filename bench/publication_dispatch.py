"""Due publications claimed and handed to the agent per second: umt's ticker against a bare
``SKIP LOCKED`` claim loop on the same table, same run.

umt     ``PublicationTicker.tick()`` on ``SqlUnitOfWork`` (PostgreSQL): the sweep of expired
        leases in its own transaction (once per tick interval while a backlog drains), then
        in one transaction the in-flight count (``UMT_PUBLISHING_MAX_IN_FLIGHT``) and
        ``claim_and_hand_over``: one statement locking the due rows (SELECT ... FOR UPDATE
        SKIP LOCKED), claiming them (fence, lease, version) and writing each one's
        ``publication.due`` outbox row as ``Publication.claim`` records it (no audit entry:
        an operational event), and the commit, batch after batch until nothing is due.
bare    asyncpg on its own connection, per batch in one transaction: the same SELECT ... FOR
        UPDATE SKIP LOCKED on (status, next_attempt_at), an UPDATE setting the lease, the
        fence and the version, and one outbox INSERT per claimed row with a payload of the
        same shape, until nothing is due.

Both claim --batch rows per transaction from --publications preloaded due publications; the
table is reset between runs (every row due again, the outbox emptied, VACUUM ANALYZE), so
each run claims the same rows from the same state. Timed runs alternate bare/umt and the
median of each is taken. The ratio umt/bare is judged: goal >= 0.7.

    .venv/bin/python bench/publication_dispatch.py            # full run (about a minute)
    .venv/bin/python bench/publication_dispatch.py --quick    # a smoke run (a few seconds)

Needs PostgreSQL on 127.0.0.1:5432 (UMT_BENCH_PG=host:port). Exits 1 when the goal is missed.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from _support import PG_HOST, machine, throwaway_database

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.application.publishing_dispatch.ticker import PublicationTicker

GOAL = 0.7
LEASE = timedelta(minutes=2)

# Due publications as the calendar stores them: one organization, a few brands and accounts.
_PRELOAD = """
INSERT INTO publications (
    id, organization_id, brand_id, project_id, content_id, content_version_id,
    channel_account_id, channel, kind, status, due_at, time_zone, local_time, next_attempt_at,
    grace_seconds, missed_policy, fence, lease_owner, lease_expires_at, remote_id, remote_url,
    published_at, first_comment, schedule_id, rendering, version, created_at, updated_at)
SELECT gen_random_uuid(), $1::uuid, md5('brand-' || (i % 10))::uuid, NULL,
       md5('content-' || (i % 500))::uuid, md5('version-' || (i % 500))::uuid,
       md5('account-' || (i % 50))::uuid, 'linkedin', 'sandbox_account', 'scheduled',
       $2::timestamptz - i * interval '1 millisecond', 'Europe/Berlin',
       ($2::timestamptz - i * interval '1 millisecond') AT TIME ZONE 'Europe/Berlin',
       $2::timestamptz - i * interval '1 millisecond', 86400, 'publish_late', 0, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL,
       jsonb_build_object('text', 'Freshly roasted, from farm to cup: post ' || i,
                          'title', NULL, 'link', 'https://acme-coffee.example.com/' || i,
                          'media', '[]'::jsonb, 'preview_text', NULL),
       1, $2::timestamptz, $2::timestamptz
FROM generate_series(1, $3::int) AS i
"""

_RESET = """
UPDATE publications SET status = 'scheduled', fence = 0, lease_owner = NULL,
       lease_expires_at = NULL, version = 1
"""

_BARE_CLAIM = """
WITH due AS (
    SELECT id FROM publications
    WHERE status IN ('scheduled', 'outcome_unknown') AND next_attempt_at <= $1
    ORDER BY next_attempt_at, id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
UPDATE publications AS p
SET status = 'claimed', fence = p.fence + 1, lease_owner = $3, lease_expires_at = $4,
    version = p.version + 1, updated_at = $1
FROM due WHERE p.id = due.id
RETURNING p.id, p.organization_id, p.brand_id, p.channel_account_id, p.fence
"""

_BARE_HAND_OVER = """
INSERT INTO outbox (id, event_type, aggregate_type, aggregate_id, organization_id,
                    occurred_at, payload)
VALUES ($1, 'publication.due', 'publication', $2, $3, $4, $5)
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer publications and rounds")
    parser.add_argument("--publications", type=int, default=10_000, help="due per timed run")
    parser.add_argument("--batch", type=int, default=100, help="claimed per transaction")
    parser.add_argument("--rounds", type=int, default=3, help="bare/umt run pairs")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    if args.quick:  # shorter defaults; options given explicitly still win
        for name, value in {"publications": 3_000, "rounds": 1}.items():
            if f"--{name}" not in sys.argv:
                setattr(args, name, value)
    return args


class FixedClock:
    """Every claim happens at the same instant, so both paths see the same due rows."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now


class Bench:
    def __init__(self, database: str, args: argparse.Namespace) -> None:
        self.args = args
        self.dsn = f"postgresql://postgres@{PG_HOST}/{database}"
        self.url = f"postgresql+asyncpg://postgres@{PG_HOST}/{database}"
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.organization = uuid.uuid4()

    async def __aenter__(self) -> Bench:
        self.engine = create_engine(self.url, pool_size=2)
        ids = UuidV7Generator()
        self.ticker = PublicationTicker(
            lambda: SqlUnitOfWork(self.engine, ids, audit=entry_for_event),
            clock=FixedClock(self.now),
            config=DispatchConfig(
                batch=self.args.batch, lease=LEASE, max_in_flight=self.args.publications
            ),
            owner="bench-ticker",
        )
        self.connection = await asyncpg.connect(self.dsn)
        await self.connection.execute(_PRELOAD, self.organization, self.now, self.args.publications)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.connection.close()
        await self.engine.dispose()

    async def reset(self) -> None:
        await self.connection.execute(_RESET)
        await self.connection.execute("DELETE FROM outbox")
        await self.connection.execute("VACUUM ANALYZE publications")
        await self.connection.execute("VACUUM ANALYZE outbox")

    async def check(self) -> None:
        """Every publication claimed once, with one hand-over each."""
        claimed = await self.connection.fetchval(
            "SELECT count(*) FROM publications WHERE status = 'claimed' AND fence = 1"
        )
        handed = await self.connection.fetchval(
            "SELECT count(DISTINCT aggregate_id) FROM outbox WHERE event_type = 'publication.due'"
        )
        expected = self.args.publications
        assert (claimed, handed) == (expected, expected), (claimed, handed, expected)

    async def run_umt(self) -> float:
        await self.reset()
        started = time.perf_counter()
        total = 0
        while True:
            report = await self.ticker.tick()
            if report.claimed == 0:
                break
            total += report.claimed
        elapsed = time.perf_counter() - started
        assert total == self.args.publications, total
        await self.check()
        return total / elapsed

    async def run_bare(self) -> float:
        await self.reset()
        connection = self.connection
        until = self.now + LEASE
        started = time.perf_counter()
        total = 0
        while True:
            async with connection.transaction():
                rows = await connection.fetch(
                    _BARE_CLAIM, self.now, self.args.batch, "bench-bare", until
                )
                await connection.executemany(
                    _BARE_HAND_OVER,
                    [
                        (
                            uuid.uuid4(),
                            row["id"],
                            row["organization_id"],
                            self.now,
                            json.dumps(
                                {
                                    "aggregate_id": str(row["id"]),
                                    "organization_id": str(row["organization_id"]),
                                    "data": {
                                        "fence": row["fence"],
                                        "brand_id": str(row["brand_id"]),
                                        "channel_account_id": str(row["channel_account_id"]),
                                    },
                                }
                            ),
                        )
                        for row in rows
                    ],
                )
            if not rows:
                break
            total += len(rows)
        elapsed = time.perf_counter() - started
        assert total == self.args.publications, total
        await self.check()
        return total / elapsed


async def measure(database: str, args: argparse.Namespace) -> dict[str, Any]:
    async with Bench(database, args) as bench:
        await bench.run_bare()  # warm both paths (plans, pools, imports)
        await bench.run_umt()
        series: dict[str, list[float]] = {"bare": [], "umt": []}
        for _ in range(args.rounds):
            series["bare"].append(await bench.run_bare())
            series["umt"].append(await bench.run_umt())
        return {
            "series": {k: [round(v, 1) for v in values] for k, values in series.items()},
            "median": {k: round(statistics.median(v), 1) for k, v in series.items()},
        }


def main() -> None:
    args = parse_args()
    info = machine()
    command = shlex.join([".venv/bin/python", "bench/publication_dispatch.py", *sys.argv[1:]])
    print(f"machine: {info['nproc']} x {info['cpu']}, Python {info['python']}")
    print(
        f"settings: {args.publications} due publications, {args.batch} per claim,"
        f" {args.rounds} round(s)"
    )
    with throwaway_database() as database:
        figures = asyncio.run(measure(database, args))
    bare, umt = figures["median"]["bare"], figures["median"]["umt"]
    ratio = umt / bare
    for label in ("bare", "umt"):
        runs = ", ".join(f"{v:.0f}" for v in figures["series"][label])
        print(f"  {label:4}  median {figures['median'][label]:7.0f} claimed/s  (runs: {runs})")
    verdict = "OK" if ratio >= GOAL else "BELOW GOAL"
    print(f"  ratio umt/bare {ratio:.3f} (goal >= {GOAL}) {verdict}")
    if args.json:
        figures.update(command=command, machine=info, ratio=round(ratio, 3), goal=GOAL)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    sys.exit(0 if ratio >= GOAL else 1)


if __name__ == "__main__":
    main()
