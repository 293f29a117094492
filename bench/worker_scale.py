"""Agent workers scaled out: N processes of one agent on one RabbitMQ and one PostgreSQL.

umt     N ``umt worker --agent brand-project`` processes (the production entry point, its
        defaults: PostgreSQL idempotency keys, no Redis) drain M ``brand.create`` tasks of one
        organization from the agent's queue: per task the envelope checked, the idempotency
        key reserved and completed, the command run on the bus, the brand, its outbox event,
        its audit entry and the inbox claim committed in one transaction, the ack. The outbox
        relay and the background loops run elsewhere in a split deployment (`umt relay`,
        `umt scheduler`), so they are off here (bench/outbox_relay.py measures the relay).
bare    N bare aio-pika consumers (bench/_scale_fleet.py) drain the same M envelopes from the
        same queue with the same prefetch and database pool size, one asyncpg transaction
        inserting one row per message, acked once committed.

For each N in 1, 2, 4 the fleet starts, then every round pauses it (``umt system pause`` over
the broker; a stdin command for the bare one), preloads M tasks, resumes it and times the
drain until the M rows are committed. Rounds alternate bare/umt; medians are compared.
Printed per N: throughput, the ratio to N=1 for each (its scaling), umt/bare, and umt's
scaling over bare's (``relative``): 1.0 means umt scales as well as the bare consumers on
this machine, whatever the cores allow; a global lock or a single-consumer queue in umt's
consume path would hold umt's N=2 and N=4 at its N=1 rate while bare's rose. Goal:
relative scaling at N=2 >= 0.8. Two cores bound both (they also run RabbitMQ and
PostgreSQL): the figures say nothing about a bigger machine but the absence of a bottleneck.

    .venv/bin/python bench/worker_scale.py            # full run (a few minutes)
    .venv/bin/python bench/worker_scale.py --quick    # a smoke run (about a minute)

Needs PostgreSQL (UMT_BENCH_PG) and RabbitMQ with rabbitmqctl (UMT_BENCH_AMQP): a throwaway
database and virtual host, deleted at the end. Exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
from _scale_fleet import (
    BARE_TABLE,
    Fleet,
    process_cpu_seconds,
    register_owner,
    throwaway_vhost,
)
from _support import PG_HOST, machine, throwaway_database

from umt.adapters.rabbitmq.broker import RabbitMqBroker, agent_queue, dead_queue
from umt.adapters.system.clock import SystemClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.agents.catalogue import BRAND_PROJECT
from umt.application.agents.system import send_system_command
from umt.application.agents.task_payload import encode
from umt.application.messaging.envelope import Header, MessageType, TaskMessage
from umt.application.principal import Principal

AGENT = BRAND_PROJECT.name
SCALES = (1, 2, 4)
RELATIVE_GOAL = 0.8  # umt's N=2 scaling over bare's
POOL_SIZE = 10  # per process: 4 umt workers stay under PostgreSQL's 100 connections
PUBLISH_IN_FLIGHT = 256
POLL_SECONDS = 0.05
FLEET = Path(__file__).resolve().parent / "_scale_fleet.py"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer tasks and rounds")
    parser.add_argument("--messages", type=int, default=3_000, help="tasks per drain")
    parser.add_argument("--rounds", type=int, default=3, help="timed bare/umt pairs per N")
    parser.add_argument(
        "--concurrency", type=int, default=BRAND_PROJECT.concurrency, help="prefetch per process"
    )
    parser.add_argument(
        "--scales", type=int, nargs="+", default=list(SCALES), help="process counts (1 first)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    if args.quick:  # shorter defaults; options given explicitly still win
        for name, value in {"messages": 1_000, "rounds": 1}.items():
            if f"--{name}" not in sys.argv:
                setattr(args, name, value)
    return args


def task_bodies(owner: Principal, tag: str, count: int) -> list[bytes]:
    """``count`` brand.create envelopes, each with its own message id and brand name."""
    now = datetime.now(UTC)
    return [
        TaskMessage(
            header=Header(
                message_id=uuid.uuid4(),
                message_type=MessageType.TASK,
                sender_id="bench/worker-scale",
                timestamp=now,
            ),
            task_type="brand.create",
            payload=encode({"name": f"Scale {tag} {i}"}, owner),
        ).to_json()
        for i in range(count)
    ]


@dataclass(frozen=True)
class Drain:
    rate: float  # tasks per second
    cpu_ms: float  # the fleet's CPU per task
    db_cpu_ms: float  # the database's CPU per task (its sessions for the bench database)
    lock_share: float  # share of the polls that saw a session of the database wait on a lock


class Bench:
    """The vhost's queue, the database, and the fleets' environment."""

    def __init__(self, args: argparse.Namespace, amqp_url: str, database: str) -> None:
        self.args, self.amqp_url = args, amqp_url
        self.dsn = f"postgresql://postgres@{PG_HOST}/{database}"
        self.data_dir = Path(tempfile.mkdtemp(prefix="umt-bench-scale-"))
        self.env = {
            **os.environ,
            "UMT_DATABASE_URL": f"postgresql+asyncpg://postgres@{PG_HOST}/{database}",
            "UMT_DATABASE_POOL_SIZE": str(POOL_SIZE),
            "UMT_BROKER_URL": amqp_url,
            "UMT_REDIS_URL": "",
            "UMT_RUN_OUTBOX_RELAY": "false",
            "UMT_RUN_BACKGROUND_LOOPS": "false",  # `umt scheduler` runs them in production
            "UMT_DATA_DIR": str(self.data_dir),
            "UMT_ENVIRONMENT": "development",
            "UMT_LOG_LEVEL": "WARNING",
            "UMT_OTEL_EXPORTER": "none",
        }
        self.rounds = 0
        self.lock_samples = self.lock_waits = 0  # polls, and polls that saw a lock wait

    async def __aenter__(self) -> Bench:
        self.owner = await register_owner(self.env["UMT_DATABASE_URL"], self.data_dir)
        self.db = await asyncpg.connect(self.dsn)
        await self.db.execute(BARE_TABLE)
        self.broker = await RabbitMqBroker.connect(self.amqp_url)
        await self.broker.declare_agent(AGENT, event_patterns=BRAND_PROJECT.event_patterns)
        self.admin_connection = await aio_pika.connect(self.amqp_url)
        self.admin = await self.admin_connection.channel()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.admin_connection.close()
        await self.broker.close()
        await self.db.close()

    def fleet(self, kind: str, count: int) -> Fleet:
        if kind == "umt":
            argv = [sys.executable, "-m", "umt.entrypoints.cli", "worker", "--agent", AGENT]
            argv += ["--concurrency", str(self.args.concurrency)]
        else:
            argv = [sys.executable, str(FLEET), self.amqp_url, self.dsn, AGENT]
            argv += [str(self.args.concurrency), str(POOL_SIZE)]
        return Fleet(kind, count, self.env, argv)

    async def queue_counts(self, name: str) -> tuple[int, int]:
        """(ready messages, consumers) of a queue."""
        queue = await self.admin.declare_queue(name, passive=True)
        result = queue.declaration_result
        return int(result.message_count or 0), int(result.consumer_count or 0)

    async def consumers_become(self, fleet: Fleet, count: int) -> None:
        deadline = time.monotonic() + 180  # N processes starting on a loaded machine
        while (await self.queue_counts(agent_queue(AGENT)))[1] != count:
            fleet.check_alive()
            if time.monotonic() > deadline:
                raise SystemExit(f"{fleet.kind}: never {count} consumers\n{fleet.log_tail()}")
            await asyncio.sleep(POLL_SECONDS)

    async def committed(self, kind: str) -> int:
        """Rows committed so far; counts the database's sessions waiting on a lock on the way
        (a lock that serialized the workers would show there)."""
        rows = "bench_scale" if kind == "bare" else "brands WHERE organization_id = $1"
        sql = (
            f"SELECT (SELECT count(*) FROM {rows}),"  # noqa: S608  # constant table names
            " (SELECT count(*) FROM pg_stat_activity"
            "  WHERE datname = current_database() AND wait_event_type = 'Lock')"
        )
        params = () if kind == "bare" else (self.owner.organization_id,)
        done, waiting = await self.db.fetchrow(sql, *params)
        self.lock_samples += 1
        self.lock_waits += int(waiting > 0)
        return int(done)

    async def signal(self, fleet: Fleet, command: str) -> None:
        """Pause or resume a fleet (umt: a system message to the agent, as an operator)."""
        if fleet.kind == "bare":
            fleet.tell("go" if command == "resume" else command)
            return
        clock, ids = SystemClock(), UuidV7Generator()
        await send_system_command(self.broker, command, [AGENT], clock=clock, ids=ids)

    async def database_cpu(self) -> dict[int, float]:
        """CPU seconds used so far by each server process of the bench database's sessions
        (PostgreSQL runs on this machine: /proc has them)."""
        pids = await self.db.fetch(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        used = {pid: process_cpu_seconds(pid) for (pid,) in pids}
        return {pid: seconds for pid, seconds in used.items() if seconds is not None}

    async def drain(self, fleet: Fleet, count: int) -> Drain:
        """Pause, preload ``count`` tasks, resume: tasks per second until their rows are
        committed, and the fleet's CPU per task (ms)."""
        await self.signal(fleet, "pause")
        await self.consumers_become(fleet, 0)
        self.rounds += 1
        bodies = task_bodies(self.owner, f"{self.rounds}", count)
        for start in range(0, count, PUBLISH_IN_FLIGHT):
            chunk = bodies[start : start + PUBLISH_IN_FLIGHT]
            await asyncio.gather(*(self.broker.publish_task(AGENT, body) for body in chunk))
        target = await self.committed(fleet.kind) + count
        cpu, db_cpu = fleet.cpu_seconds(), await self.database_cpu()
        self.lock_samples = self.lock_waits = 0
        started = time.perf_counter()
        await self.signal(fleet, "resume")
        deadline = started + 600
        while await self.committed(fleet.kind) < target:
            fleet.check_alive()
            if time.perf_counter() > deadline:
                raise SystemExit(f"{fleet.kind}: the drain did not finish\n{fleet.log_tail()}")
            await asyncio.sleep(POLL_SECONDS)
        elapsed = time.perf_counter() - started
        db_used = sum(s - db_cpu.get(pid, 0.0) for pid, s in (await self.database_cpu()).items())
        drain = Drain(
            rate=count / elapsed,
            cpu_ms=(fleet.cpu_seconds() - cpu) * 1000 / count,
            db_cpu_ms=db_used * 1000 / count,
            lock_share=self.lock_waits / max(1, self.lock_samples),
        )
        ready, _ = await self.queue_counts(agent_queue(AGENT))
        dead, _ = await self.queue_counts(dead_queue(AGENT))
        assert (ready, dead) == (0, 0), (ready, dead)
        return drain


