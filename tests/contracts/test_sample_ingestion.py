"""The ingestion's write on every adapter (memory, SQLite, PostgreSQL): a batch of rows checked
as the sink reads them, stored once by the sample key, its late samples counted once even when
the sink reads the batch a second time (PostgreSQL, when a key is stored already), and a bad
row after many good ones refusing the whole batch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from uuid import UUID, uuid4

import pytest
from tests.contracts.builders import organization, simple_brand, store
from tests.contracts.conftest import UowFactory

from umt.adapters.system.clock import FixedClock
from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.ingest_samples import IngestReport, ingest
from umt.application.principal import Principal
from umt.domain.analytics.errors import InvalidSamples
from umt.domain.brand.brand import Brand
from umt.domain.identity.permissions import Role
from umt.domain.shared.ids import UserId
from umt.domain.shared.metrics import SubjectKind
from umt.ports.metric_sample_reader import SampleQuery

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)
CONFIG = AnalyticsConfig(late_days=7, retention_days=0)
LATE = NOW - timedelta(days=12)  # on a day whose buckets are final


async def a_brand(factory: UowFactory) -> Brand:
    org = organization()
    brand = replace(simple_brand(org, f"Brand {uuid4().hex[:6]}"), time_zone="UTC")
    await store(factory(), org, brands=(brand,))
    return brand


def row(post: UUID, at: datetime, value: int) -> dict[str, Any]:
    return {
        "subject_kind": "publication",
        "subject_id": post,
        "channel": "linkedin",
        "metric": "impressions",
        "value": value,
        "observed_at": at,
    }


async def ingested(factory: UowFactory, brand: Brand, rows: list[Any]) -> IngestReport:
    actor = Principal.for_member(UserId(uuid4()), brand.organization_id, Role.OWNER)
    view: Any = SimpleNamespace(id=brand.id, time_zone=brand.time_zone)  # what ingest reads
    return await ingest(
        factory(),
        actor,
        view,
        rows,
        source="api",
        label=lambda index: f"samples[{index}]",
        clock=FixedClock(NOW),
        analytics=CONFIG,
    )


async def stored_times(factory: UowFactory, brand: Brand, post: UUID) -> list[datetime]:
    query = SampleQuery(
        organization_id=brand.organization_id,
        subject_kind=SubjectKind.PUBLICATION,
        subject_id=post,
    )
    async with factory() as uow:
        page = await uow.metric_readings.series(query, after=None, limit=100)
    return [s.observed_at for s in page.samples]


class TestSampleIngestion:
    async def test_a_redelivered_batch_stores_nothing_and_counts_its_late_rows_once(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory)
        post = uuid4()
        rows = [row(post, LATE, 5), row(post, NOW - timedelta(hours=2), 9)]
        first = await ingested(uow_factory, brand, rows)
        assert (first.stored, first.duplicates, first.late) == (2, 0, 1)
        again = await ingested(uow_factory, brand, [*rows, row(post, NOW, 12)])
        assert (again.received, again.stored, again.duplicates, again.late) == (3, 1, 2, 1)
        assert await stored_times(uow_factory, brand, post) == [
            LATE,
            NOW - timedelta(hours=2),
            NOW,
        ]

    async def test_a_bad_row_after_many_good_ones_stores_nothing_of_the_batch(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory)
        post = uuid4()
        rows = [row(post, NOW - timedelta(minutes=m), m) for m in range(1, 3001)]
        rows.append(row(post, NOW, -1))  # a cumulative total below zero
        with pytest.raises(InvalidSamples) as refused:
            await ingested(uow_factory, brand, rows)
        assert refused.value.errors[0][0] == "samples[3000].value"
        assert await stored_times(uow_factory, brand, post) == []
