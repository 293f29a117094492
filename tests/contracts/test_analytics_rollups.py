"""Contracts of the analytics storage, run against every adapter (memory, SQLite, PostgreSQL):
the metric sink's daily rollups (deltas of cumulative totals in the brand's time zone,
replaced for the buckets a batch touched), the rollup reader's sums, and the upkeep of the raw
samples (partitions on PostgreSQL, retention everywhere)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from tests.contracts.builders import organization, simple_brand, store
from tests.contracts.conftest import UowFactory

from umt.domain.analytics.errors import InvalidSamples
from umt.domain.brand.brand import Brand
from umt.domain.brand.channels import Channel
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.metric_rollups import MetricRollup, RollupQuery, RollupSum
from umt.ports.metric_sample_reader import SampleQuery
from umt.ports.metric_sink import MetricSample, RollupWindow

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
OPEN = RollupWindow(now=NOW, late_days=3650)
ZONE = "America/New_York"  # UTC-4 in March 2026 (daylight time from the 8th)
D = date(2026, 3, 10)


async def a_brand(factory: UowFactory, zone: str = ZONE) -> Brand:
    org = organization()
    brand = replace(simple_brand(org, f"Brand {uuid4().hex[:6]}"), time_zone=zone)
    await store(factory(), org, brands=(brand,))
    return brand


def sample(
    brand: Brand, subject: UUID, at: datetime, value: int | str, **overrides: Any
) -> MetricSample:
    values: dict[str, Any] = {
        "organization_id": brand.organization_id,
        "brand_id": brand.id,
        "subject_kind": SubjectKind.PUBLICATION,
        "subject_id": subject,
        "channel": Channel.LINKEDIN,
        "metric": Metric.IMPRESSIONS,
        "value": Decimal(value),
        "observed_at": at,
        "source": "linkedin",
        "raw_name": "impressionCount",
    }
    values.update(overrides)
    return MetricSample(**values)


def local(day: date, hour: int) -> datetime:
    """``hour`` o'clock of ``day`` in New York (UTC-4 in these days), as UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) + timedelta(hours=4)


async def write(factory: UowFactory, *samples: MetricSample, window: RollupWindow = OPEN) -> int:
    """Store ``samples``, then bring the rollups up to date as the rollup-refresh loop would
    (a sink that rolls up as it writes has nothing to refresh)."""
    async with factory() as uow:
        stored = await uow.metric_samples.write(samples, window=window)
        await uow.commit()
    await refreshed(factory, window)
    return stored


async def refreshed(factory: UowFactory, window: RollupWindow = OPEN, limit: int = 2) -> int:
    """Refresh until nothing waits (``limit`` notes at a time: a backlog takes several
    transactions); how many notes were taken."""
    total = 0
    while True:
        async with factory() as uow:
            taken = await uow.metric_samples.refresh_rollups(window=window, limit=limit)
            await uow.commit()
        if not taken:
            return total
        total += taken


async def buckets(
    factory: UowFactory, brand: Brand, subject: UUID, metric: Metric | None = None
) -> list[tuple[date, Decimal, Decimal]]:
    async with factory() as uow:
        found = await uow.metric_rollups.series(
            OrganizationId(brand.organization_id), SubjectKind.PUBLICATION, subject, metric=metric
        )
    return [(b.day, b.value, b.total) for b in found]


def day(offset: int) -> date:
    return D + timedelta(days=offset)


