"""An agent worker's throughput and memory against a bare aio-pika consumer, same run.

umt     N task envelopes preloaded into the bench agent's durable queue (through the
        RabbitMqBroker adapter) are drained by one AgentWorker: for every delivery envelope
        validation (parse_message), the log context, TaskExecutor.run (fingerprint, idempotency
        reserve and complete on the in-memory store, the inbox look-up, the payload and its
        actor decoded, the no-op command run on the MessageBus under asyncio.timeout, the
        result presented) and the ack, through the real RabbitMQ adapter.
bare    aio-pika on its own connection: the same N messages in the same queue, a consumer with
        the same prefetch and manual acks that decodes nothing and acks each message.

Timed runs alternate bare/umt (--rounds pairs, after a warm-up of each) and the median of
each is compared: goal umt/bare >= 0.85. Then, in a fresh subprocess, one worker drains N
tasks while its RSS is read after N/10 (warm-up) and at the end: goal growth < 10 %. Then
the in-process per-message costs (no broker), and the in-process broker's backpressure.

    .venv/bin/python bench/worker_throughput.py            # full run (a few minutes)
    .venv/bin/python bench/worker_throughput.py --quick    # a smoke run (about 30 s)

Needs RabbitMQ (UMT_BENCH_AMQP, default amqp://guest:guest@127.0.0.1:5672/). The queues
are named after a random bench agent and deleted at the end. Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aio_pika
from _agent_runtime import bench_agent, bench_runtime, peak_rss_kib, rss_kib, task_bodies
from _support import machine
from _worker_micro import backpressure, micro
from redis.asyncio import Redis

from umt.adapters.rabbitmq.broker import RabbitMqBroker, agent_queue, dead_queue
from umt.adapters.redis.idempotency_store import PREFIX as REDIS_PREFIX
from umt.adapters.redis.idempotency_store import RedisIdempotencyStore
from umt.application.agents.worker import WorkerCounters

RATIO_GOAL = 0.85
RSS_GROWTH_LIMIT = 0.10
AMQP_URL = os.environ.get("UMT_BENCH_AMQP", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("UMT_BENCH_REDIS", "redis://127.0.0.1:6379/0")
PUBLISH_IN_FLIGHT = 256
POLL_SECONDS = 0.002
SCRIPT = Path(__file__).resolve()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer messages and rounds")
    parser.add_argument("--messages", type=int, default=50_000, help="tasks per drain")
    parser.add_argument("--prefetch", type=int, default=100, help="prefetch of both consumers")
    parser.add_argument("--rounds", type=int, default=3, help="timed bare/umt pairs")
    parser.add_argument("--micro", type=int, default=20_000, help="messages per micro-bench")
    parser.add_argument(
        "--only",
        choices=("throughput", "memory", "micro", "backpressure"),
        action="append",
        help="run only these parts (repeatable)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    parser.add_argument("--memory-child", metavar="AGENT", help=argparse.SUPPRESS)
    parser.add_argument("--store", default="redis", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:  # shorter defaults; options given explicitly still win
        for name, value in {"messages": 5_000, "rounds": 2, "micro": 5_000}.items():
            if f"--{name}" not in sys.argv:
                setattr(args, name, value)
    args.parts = args.only or ["throughput", "memory", "micro", "backpressure"]
    return args


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Drain:
    """Times one drain: wall clock and this process's CPU (user + system)."""

    def __init__(self, count: int) -> None:
        self.count = count

    def __enter__(self) -> Drain:
        self._wall, self._cpu = time.perf_counter(), cpu_seconds()
        return self

    def __exit__(self, *_: object) -> None:
        self.rate = self.count / (time.perf_counter() - self._wall)
        self.cpu_us = (cpu_seconds() - self._cpu) * 1e6 / self.count


def freeze_start_up() -> None:
    """What `umt worker` does once started (and `umt serve`): the start-up heap leaves the
    garbage collector's generations. The bench does it once set up, for both consumers."""
    gc.collect()
    gc.freeze()


async def wait_until(done: Callable[[], bool]) -> None:
    while not done():  # noqa: ASYNC110  # a counter, polled: cheaper than an Event per message
        await asyncio.sleep(POLL_SECONDS)


def check_counters(counters: WorkerCounters, count: int) -> None:
    failures = (counters.failed, counters.invalid, counters.duplicates, counters.retried)
    assert counters.processed == count, counters
    assert failures == (0, 0, 0, 0), counters


