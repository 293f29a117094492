"""Prometheus metrics, one registry per process (per app in tests).

Cheap on the hot paths: a request and a task attempt each cost one counter increment and one
histogram observation (their label children are cached). Everything else is read at scrape
time from counters the application keeps anyway (``WorkerCounters``, ``RelayStats``,
``CacheStats``) or asked of the broker and the outbox (queue depths, outbox lag), each bounded
by a timeout. docs/operations.md lists every family with its labels.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from umt.application.agents.directory import AgentDirectory
from umt.application.agents.observer import TaskOutcome
from umt.application.agents.worker import AgentWorker
from umt.application.brand.cached_reader import CacheStats
from umt.application.messaging.outbox_relay import OutboxRelay
from umt.entrypoints.observability.agents import agent_instances
from umt.entrypoints.observability.database import PoolCollector
from umt.entrypoints.observability.generation import GenerationMetrics
from umt.ports.clock import Clock
from umt.ports.message_broker import MessageBroker, Unroutable

log = logging.getLogger("umt.metrics")
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
SCRAPE_TIMEOUT_SECONDS = 2.0
TASK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
# how long tasks waited in their queue: from a blink to an hour (a backlog, a stopped agent)
WAIT_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600)


class BreakerRegistry:
    """Circuit breakers by name, each with a callable telling whether it is open now.

    Breakers register themselves (the container does it when it builds one); the
    ``umt_breaker_open{name}`` gauge reads them at scrape time.
    """

    def __init__(self) -> None:
        self._breakers: dict[str, Callable[[], bool]] = {}

    def register(self, name: str, is_open: Callable[[], bool]) -> None:
        self._breakers[name] = is_open

    def states(self) -> dict[str, bool]:
        states = {}
        for name, is_open in self._breakers.items():
            try:
                states[name] = bool(is_open())
            except Exception:  # a failing probe must not break the scrape
                log.warning("breaker %s: state unknown", name, exc_info=True)
        return states


@dataclass
class Sources:
    """What the scrape reads: set by the process once its parts are running."""

    broker: MessageBroker | None = None
    agents: Sequence[str] = ()
    workers: Sequence[AgentWorker] = ()
    relay: OutboxRelay | None = None
    clock: Clock | None = None
    caches: dict[str, CacheStats] = field(default_factory=dict)
    # the agents' instances as heard from their heartbeats (processes that listen to them)
    directory: AgentDirectory | None = None


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.breakers = BreakerRegistry()
        self.sources = Sources()
        registry = self.registry
        self._requests = Counter(
            "umt_http_requests",
            "HTTP requests answered, by route template, method and status code.",
            ["method", "route", "status"],
            registry=registry,
        )
        self._latency = Histogram(
            "umt_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and method.",
            ["method", "route"],
            registry=registry,
        )
        self._tasks = Counter(
            "umt_agent_tasks",
            "Task attempts by agent, task type and outcome "
            "(processed, failed, retried, dead_lettered).",
            ["agent", "task_type", "outcome"],
            registry=registry,
        )
        self._task_seconds = Histogram(
            "umt_agent_task_duration_seconds",
            "Time from delivery to settlement of a task attempt, by agent and task type.",
            ["agent", "task_type"],
            buckets=TASK_BUCKETS,
            registry=registry,
        )
        self._task_wait = Histogram(
            "umt_agent_task_wait_seconds",
            "Time from a task's sending to its delivery to a worker (the age at which its"
            " queue handed it over; a retried task counts from its first sending), by agent.",
            ["agent"],
            buckets=WAIT_BUCKETS,
            registry=registry,
        )
        self.generation = GenerationMetrics(registry)
        self.pools = PoolCollector()
        registry.register(self.pools)
        self._queue_depth = Gauge(
            "umt_queue_depth",
            "Messages waiting in an agent's queue, ready for delivery.",
            ["agent"],
            registry=registry,
        )
        self._outbox_pending = Gauge(
            "umt_outbox_pending", "Outbox rows not yet published.", registry=registry
        )
        self._outbox_age = Gauge(
            "umt_outbox_oldest_age_seconds",
            "Age of the oldest unpublished outbox row (0 when none is pending).",
            registry=registry,
        )
        registry.register(_ScrapeCollector(self))
        self._request_children: dict[tuple[str, str, int], tuple[Any, Any]] = {}
        self._task_children: dict[tuple[str, str, TaskOutcome], tuple[Any, Any]] = {}
        self._wait_children: dict[str, Any] = {}

    # the hot paths ------------------------------------------------------------------------

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, status)
        children = self._request_children.get(key)
        if children is None:
            children = (
                self._requests.labels(method, route, str(status)),
                self._latency.labels(method, route),
            )
            self._request_children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    def observe_task(
        self,
        agent: str,
        task_type: str,
        outcome: TaskOutcome,
        seconds: float,
        *,
        waited_seconds: float | None = None,
    ) -> None:
        """The agent workers' TaskObserver."""
        if waited_seconds is not None:
            wait = self._wait_children.get(agent)
            if wait is None:
                wait = self._wait_children[agent] = self._task_wait.labels(agent)
            wait.observe(waited_seconds)
        key = (agent, task_type, outcome)
        children = self._task_children.get(key)
        if children is None:
            children = (
                self._tasks.labels(agent, task_type, outcome.value),
                self._task_seconds.labels(agent, task_type),
            )
            self._task_children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    # scrape -------------------------------------------------------------------------------

    async def refresh(self) -> None:
        """Ask the broker and the outbox for what only they know (each within a timeout)."""
        sources = self.sources
        if sources.broker is not None:
            for agent in sources.agents:
                try:
                    async with asyncio.timeout(SCRAPE_TIMEOUT_SECONDS):
                        depth = await sources.broker.queue_depth(agent)
                except Unroutable:
                    continue  # not declared (yet): no queue, no sample
                except Exception:
                    log.warning("queue depth of %s unknown", agent, exc_info=True)
                    with contextlib.suppress(KeyError):  # no stale value: no sample
                        self._queue_depth.remove(agent)
                    continue
                self._queue_depth.labels(agent).set(depth)
        if sources.relay is not None and sources.clock is not None:
            try:
                async with asyncio.timeout(SCRAPE_TIMEOUT_SECONDS):
                    lag = await sources.relay.lag()
            except Exception:
                log.warning("outbox lag unknown", exc_info=True)
            else:
                self._outbox_pending.set(lag.pending)
                self._outbox_age.set(lag.oldest_age(sources.clock.now()).total_seconds())

    async def render(self) -> bytes:
        """The text exposition, fresh."""
        await self.refresh()
        return generate_latest(self.registry)