class TestRollups:
    async def test_daily_changes_of_cumulative_totals_in_the_brands_time_zone(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory)
        post = uuid4()
        await write(
            uow_factory,
            sample(brand, post, local(day(0), 9), 100),
            sample(brand, post, local(day(0), 23), 150),  # 03:00 UTC the next day
            sample(brand, post, local(day(1), 10), 180),
            sample(brand, post, local(day(3), 8), 260),  # day 2 has no reading
        )
        assert await buckets(uow_factory, brand, post) == [
            (day(0), Decimal(150), Decimal(150)),  # counted from zero
            (day(1), Decimal(30), Decimal(180)),
            (day(3), Decimal(80), Decimal(260)),
        ]

    async def test_a_redelivered_batch_changes_nothing(self, uow_factory: UowFactory) -> None:
        brand = await a_brand(uow_factory)
        post = uuid4()
        batch = [sample(brand, post, local(day(i), 12), 10 * (i + 1) ** 2) for i in range(4)]
        assert await write(uow_factory, *batch) == 4
        before = await buckets(uow_factory, brand, post)
        assert await write(uow_factory, *batch) == 0
        assert await write(uow_factory, *reversed(batch)) == 0
        assert await buckets(uow_factory, brand, post) == before
        assert [v for _, v, _ in before] == [Decimal(10), Decimal(30), Decimal(50), Decimal(70)]

    async def test_a_late_sample_replaces_the_buckets_it_touches(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory)
        post = uuid4()
        await write(
            uow_factory,
            sample(brand, post, local(day(0), 12), 100),
            sample(brand, post, local(day(4), 12), 400),
        )
        assert [v for _, v, _ in await buckets(uow_factory, brand, post)] == [100, 300]
        # a reading of day 2 arrives later: days 2 and 4 change, the sum stays the total
        await write(uow_factory, sample(brand, post, local(day(2), 12), 250))
        assert await buckets(uow_factory, brand, post) == [
            (day(0), Decimal(100), Decimal(100)),
            (day(2), Decimal(150), Decimal(250)),
            (day(4), Decimal(150), Decimal(400)),
        ]
        # and a later reading of day 0 moves its total up
        await write(uow_factory, sample(brand, post, local(day(0), 20), 120))
        values = await buckets(uow_factory, brand, post)
        assert [(v, t) for _, v, t in values] == [(120, 120), (130, 250), (150, 400)]

    async def test_days_older_than_the_late_data_window_stay_final(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory)
        post = uuid4()
        window = RollupWindow(now=local(day(10), 12), late_days=5)  # days 5 and later open
        await write(
            uow_factory,
            sample(brand, post, local(day(0), 12), 100),
            sample(brand, post, local(day(8), 12), 300),
        )
        late = sample(brand, post, local(day(2), 12), 180)
        assert await write(uow_factory, late, window=window) == 1  # stored, raw
        assert await buckets(uow_factory, brand, post) == [
            (day(0), Decimal(100), Decimal(100)),
            (day(8), Decimal(200), Decimal(300)),
        ]
        # a sample of an open day is rolled up from the last final bucket's total
        await write(uow_factory, sample(brand, post, local(day(6), 12), 240), window=window)
        assert await buckets(uow_factory, brand, post) == [
            (day(0), Decimal(100), Decimal(100)),
            (day(6), Decimal(140), Decimal(240)),
            (day(8), Decimal(60), Decimal(300)),
        ]
        async with uow_factory() as uow:
            series = await uow.metric_readings.series(
                SampleQuery(
                    organization_id=OrganizationId(brand.organization_id),
                    subject_kind=SubjectKind.PUBLICATION,
                    subject_id=post,
                ),
                after=None,
                limit=10,
            )
        assert [s.value for s in series.samples] == [100, 180, 240, 300]

    async def test_sources_form_one_series_and_metrics_their_own(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory, zone="UTC")
        ad = uuid4()
        at = datetime(2026, 3, 10, 8, tzinfo=UTC)
        await write(
            uow_factory,
            sample(brand, ad, at, 10),
            sample(brand, ad, at + timedelta(hours=2), 14, source="csv"),
            sample(brand, ad, at + timedelta(days=1), 20),
            sample(brand, ad, at, "12.5", metric=Metric.SPEND, currency="EUR", raw_name="spend"),
            sample(brand, ad, at + timedelta(days=1), "12", metric=Metric.SPEND, currency="EUR"),
        )
        assert await buckets(uow_factory, brand, ad, Metric.IMPRESSIONS) == [
            (date(2026, 3, 10), Decimal(14), Decimal(14)),
            (date(2026, 3, 11), Decimal(6), Decimal(20)),
        ]
        # a total that went down (a platform's correction) is a negative change
        spend = await buckets(uow_factory, brand, ad, Metric.SPEND)
        assert [(v, t) for _, v, t in spend] == [
            (Decimal("12.5"), Decimal("12.5")),
            (Decimal("-0.5"), 12),
        ]

    async def test_an_unknown_brand_rolls_up_in_utc_and_keys_are_per_tenant(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory)
        stranger = replace(brand, id=BrandId(uuid4()), organization_id=OrganizationId(uuid4()))
        post = uuid4()
        at = datetime(2026, 3, 10, 2, tzinfo=UTC)  # the 9th in New York, the 10th in UTC
        assert await write(uow_factory, sample(brand, post, at, 5)) == 1
        # the same key in another organization is another sample
        assert await write(uow_factory, sample(stranger, post, at, 7)) == 1
        assert await buckets(uow_factory, brand, post) == [(date(2026, 3, 9), 5, 5)]
        assert await buckets(uow_factory, stranger, post) == [(date(2026, 3, 10), 7, 7)]

    async def test_a_day_that_starts_at_a_clock_change(self, uow_factory: UowFactory) -> None:
        # Santiago skips midnight of 6 September 2026 (UTC-4 until 04:00 UTC, then UTC-3)
        brand = await a_brand(uow_factory, zone="America/Santiago")
        post = uuid4()
        window = RollupWindow(now=datetime(2026, 9, 10, tzinfo=UTC), late_days=30)
        before = datetime(2026, 9, 6, 3, 30, tzinfo=UTC)  # 23:30 on the 5th
        after = datetime(2026, 9, 6, 4, 30, tzinfo=UTC)  # 01:30 on the 6th
        await write(uow_factory, sample(brand, post, before, 10), sample(brand, post, after, 15))
        # a later reading of the 6th rebuilds the 6th only, from the 5th's total
        await write(
            uow_factory, sample(brand, post, after + timedelta(minutes=30), 16), window=window
        )
        assert await buckets(uow_factory, brand, post) == [
            (date(2026, 9, 5), Decimal(10), Decimal(10)),
            (date(2026, 9, 6), Decimal(6), Decimal(16)),
        ]

    async def test_nothing_is_rolled_up_without_a_commit(self, uow_factory: UowFactory) -> None:
        brand = await a_brand(uow_factory)
        post = uuid4()
        async with uow_factory() as uow:
            await uow.metric_samples.write([sample(brand, post, local(day(0), 9), 3)], window=OPEN)
        assert await refreshed(uow_factory) == 0  # nothing noted either
        assert await buckets(uow_factory, brand, post) == []
        # two writes in one transaction
        async with uow_factory() as uow:
            await uow.metric_samples.write([sample(brand, post, local(day(0), 9), 3)], window=OPEN)
            await uow.metric_samples.write([sample(brand, post, local(day(1), 9), 8)], window=OPEN)
            await uow.commit()
        await refreshed(uow_factory)
        assert [v for _, v, _ in await buckets(uow_factory, brand, post)] == [3, 5]

    async def test_a_batch_partly_stored_before_stores_and_rolls_up_only_its_new_samples(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory)
        post = uuid4()
        first = sample(brand, post, local(day(0), 9), 3)
        async with uow_factory() as uow:
            assert await uow.metric_samples.write([first], window=OPEN) == 1
            # the same transaction again, the stored sample with a changed value among new ones
            # (PostgreSQL: the fast COPY fails on the key and the batch takes the slow path)
            again = [
                sample(brand, post, local(day(0), 9), 99),
                sample(brand, post, local(day(1), 9), 8),
                sample(brand, post, local(day(1), 9), 8),  # twice in the batch
            ]
            assert await uow.metric_samples.write(again, window=OPEN) == 1
            await uow.commit()
        assert await write(uow_factory, first, *again) == 0
        assert [(v, t) for _, v, t in await buckets(uow_factory, brand, post)] == [(3, 3), (5, 8)]

    async def test_one_refresh_at_a_time_and_a_backlog_taken_in_bounded_steps(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory)
        posts = [uuid4() for _ in range(3)]
        async with uow_factory() as uow:
            await uow.metric_samples.write(
                [sample(brand, p, local(day(0), 9), 4) for p in posts], window=OPEN
            )
            await uow.commit()
        async with uow_factory() as first:
            taken = await first.metric_samples.refresh_rollups(window=OPEN, limit=1)
            async with uow_factory() as second:  # while the first one's transaction is open
                assert await second.metric_samples.refresh_rollups(window=OPEN, limit=10) == 0
            await first.commit()
        rest = await refreshed(uow_factory, limit=1)
        assert (taken, rest) in {(1, 2), (0, 0)}  # deferred (PostgreSQL), or rolled up at once
        for post in posts:
            assert [v for _, v, _ in await buckets(uow_factory, brand, post)] == [4]

    async def test_a_failure_while_the_samples_are_read_stores_nothing(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory)
        post = uuid4()

        def samples() -> Iterator[MetricSample]:  # as a bulk load checks rows while it streams
            for hour in range(2000):
                yield sample(brand, post, local(day(0), 0) + timedelta(seconds=hour), hour)
            raise InvalidSamples("row 2000 is bad", field="samples[2000].value")

        async def write_and_commit() -> None:
            async with uow_factory() as uow:
                await uow.metric_samples.write(samples(), window=OPEN)
                await uow.commit()

        with pytest.raises(InvalidSamples):
            await write_and_commit()
        assert await refreshed(uow_factory) == 0
        assert await buckets(uow_factory, brand, post) == []
        assert await write(uow_factory, sample(brand, post, local(day(0), 9), 3)) == 1