class Bench:
    """The bench agent's queue, the adapter that preloads it, and a bare connection."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.agent = bench_agent(f"bench-worker-{uuid.uuid4().hex[:8]}", args.prefetch)

    async def __aenter__(self) -> Bench:
        self.broker = await RabbitMqBroker.connect(AMQP_URL)
        await self.broker.declare_agent(self.agent.name)
        self.bare_connection = await aio_pika.connect(AMQP_URL)
        self.admin = await self.bare_connection.channel()
        return self

    async def __aexit__(self, *_: object) -> None:
        try:  # on a fresh connection: a failed run may have closed the others' channels
            connection = await aio_pika.connect(AMQP_URL)
            channel = await connection.channel()
            await channel.queue_delete(agent_queue(self.agent.name))
            await channel.queue_delete(dead_queue(self.agent.name))
            await connection.close()
        finally:
            await self.bare_connection.close()
            await self.broker.close()

    async def queued(self) -> int:
        declared = await self.admin.declare_queue(agent_queue(self.agent.name), passive=True)
        count = declared.declaration_result.message_count
        return int(count or 0)

    async def preload(self, count: int) -> None:
        """``count`` fresh task envelopes into an empty queue, through the umt adapter."""
        assert await self.queued() == 0
        bodies = task_bodies(count)
        for start in range(0, count, PUBLISH_IN_FLIGHT):
            chunk = bodies[start : start + PUBLISH_IN_FLIGHT]
            await asyncio.gather(*(self.broker.publish_task(self.agent.name, b) for b in chunk))
        queued = await self.queued()
        assert queued == count, (queued, count)

    async def drained(self) -> None:
        """Every ack has reached RabbitMQ: the queue is empty (within a few seconds)."""
        for _ in range(500):
            if await self.queued() == 0:
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"{await self.queued()} messages left in the queue")

    async def run_umt(self, count: int) -> Drain:
        await self.preload(count)
        runtime = bench_runtime(self.agent, self.broker)
        worker = runtime.worker
        with Drain(count) as drain:
            await worker.start()
            await wait_until(lambda: worker.counters.processed >= count)
        await worker.stop(grace_seconds=5)
        check_counters(worker.counters, count)
        await self.drained()
        return drain

    async def run_bare(self, count: int) -> Drain:
        await self.preload(count)
        channel = await self.bare_connection.channel()
        await channel.set_qos(prefetch_count=self.args.prefetch)
        queue = await channel.get_queue(agent_queue(self.agent.name))
        acked = 0

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            nonlocal acked
            await message.ack()
            acked += 1

        with Drain(count) as drain:
            tag = await queue.consume(on_message)
            await wait_until(lambda: acked >= count)
        await queue.cancel(tag)
        await channel.close()
        await self.drained()
        return drain


async def throughput(bench: Bench, args: argparse.Namespace) -> dict[str, Any]:
    warm = max(1_000, args.messages // 10)
    await bench.run_bare(warm)
    await bench.run_umt(warm)
    freeze_start_up()
    series: dict[str, list[Drain]] = {"bare": [], "umt": []}
    for round_ in range(args.rounds):
        # alternate which goes first, so neither always follows the other
        order: list[tuple[str, Callable[[int], Awaitable[Drain]]]] = [
            ("bare", bench.run_bare),
            ("umt", bench.run_umt),
        ]
        for label, run in order if round_ % 2 == 0 else reversed(order):
            drain = await run(args.messages)
            series[label].append(drain)
            print(
                f"  {label:4} {drain.rate:8.0f} msg/s, {drain.cpu_us:6.1f} µs CPU per message",
                flush=True,
            )
    median = {k: statistics.median(d.rate for d in v) for k, v in series.items()}
    return {
        "series": {k: [round(d.rate) for d in drains] for k, drains in series.items()},
        "median": {k: round(v) for k, v in median.items()},
        "cpu_us": {
            k: round(statistics.median(d.cpu_us for d in drains), 1) for k, drains in series.items()
        },
        "ratio": round(median["umt"] / median["bare"], 3),
    }


# -- memory: one worker in a fresh process ------------------------------------------------


async def memory_child(agent_name: str, count: int, prefetch: int, store: str) -> dict[str, Any]:
    """Runs in the subprocess: drain ``count`` preloaded tasks, reading RSS on the way."""
    broker = await RabbitMqBroker.connect(AMQP_URL)
    redis = Redis.from_url(REDIS_URL) if store == "redis" else None
    try:
        idempotency = RedisIdempotencyStore(redis) if redis is not None else None
        runtime = bench_runtime(bench_agent(agent_name, prefetch), broker, idempotency=idempotency)
        worker = runtime.worker
        samples: list[tuple[int, int]] = [(0, rss_kib())]
        step = max(1, count // 10)
        started = time.perf_counter()
        await worker.start()
        freeze_start_up()
        while worker.counters.processed < count:
            await asyncio.sleep(POLL_SECONDS)
            done = worker.counters.processed
            if done >= samples[-1][0] + step or done >= count:
                samples.append((done, rss_kib()))
        elapsed = time.perf_counter() - started
        await worker.stop(grace_seconds=5)
        check_counters(worker.counters, count)
    finally:
        await broker.close()
        if redis is not None:  # the bench agent's keys only (its name is unique)
            keys = [k async for k in redis.scan_iter(f"{REDIS_PREFIX}task:{agent_name}:*")]
            for start in range(0, len(keys), 1_000):
                await redis.delete(*keys[start : start + 1_000])
            await redis.aclose()
    return {"samples": samples, "rate": round(count / elapsed), "peak_kib": peak_rss_kib()}


async def memory(bench: Bench, args: argparse.Namespace, store: str) -> dict[str, Any]:
    await bench.preload(args.messages)
    command = [
        sys.executable,
        str(SCRIPT),
        "--memory-child",
        bench.agent.name,
        "--store",
        store,
        "--messages",
        str(args.messages),
        "--prefetch",
        str(args.prefetch),
    ]
    process = await asyncio.create_subprocess_exec(*command, stdout=subprocess.PIPE)
    stdout, _ = await process.communicate()
    assert process.returncode == 0, f"the memory subprocess failed ({process.returncode})"
    figures: dict[str, Any] = json.loads(stdout.decode().strip().splitlines()[-1])
    await bench.drained()
    samples = figures["samples"]
    warm = next(kib for done, kib in samples if done >= args.messages // 10)
    end = samples[-1][1]
    figures.update(
        store=store, start_kib=samples[0][1], warm_kib=warm, end_kib=end, growth=end / warm - 1
    )
    return figures


# -- the report ---------------------------------------------------------------------------


def report_throughput(figures: dict[str, Any], failures: list[str]) -> None:
    for label in ("bare", "umt"):
        runs = " / ".join(f"{v:,}" for v in figures["series"][label])
        print(
            f"  {label:4} median {figures['median'][label]:8,} msg/s"
            f" ({figures['cpu_us'][label]} µs CPU per message; runs: {runs})"
        )
    verdict = "met" if figures["ratio"] >= RATIO_GOAL else "MISSED"
    print(f"  ratio umt/bare {figures['ratio']:.3f} (goal >= {RATIO_GOAL}): {verdict}")
    if figures["ratio"] < RATIO_GOAL:
        failures.append(f"ratio {figures['ratio']:.3f} < {RATIO_GOAL}")


def report_memory(mem: dict[str, Any], count: int, failures: list[str]) -> None:
    curve = ", ".join(f"{done:,}: {kib / 1024:.1f}" for done, kib in mem["samples"])
    print(f"  RSS MiB by tasks done: {curve}")
    verdict = "met" if mem["growth"] < RSS_GROWTH_LIMIT else "MISSED"
    print(
        f"  RSS after warm-up ({count // 10:,} tasks) {mem['warm_kib'] / 1024:.1f} MiB,"
        f" at the end ({count:,}) {mem['end_kib'] / 1024:.1f} MiB:"
        f" growth {mem['growth']:+.1%} (goal < {RSS_GROWTH_LIMIT:.0%}): {verdict};"
        f" peak {mem['peak_kib'] / 1024:.1f} MiB; {mem['rate']:,} msg/s"
    )
    if mem["growth"] >= RSS_GROWTH_LIMIT:
        failures.append(f"RSS grew {mem['growth']:.1%}")


async def run(args: argparse.Namespace, figures: dict[str, Any], failures: list[str]) -> None:
    if {"throughput", "memory"} & set(args.parts):
        async with Bench(args) as bench:
            print(f"queue: {agent_queue(bench.agent.name)}")
            if "throughput" in args.parts:
                print(f"throughput: {args.messages:,} tasks per drain, prefetch {args.prefetch}")
                figures["throughput"] = await throughput(bench, args)
                report_throughput(figures["throughput"], failures)
            if "memory" in args.parts:
                for store, judged in (("redis", True), ("memory", False)):
                    print(
                        f"memory: one worker in a fresh process drains {args.messages:,} tasks,"
                        f" idempotency store: {store}"
                        + ("" if judged else " (for information: it keeps every outcome)")
                    )
                    figures[f"memory_{store}"] = mem = await memory(bench, args, store)
                    report_memory(mem, args.messages, failures if judged else [])
    if "micro" in args.parts:
        print(f"in-process per-message cost (no broker), {args.micro:,} messages each:")
        figures["micro"] = await micro(args.micro, args.prefetch)
    if "backpressure" in args.parts:
        print("in-process broker backpressure:")
        figures["backpressure"] = result = await backpressure()
        if not result["bounded_ok"]:
            failures.append("the in-process broker's queue outgrew its bound")


def main() -> None:
    args = parse_args()
    if args.memory_child:
        result = asyncio.run(
            memory_child(args.memory_child, args.messages, args.prefetch, args.store)
        )
        print(json.dumps(result))
        return
    info = machine()
    command = shlex.join([".venv/bin/python", "bench/worker_throughput.py", *sys.argv[1:]])
    print(f"machine: {info['nproc']} x {info['cpu']}, Python {info['python']}")
    figures: dict[str, Any] = {"command": command, "machine": info}
    failures: list[str] = []
    asyncio.run(run(args, figures, failures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    print("result:", "all goals met" if not failures else "; ".join(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
