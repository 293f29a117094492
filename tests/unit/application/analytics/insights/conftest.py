"""The insights' handler tests: the bus on the in-memory adapters, a brand in UTC whose
latest complete day is Thursday 2026-03-19, and helpers that write a subject's daily
changes as the cumulative totals platforms report."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest
from tests.support.services import in_memory_services

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.ingest_samples import IngestReport, IngestSamples
from umt.application.analytics.insights.config import InsightConfig
from umt.application.audit.entries import entry_for_event
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
DAY = date(2026, 3, 19)  # the latest complete day (a Thursday)
ANALYTICS = AnalyticsConfig(late_days=120, retention_days=400)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def insight_config() -> InsightConfig:
    return InsightConfig()


@pytest.fixture
def uow_factory(store: InMemoryStore) -> Any:
    ids = UuidV7Generator()
    return lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event)


@pytest.fixture
def bus(
    store: InMemoryStore, clock: FixedClock, insight_config: InsightConfig, uow_factory: Any
) -> MessageBus:
    services = dataclasses.replace(
        in_memory_services(store, clock), analytics=ANALYTICS, insight_config=insight_config
    )
    return MessageBus(uow_factory=uow_factory, services=services, handlers=HANDLERS)


@pytest.fixture
async def brand_id(bus: MessageBus, owner: Principal) -> UUID:
    brand: Brand = await bus.ask(CreateBrand(name="Acme Tea", time_zone="UTC"), Brand, owner)
    return brand.id


def totals(
    subject: UUID,
    changes: Mapping[date, float],
    *,
    metric: str = "clicks",
    channel: str = "linkedin",
) -> list[dict[str, Any]]:
    """The cumulative totals read at noon each day of ``changes`` (the day's change)."""
    rows: list[dict[str, Any]] = []
    total = 0.0
    for day in sorted(changes):
        total += changes[day]
        rows.append(
            {
                "subject_kind": "publication",
                "subject_id": str(subject),
                "channel": channel,
                "metric": metric,
                "value": str(total),
                "observed_at": datetime.combine(day, time(12), tzinfo=UTC).isoformat(),
            }
        )
    return rows


def days_before(day: date, first: int, last: int = 0) -> list[date]:
    """The days ``first`` to ``last`` days before ``day``, oldest first."""
    return [day - timedelta(days=n) for n in range(first, last - 1, -1)]


async def ingest(
    bus: MessageBus, owner: Principal, brand_id: UUID, rows: list[dict[str, Any]]
) -> None:
    report = await bus.ask(IngestSamples(brand_id=brand_id, samples=rows), IngestReport, owner)
    assert report.stored == len(rows)