class TestRollupSums:
    async def test_sums_per_day_channel_metric_and_currency(self, uow_factory: UowFactory) -> None:
        brand = await a_brand(uow_factory, zone="UTC")
        other = await a_brand(uow_factory, zone="UTC")
        first, second, ad = uuid4(), uuid4(), uuid4()
        at = datetime(2026, 3, 10, 12, tzinfo=UTC)
        spend = {
            "metric": Metric.SPEND,
            "channel": Channel.META_ADS,
            "subject_kind": SubjectKind.AD,
        }
        await write(
            uow_factory,
            sample(brand, first, at, 100),
            sample(brand, first, at + timedelta(days=1), 130),
            sample(brand, second, at, 50),
            sample(brand, second, at + timedelta(days=1), 60, channel=Channel.X),
            sample(brand, first, at, 9, metric=Metric.LIKES),
            sample(brand, ad, at, "20.5", currency="EUR", **spend),
            sample(brand, uuid4(), at, "7", currency="USD", **spend),
            sample(other, uuid4(), at, 1000),
        )
        query = RollupQuery(
            organization_id=OrganizationId(brand.organization_id),
            brand_id=BrandId(brand.id),
            since=date(2026, 3, 10),
            until=date(2026, 3, 11),
            metrics=frozenset({Metric.IMPRESSIONS, Metric.SPEND}),
        )
        async with uow_factory() as uow:
            sums = await uow.metric_rollups.daily_sums(query)
            only_x = await uow.metric_rollups.daily_sums(
                replace(query, channels=frozenset({Channel.X}))
            )
            one_day = await uow.metric_rollups.daily_sums(replace(query, since=date(2026, 3, 11)))
        d10, d11 = date(2026, 3, 10), date(2026, 3, 11)
        assert [(s.day, s.channel, s.metric, s.currency, s.value) for s in sums] == [
            (d10, Channel.LINKEDIN, Metric.IMPRESSIONS, None, Decimal(150)),
            (d10, Channel.META_ADS, Metric.SPEND, "EUR", Decimal("20.5")),
            (d10, Channel.META_ADS, Metric.SPEND, "USD", Decimal(7)),
            (d11, Channel.LINKEDIN, Metric.IMPRESSIONS, None, Decimal(30)),
            (d11, Channel.X, Metric.IMPRESSIONS, None, Decimal(10)),
        ]
        assert only_x == [
            RollupSum(
                day=d11,
                channel=Channel.X,
                metric=Metric.IMPRESSIONS,
                currency=None,
                value=Decimal(10),
            )
        ]
        assert [s.day for s in one_day] == [d11, d11]

    async def test_a_series_reads_back_as_stored(self, uow_factory: UowFactory) -> None:
        brand = await a_brand(uow_factory, zone="UTC")
        ad = uuid4()
        at = datetime(2026, 3, 10, 12, tzinfo=UTC)
        await write(
            uow_factory,
            sample(
                brand,
                ad,
                at,
                "3.25",
                metric=Metric.SPEND,
                currency="EUR",
                channel=Channel.META_ADS,
                subject_kind=SubjectKind.AD,
            ),
        )
        async with uow_factory() as uow:
            found = await uow.metric_rollups.series(
                OrganizationId(brand.organization_id), SubjectKind.AD, ad
            )
            elsewhere = await uow.metric_rollups.series(OrganizationId(uuid4()), SubjectKind.AD, ad)
        assert found == [
            MetricRollup(
                organization_id=brand.organization_id,
                brand_id=brand.id,
                subject_kind=SubjectKind.AD,
                subject_id=ad,
                metric=Metric.SPEND,
                day=date(2026, 3, 10),
                channel=Channel.META_ADS,
                value=Decimal("3.25"),
                total=Decimal("3.25"),
                currency="EUR",
            )
        ]
        assert elsewhere == []


