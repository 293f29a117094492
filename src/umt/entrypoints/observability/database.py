"""The database pool as Prometheus sees it: connections in use and idle, and the pool's size,
read at scrape time from SQLAlchemy's pool (no cost on the query path)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.pool import QueuePool


class PoolCollector(Collector):
    """``umt_database_connections{pool,state}`` and ``umt_database_pool_size{pool}``."""

    def __init__(self) -> None:
        self._pools: dict[str, QueuePool] = {}

    def watch(self, name: str, pool: object) -> None:
        """Report ``pool`` as ``name``; a pool that keeps no count (NullPool, StaticPool:
        nothing is pooled) is left out."""
        if isinstance(pool, QueuePool):
            self._pools[name] = pool

    def describe(self) -> Iterable[Metric]:
        return []  # dynamic: not checked for clashes at registration

    def collect(self) -> Iterator[Metric]:
        connections = GaugeMetricFamily(
            "umt_database_connections",
            "Connections of a database pool by state: in_use (checked out) or idle.",
            labels=["pool", "state"],
        )
        size = GaugeMetricFamily(
            "umt_database_pool_size", "The configured size of a database pool.", labels=["pool"]
        )
        for name, pool in sorted(self._pools.items()):
            connections.add_metric([name, "in_use"], pool.checkedout())
            connections.add_metric([name, "idle"], pool.checkedin())
            size.add_metric([name], pool.size())
        yield connections
        yield size
