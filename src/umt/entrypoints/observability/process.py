"""Pointing a process's metrics at its running parts (served by the API's ``/metrics`` and by
the probe port of the other processes: ``observability/probes.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from umt.application.agents.catalogue import AGENTS
from umt.application.agents.worker import AgentWorker
from umt.application.brand.cached_reader import CachedBrandReader
from umt.entrypoints.observability.metrics import Metrics


def watch_process(
    container: Any, workers: Sequence[AgentWorker], *, relay: bool | None = None
) -> Metrics:
    """Metrics of this process: its workers, every agent's queue, the outbox (and the relay's
    counts where one runs: ``relay``, by default as ``UMT_RUN_OUTBOX_RELAY`` says), the cache."""
    metrics: Metrics = container.metrics()
    sources = metrics.sources
    sources.broker = container.broker()
    sources.agents = list(AGENTS)
    sources.workers = list(workers)
    sources.clock = container.clock()
    # the write pool (SQLAlchemy); the read pool of the hot queries is asyncpg's own
    metrics.pools.watch("write", container.engine().sync_engine.pool)
    if container.settings().broker.run_outbox_relay if relay is None else relay:
        sources.relay = container.outbox_relay()
    reader = container.brand_reader()
    if isinstance(reader, CachedBrandReader):
        sources.caches["brand"] = reader.stats
    return metrics
