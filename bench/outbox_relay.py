"""The outbox relay's throughput against a bare confirmed aio-pika publisher, same run.

relay   N outbox rows preloaded in a throwaway PostgreSQL database (across --aggregates
        aggregates) are drained by umt's OutboxRelay (SqlOutboxFeed: FOR UPDATE SKIP LOCKED
        claims, the per-aggregate order check, envelope building, publish_event through
        RabbitMqBroker with publisher confirms, UPDATE published_at, COMMIT) to RabbitMQ.
bare    aio-pika on its own connection, a channel with publisher confirms, publishing N
        pre-built messages of the relay's body size to the same exchange and queue,
        persistent and mandatory like the adapter, with the same number in flight.

Both publish with --concurrency messages in flight. Timed runs alternate bare/relay and the
median of each is taken. The ratio relay/bare is judged: goal >= 0.7. The queue is purged
between runs, so both always publish into an empty durable queue.

    .venv/bin/python bench/outbox_relay.py            # full run (about 1 minute)
    .venv/bin/python bench/outbox_relay.py --quick    # a smoke run (a few seconds)

Needs PostgreSQL on 127.0.0.1:5432 (UMT_BENCH_PG=host:port) and RabbitMQ
(UMT_BENCH_AMQP, default amqp://guest:guest@127.0.0.1:5672/). Exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
from _support import PG_HOST, machine, throwaway_database

from umt.adapters.rabbitmq.broker import EVENTS, RabbitMqBroker, agent_queue, dead_queue
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.shared.outbox_feed import SqlOutboxFeed
from umt.adapters.system.clock import SystemClock
from umt.application.messaging.outbox_relay import OutboxRelay

GOAL = 0.7
AMQP_URL = os.environ.get("UMT_BENCH_AMQP", "amqp://guest:guest@127.0.0.1:5672/")
EVENT_TYPE = "bench.thing_happened"

# A payload the size of a typical domain event (ids and a few changed fields).
_PRELOAD = """
INSERT INTO outbox (id, event_type, aggregate_type, aggregate_id, organization_id,
                    occurred_at, payload)
SELECT gen_random_uuid(), $1, 'thing', agg.id, $2::uuid, now() + i * interval '1 microsecond',
       jsonb_build_object(
         'aggregate_id', agg.id::text, 'organization_id', $2::uuid::text,
         'data', jsonb_build_object('n', i, 'name', 'Thing ' || i,
                                    'description', repeat('lorem ipsum ', 12)))
FROM generate_series(1, $3::int) AS i,
     LATERAL (SELECT md5('aggregate-' || (i % $4::int))::uuid AS id) AS agg
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer messages and rounds")
    parser.add_argument("--messages", type=int, default=20_000, help="messages per timed run")
    parser.add_argument("--aggregates", type=int, default=1_000, help="aggregates they belong to")
    parser.add_argument("--rounds", type=int, default=3, help="bare/relay run pairs")
    parser.add_argument("--concurrency", type=int, default=64, help="publishes in flight")
    parser.add_argument("--batch-size", type=int, default=500, help="rows per relay claim")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    if args.quick:  # shorter defaults; options given explicitly still win
        for name, value in {"messages": 3_000, "rounds": 1}.items():
            if f"--{name}" not in sys.argv:
                setattr(args, name, value)
    return args