class TestSampleUpkeep:
    async def test_old_months_of_raw_samples_go_and_their_rollups_stay(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory, zone="UTC")
        post = uuid4()
        months = [datetime(2025, m, 15, 12, tzinfo=UTC) for m in (10, 11, 12)]
        async with uow_factory() as uow:
            created = await uow.sample_partitions.prepare(now=months[0], months_ahead=1)
            await uow.commit()
        await write(
            uow_factory, *(sample(brand, post, at, 10 * (i + 1)) for i, at in enumerate(months))
        )
        async with uow_factory() as uow:
            # December's sample waited in the catch-all storage: it gets its month now
            again = await uow.sample_partitions.prepare(now=months[0], months_ahead=1)
            dropped = await uow.sample_partitions.drop_before(datetime(2025, 11, 20, tzinfo=UTC))
            await uow.commit()
        async with uow_factory() as uow:
            left = await uow.metric_readings.series(
                SampleQuery(
                    organization_id=OrganizationId(brand.organization_id),
                    subject_kind=SubjectKind.PUBLICATION,
                    subject_id=post,
                ),
                after=None,
                limit=10,
            )
        assert [s.observed_at for s in left.samples] == months[1:]  # November's month stays
        assert [v for _, v, _ in await buckets(uow_factory, brand, post)] == [10, 10, 10]
        if created:  # a partitioned backend: October and November, then December
            assert created == ["metric_samples_p202510", "metric_samples_p202511"]
            assert again == ["metric_samples_p202512"]
            assert dropped == 1
        else:
            assert (again, dropped) == ([], 0)
        # a late sample of November after the upkeep is still rolled up from its raw days
        await write(uow_factory, sample(brand, post, months[1] + timedelta(days=1), 25))
        assert [v for _, v, _ in await buckets(uow_factory, brand, post)] == [10, 10, 5, 5]
