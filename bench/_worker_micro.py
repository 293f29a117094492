"""In-process parts of bench/worker_throughput.py: what one message costs the runtime without
a broker, and the in-process broker's backpressure."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from _agent_runtime import bench_agent, bench_runtime, task_bodies

from umt.adapters.memory.broker import InProcessBroker
from umt.adapters.memory.idempotency_store import InMemoryIdempotencyStore
from umt.application import log_context
from umt.application.agents.execution import Outcome, fingerprint, task_key
from umt.application.messaging.envelope import TaskMessage, parse_message
from umt.ports.message_broker import Delivery


def _us(started: float, count: int) -> float:
    return (time.perf_counter() - started) * 1e6 / count


def _tasks(count: int) -> list[TaskMessage]:
    tasks = [parse_message(body) for body in task_bodies(count)]
    assert all(isinstance(t, TaskMessage) for t in tasks)
    return tasks  # type: ignore[return-value]  # every one checked just above


async def _drain_in_process(count: int, prefetch: int, *, worker: bool) -> float:
    """µs per message through the in-process broker: an AgentWorker, or a bare ack handler."""
    broker = InProcessBroker(queue_size=count)
    agent = bench_agent(f"bench-micro-{uuid.uuid4().hex[:6]}", prefetch)
    await broker.declare_agent(agent.name)
    for body in task_bodies(count):
        await broker.publish_task(agent.name, body)
    acked = 0

    async def bare(delivery: Delivery) -> None:
        nonlocal acked
        await delivery.ack()
        acked += 1

    started = time.perf_counter()
    if worker:
        runtime = bench_runtime(agent, broker, heartbeat_seconds=3600)
        await runtime.worker.start()
        await _wait(lambda: runtime.worker.counters.processed >= count)
        cost = _us(started, count)
        await runtime.worker.stop(grace_seconds=1)
    else:
        subscription = await broker.consume(agent.name, bare, prefetch=prefetch)
        await _wait(lambda: acked >= count)
        cost = _us(started, count)
        await subscription.stop()
    await broker.close()
    return cost


def _span_costs(count: int) -> dict[str, float] | str:  # best of REPEATS too
    """Starting and ending a span: OpenTelemetry's no-op tracer and the SDK's, no exporter."""
    try:
        from opentelemetry import trace
    except ImportError:
        return "pending: opentelemetry is not installed on this branch"
    costs: dict[str, float] = {}
    tracers: dict[str, Any] = {"no-op tracer": trace.NoOpTracer()}
    try:
        from opentelemetry.sdk.trace import TracerProvider
    except ImportError:
        pass
    else:
        tracers["SDK tracer, no exporter"] = TracerProvider().get_tracer("bench")
    for name, tracer in tracers.items():
        runs = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            for _ in range(count):
                with tracer.start_as_current_span("task"):
                    pass
            runs.append(_us(started, count))
        costs[name] = min(runs)
    return costs


REPEATS = 3  # each figure is the best of three runs: the machine is shared and noisy


async def _best(measure: Callable[[], Awaitable[float]]) -> float:
    return min([await measure() for _ in range(REPEATS)])


async def micro(count: int, prefetch: int) -> dict[str, Any]:
    """µs per message of each step, in-process, each the best of REPEATS runs."""
    bodies = task_bodies(count)
    tasks = _tasks(count)
    outcome = Outcome(result={}).to_json()

    async def parse() -> float:
        started = time.perf_counter()
        for body in bodies:
            parse_message(body)
        return _us(started, count)

    async def fingerprints() -> float:
        started = time.perf_counter()
        for task in tasks:
            fingerprint(task)
        return _us(started, count)

    async def log_contexts() -> float:
        started = time.perf_counter()
        for task in tasks:
            header = task.header
            log_context.start_message(
                agent="bench",
                message_id=str(header.message_id),
                correlation_id=None,
                trace_id=header.trace_id,
            )
        return _us(started, count)

    async def idempotency() -> float:
        store = InMemoryIdempotencyStore()
        keys = [(task_key("bench", t), fingerprint(t)) for t in tasks]
        started = time.perf_counter()
        for key, print_ in keys:
            await store.reserve(key, print_, ttl_seconds=120)
            await store.complete(key, print_, outcome, ttl_seconds=86_400)
        return _us(started, count)

    async def executor() -> float:
        runtime = bench_runtime(bench_agent("bench-micro", prefetch), InProcessBroker())
        started = time.perf_counter()
        for task in tasks:
            result = await runtime.executor.run(task)
            assert result.ok, result
            assert not result.duplicate, result
        return _us(started, count)

    figures: dict[str, Any] = {
        "parse_message": await _best(parse),
        "fingerprint": await _best(fingerprints),
        "log context": await _best(log_contexts),
        "idempotency reserve+complete (memory)": await _best(idempotency),
        "TaskExecutor.run (no-op task)": await _best(executor),
    }
    bare = await _best(lambda: _drain_in_process(count, prefetch, worker=False))
    worker = await _best(lambda: _drain_in_process(count, prefetch, worker=True))
    figures["in-process broker, bare ack handler"] = bare
    figures["in-process broker, AgentWorker"] = worker
    figures["AgentWorker overhead per message"] = worker - bare
    figures["tracing (span start+end)"] = _span_costs(count)

    for name, value in figures.items():
        if isinstance(value, dict):
            for sub, us in value.items():
                print(f"  {name}, {sub}: {us:7.2f} µs")
        elif isinstance(value, str):
            print(f"  {name}: {value}")
        else:
            print(f"  {name:40} {value:7.2f} µs")
    return {k: v if not isinstance(v, float) else round(v, 2) for k, v in figures.items()}


async def _publish_against(
    broker: InProcessBroker, total: int, prefetch: int, delay: float
) -> dict[str, Any]:
    """A fast publisher and a slow consumer: the largest backlog the publisher built up."""
    await broker.declare_agent("bench-backpressure")
    received: list[int] = []

    async def slow(delivery: Delivery) -> None:
        received.append(int(delivery.body[:8]))
        await asyncio.sleep(delay)
        await delivery.ack()

    subscription = await broker.consume("bench-backpressure", slow, prefetch=prefetch)
    backlog = 0
    started = time.perf_counter()
    for i in range(total):
        await broker.publish_task("bench-backpressure", f"{i:08d}".encode() + b"x" * 1016)
        backlog = max(backlog, i + 1 - len(received))
    published = time.perf_counter() - started
    await _wait(lambda: len(received) == total)
    drained = time.perf_counter() - started
    await subscription.stop()
    await broker.close()
    assert sorted(received) == list(range(total)), "a message was lost or duplicated"
    return {"max_backlog": backlog, "publish_seconds": published, "drain_seconds": drained}


async def _wait(done: Callable[[], bool], within: float = 60.0) -> None:
    deadline = time.perf_counter() + within
    while not done():  # a counter, polled
        assert time.perf_counter() < deadline, "the consumer never caught up"
        await asyncio.sleep(0.001)


async def backpressure(
    bound: int = 1_000, factor: int = 10, prefetch: int = 4, delay: float = 0.0005
) -> dict[str, Any]:
    """Publish ``factor`` x ``bound`` 1 KiB tasks as fast as possible while a slow consumer
    (``prefetch`` handlers, each sleeping ``delay`` s per message) drains the queue; the same
    against an unbounded queue for contrast."""
    total = bound * factor
    bounded = await _publish_against(InProcessBroker(queue_size=bound), total, prefetch, delay)
    unbounded = await _publish_against(InProcessBroker(queue_size=0), total, prefetch, delay)
    limit = bound + prefetch  # the queue, plus the deliveries the handlers hold
    ok = bounded["max_backlog"] <= limit
    for name, result in (("bounded", bounded), ("unbounded", unbounded)):
        print(
            f"  {name:9} queue: {total:,} tasks of 1 KiB, largest backlog"
            f" {result['max_backlog']:,} ({result['max_backlog'] / 1024:.1f} MiB of bodies),"
            f" publisher done after {result['publish_seconds']:.2f} s, all delivered after"
            f" {result['drain_seconds']:.2f} s"
        )
    verdict = "held" if ok else "EXCEEDED"
    print(f"  bound {bound:,} (+{prefetch} in the handlers): {verdict}; every task arrived once")
    return {
        "bound": bound,
        "tasks": total,
        "bounded": bounded,
        "unbounded": unbounded,
        "bounded_ok": ok,
    }
