"""The analytics handler tests: the bus on the in-memory adapters, with a short late-data
window (so that lateness can be seen) and a brand in Berlin."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from tests.support.services import in_memory_services

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.analytics.config import AnalyticsConfig
from umt.application.audit.entries import entry_for_event
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
CONFIG = AnalyticsConfig(late_days=7, retention_days=60, max_batch_rows=50)
ZONE = "Europe/Berlin"  # UTC+1 in March 2026 until the 29th


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def analytics_config() -> AnalyticsConfig:
    return CONFIG


@pytest.fixture
def bus(store: InMemoryStore, clock: FixedClock, analytics_config: AnalyticsConfig) -> MessageBus:
    ids = UuidV7Generator()
    services = dataclasses.replace(in_memory_services(store, clock), analytics=analytics_config)
    return MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        services=services,
        handlers=HANDLERS,
    )


@pytest.fixture
async def brand_id(bus: MessageBus, owner: Principal) -> UUID:
    brand: Brand = await bus.ask(CreateBrand(name="Acme Coffee", time_zone=ZONE), Brand, owner)
    return brand.id


def row(subject: UUID, at: str, value: Any, **overrides: Any) -> dict[str, Any]:
    """A valid sample row of a LinkedIn post's impressions."""
    values: dict[str, Any] = {
        "subject_kind": "publication",
        "subject_id": str(subject),
        "channel": "linkedin",
        "metric": "impressions",
        "value": value,
        "observed_at": at,
    }
    values.update(overrides)
    return values