class _ScrapeCollector(Collector):
    """Families read at scrape time from the application's own counters."""

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def describe(self) -> Iterable[Metric]:
        return []  # dynamic: not checked for clashes at registration

    def collect(self) -> Iterator[Metric]:
        sources = self._metrics.sources
        yield from self._workers(sources.workers)
        yield from self._caches(sources.caches)
        if sources.directory is not None:
            yield agent_instances(sources.directory)
        breakers = GaugeMetricFamily(
            "umt_breaker_open", "1 while the named circuit breaker is open.", labels=["name"]
        )
        for name, is_open in sorted(self._metrics.breakers.states().items()):
            breakers.add_metric([name], 1.0 if is_open else 0.0)
        yield breakers
        if sources.relay is not None:
            stats = sources.relay.stats
            for name, value, text in (
                ("umt_outbox_published", stats.published, "Outbox rows published."),
                ("umt_outbox_publish_failures", stats.failed_publishes, "Failed publishes."),
                ("umt_outbox_failed_rounds", stats.failed_rounds, "Relay rounds that failed."),
            ):
                yield CounterMetricFamily(name, text, value=value)
            events = CounterMetricFamily(
                "umt_outbox_events_published",
                "Events the relay published, by event type.",
                labels=["event_type"],
            )
            for event_type, count in sorted(stats.by_event_type.items()):
                events.add_metric([event_type], count)
            yield events

    @staticmethod
    def _workers(workers: Sequence[AgentWorker]) -> Iterator[Metric]:
        in_flight = GaugeMetricFamily(
            "umt_agent_in_flight", "Tasks being handled now.", labels=["agent", "instance"]
        )
        invalid = CounterMetricFamily(
            "umt_agent_invalid_messages",
            "Deliveries that were not valid envelopes (dead-lettered).",
            labels=["agent", "instance"],
        )
        duplicates = CounterMetricFamily(
            "umt_agent_duplicate_tasks",
            "Tasks answered from a stored outcome (redeliveries, reused keys).",
            labels=["agent", "instance"],
        )
        for worker in workers:
            labels = [worker.agent.name, worker.instance_id]
            in_flight.add_metric(labels, worker.in_flight)
            invalid.add_metric(labels, worker.counters.invalid)
            duplicates.add_metric(labels, worker.counters.duplicates)
        yield from (in_flight, invalid, duplicates)

    @staticmethod
    def _caches(caches: dict[str, CacheStats]) -> Iterator[Metric]:
        hits = CounterMetricFamily("umt_cache_hits", "Cache-aside hits.", labels=["cache"])
        misses = CounterMetricFamily(
            "umt_cache_misses", "Cache-aside misses (loaded from the store).", labels=["cache"]
        )
        errors = CounterMetricFamily(
            "umt_cache_errors", "Cache failures (read through, not stored).", labels=["cache"]
        )
        ratio = GaugeMetricFamily(
            "umt_cache_hit_ratio",
            "Hits over lookups since start (absent before the first lookup).",
            labels=["cache"],
        )
        for name, stats in sorted(caches.items()):
            hits.add_metric([name], stats.hits)
            misses.add_metric([name], stats.misses)
            errors.add_metric([name], stats.errors)
            lookups = stats.hits + stats.misses
            if lookups:
                ratio.add_metric([name], stats.hits / lookups)
        yield from (hits, misses, errors, ratio)