class Bench:
    def __init__(self, database: str, args: argparse.Namespace) -> None:
        self.args = args
        self.dsn = f"postgresql://postgres@{PG_HOST}/{database}"
        self.url = f"postgresql+asyncpg://postgres@{PG_HOST}/{database}"
        self.agent = f"bench-relay-{uuid.uuid4().hex[:8]}"
        self.body_size = 0

    async def __aenter__(self) -> Bench:
        self.engine = create_engine(self.url, pool_size=2)
        self.broker = await RabbitMqBroker.connect(AMQP_URL)
        await self.broker.declare_agent(self.agent, event_patterns=[EVENT_TYPE])
        self.relay = OutboxRelay(
            SqlOutboxFeed(self.engine),
            self.broker,
            SystemClock(),
            batch_size=self.args.batch_size,
            concurrency=self.args.concurrency,
        )
        self.bare_connection = await aio_pika.connect(AMQP_URL)
        self.bare_channel = await self.bare_connection.channel(publisher_confirms=True)
        self.bare_exchange = await self.bare_channel.get_exchange(EVENTS, ensure=True)
        self.queue = await self.bare_channel.get_queue(agent_queue(self.agent), ensure=True)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.queue.delete(if_unused=False, if_empty=False)
        await self.bare_channel.queue_delete(dead_queue(self.agent))
        await self.bare_connection.close()
        await self.broker.close()
        await self.engine.dispose()

    async def preload(self, count: int) -> None:
        connection = await asyncpg.connect(self.dsn)
        try:
            await connection.execute(
                _PRELOAD, EVENT_TYPE, uuid.uuid4(), count, self.args.aggregates
            )
            await connection.execute("VACUUM ANALYZE outbox")
        finally:
            await connection.close()

    async def check_queue(self, expected: int) -> None:
        """Every message arrived (confirmed means routed and stored); then empty the queue."""
        declared = await self.bare_channel.declare_queue(agent_queue(self.agent), passive=True)
        count = declared.declaration_result.message_count
        assert count == expected, f"queue holds {count} messages, expected {expected}"
        await self.queue.purge()

    async def run_relay(self, count: int) -> float:
        await self.preload(count)
        started = time.perf_counter()
        published = 0
        while published < count:
            published += await self.relay.run_once()
        elapsed = time.perf_counter() - started
        lag = await self.relay.lag()
        assert (published, lag.pending) == (count, 0), (published, lag)
        await self.check_queue(count)
        return count / elapsed

    async def sample_body_size(self) -> int:
        """The size of the envelopes the relay publishes (for the bare run's messages)."""
        await self.preload(1)
        async with SqlOutboxFeed(self.engine).claim(1) as claim:
            size = len(self.relay.envelope(claim.messages[0]).to_json())
        assert await self.relay.run_once() == 1
        await self.check_queue(1)
        return size

    async def run_bare(self, count: int) -> float:
        body = b"x" * self.body_size
        remaining = iter(range(count))

        async def worker() -> None:
            for _ in remaining:
                message = aio_pika.Message(
                    body,
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                    message_id=uuid.uuid4().hex,
                )
                await self.bare_exchange.publish(message, EVENT_TYPE, mandatory=True)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(self.args.concurrency)))
        elapsed = time.perf_counter() - started
        await self.check_queue(count)
        return count / elapsed


async def measure(database: str, args: argparse.Namespace) -> dict[str, Any]:
    async with Bench(database, args) as bench:
        bench.body_size = await bench.sample_body_size()
        print(f"message body: {bench.body_size} bytes (the relay's envelope JSON)")
        warm = max(500, args.messages // 10)
        await bench.run_bare(warm)
        await bench.run_relay(warm)
        series: dict[str, list[float]] = {"bare": [], "relay": []}
        for _ in range(args.rounds):
            series["bare"].append(await bench.run_bare(args.messages))
            series["relay"].append(await bench.run_relay(args.messages))
        return {
            "body_bytes": bench.body_size,
            "series": {k: [round(v, 1) for v in values] for k, values in series.items()},
            "median": {k: round(statistics.median(v), 1) for k, v in series.items()},
        }


def main() -> None:
    args = parse_args()
    info = machine()
    command = shlex.join([".venv/bin/python", "bench/outbox_relay.py", *sys.argv[1:]])
    print(f"machine: {info['nproc']} x {info['cpu']}, Python {info['python']}")
    print(
        f"settings: {args.messages} messages over {args.aggregates} aggregates,"
        f" {args.concurrency} in flight, relay batches of {args.batch_size},"
        f" {args.rounds} round(s)"
    )
    with throwaway_database() as database:
        figures = asyncio.run(measure(database, args))
    bare, relay = figures["median"]["bare"], figures["median"]["relay"]
    ratio = relay / bare
    for label in ("bare", "relay"):
        runs = ", ".join(f"{v:.0f}" for v in figures["series"][label])
        print(f"  {label:5}  median {figures['median'][label]:7.0f} msg/s  (runs: {runs})")
    verdict = "OK" if ratio >= GOAL else "BELOW GOAL"
    print(f"  ratio relay/bare {ratio:.3f} (goal >= {GOAL}) {verdict}")
    if args.json:
        figures.update(command=command, machine=info, ratio=round(ratio, 3), goal=GOAL)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    sys.exit(0 if ratio >= GOAL else 1)


if __name__ == "__main__":
    main()