async def measure(bench: Bench, scale: int) -> dict[str, list[Drain]]:
    """Each fleet of ``scale`` processes up once, then its timed drains."""
    series: dict[str, list[Drain]] = {"bare": [], "umt": []}
    fleets = {kind: bench.fleet(kind, scale) for kind in series}
    try:
        for kind, fleet in fleets.items():
            fleet.start()
            if kind == "bare":
                fleet.wait_for("ready")
                fleet.tell("go")
            await bench.consumers_become(fleet, scale)
            # warm-up: connections, caches, prepared statements
            await bench.drain(fleet, max(200, bench.args.messages // 5))
            await bench.signal(fleet, "pause")
            await bench.consumers_become(fleet, 0)
        for round_ in range(bench.args.rounds):
            order = ["bare", "umt"] if round_ % 2 == 0 else ["umt", "bare"]
            for kind in order:
                drain = await bench.drain(fleets[kind], bench.args.messages)
                await bench.signal(fleets[kind], "pause")
                series[kind].append(drain)
                print(
                    f"  N={scale} {kind:4} {drain.rate:8.0f} tasks/s,"
                    f" {drain.cpu_ms:6.2f} ms CPU per task (database {drain.db_cpu_ms:5.2f}),"
                    f" lock waits in {drain.lock_share:.0%} of the polls",
                    flush=True,
                )
    finally:
        for fleet in fleets.values():
            fleet.stop()
    return series


def summarize(results: dict[int, dict[str, list[Drain]]]) -> dict[str, Any]:
    median = {
        n: {kind: statistics.median(d.rate for d in drains) for kind, drains in series.items()}
        for n, series in results.items()
    }
    per_scale: dict[str, Any] = {}
    for n, rates in median.items():
        scaling = {kind: rates[kind] / median[1][kind] for kind in rates}
        per_scale[str(n)] = {
            "median": {kind: round(rate) for kind, rate in rates.items()},
            "series": {kind: [round(d.rate) for d in v] for kind, v in results[n].items()},
            "cpu_ms_per_task": {
                kind: round(statistics.median(d.cpu_ms for d in v), 2)
                for kind, v in results[n].items()
            },
            "db_cpu_ms_per_task": {
                kind: round(statistics.median(d.db_cpu_ms for d in v), 2)
                for kind, v in results[n].items()
            },
            "lock_wait_share": {
                kind: round(max(d.lock_share for d in v), 3) for kind, v in results[n].items()
            },
            "scaling": {kind: round(value, 3) for kind, value in scaling.items()},
            "umt_per_bare": round(rates["umt"] / rates["bare"], 3),
            "relative_scaling": round(scaling["umt"] / scaling["bare"], 3),
        }
    return per_scale


def report(per_scale: dict[str, Any]) -> None:
    print("  CPU ms per task: the consumers' + the database's")
    print(
        "  N   umt tasks/s  vs 1     CPU ms    bare tasks/s  vs 1     CPU ms  umt/bare"
        "  relative  lock waits umt/bare"
    )
    for n, row in per_scale.items():
        cpu, db = row["cpu_ms_per_task"], row["db_cpu_ms_per_task"]
        print(
            f"  {n:>1} {row['median']['umt']:12,} {row['scaling']['umt']:5.2f}"
            f" {cpu['umt']:5.2f}+{db['umt']:4.2f}"
            f" {row['median']['bare']:14,} {row['scaling']['bare']:5.2f}"
            f" {cpu['bare']:5.2f}+{db['bare']:4.2f}"
            f" {row['umt_per_bare']:9.3f} {row['relative_scaling']:9.3f}"
            f"  {row['lock_wait_share']['umt']:.0%} / {row['lock_wait_share']['bare']:.0%}"
        )


async def run(args: argparse.Namespace, amqp_url: str, database: str) -> dict[str, Any]:
    results: dict[int, dict[str, list[Drain]]] = {}
    async with Bench(args, amqp_url, database) as bench:
        for scale in args.scales:
            print(f"N={scale}: {args.messages:,} tasks per drain, {args.rounds} rounds", flush=True)
            results[scale] = await measure(bench, scale)
    return summarize(results)


def main() -> None:
    args = parse_args()
    info = machine()
    command = shlex.join([".venv/bin/python", "bench/worker_scale.py", *sys.argv[1:]])
    load = os.getloadavg()
    print(f"machine: {info['nproc']} x {info['cpu']}, Python {info['python']}")
    print(f"load average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    with throwaway_database() as database, throwaway_vhost() as amqp_url:
        per_scale = asyncio.run(run(args, amqp_url, database))
    report(per_scale)
    relative = per_scale.get("2", {}).get("relative_scaling", 1.0)
    failures = [] if relative >= RELATIVE_GOAL else [f"relative scaling at N=2 {relative}"]
    verdict = "met" if not failures else "MISSED"
    print(f"  relative scaling at N=2 {relative:.3f} (goal >= {RELATIVE_GOAL}): {verdict}")
    figures = {
        "command": command,
        "machine": info,
        "load_average": {"start": round(load[0], 2), "end": round(os.getloadavg()[0], 2)},
        "messages": args.messages,
        "rounds": args.rounds,
        "concurrency": args.concurrency,
        "scales": per_scale,
    }
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    print("result:", "all goals met" if not failures else "; ".join(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
