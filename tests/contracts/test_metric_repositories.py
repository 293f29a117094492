"""Contracts of the RemoteObjectIndex and the MetricSink, run against every adapter (memory,
SQLite, PostgreSQL; see conftest.uow_factory)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from tests.contracts.builders import T0
from tests.contracts.conftest import UowFactory

from umt.domain.brand.channels import Channel
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.metric_sample_reader import SampleQuery
from umt.ports.metric_sink import MetricSample, RollupWindow

ORG = OrganizationId(uuid4())
BRAND = BrandId(uuid4())
ACCOUNT = ChannelAccountId(uuid4())
WINDOW = RollupWindow(now=T0, late_days=3650)  # every bucket still open


def remembered(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organization_id": ORG,
        "brand_id": BRAND,
        "channel_account_id": ACCOUNT,
        "subject_kind": SubjectKind.PUBLICATION,
        "subject_id": uuid4(),
        "remote_id": "post-1",
    }
    values.update(overrides)
    return values


async def remember(factory: UowFactory, **values: Any) -> bool:
    async with factory() as uow:
        new = await uow.remote_objects.remember(**values)
        await uow.commit()
    return new


class TestRemoteObjectIndex:
    async def test_a_remembered_id_is_found_by_account_and_remote_id(
        self, uow_factory: UowFactory
    ) -> None:
        values = remembered(remote_id="urn:li:share:7", subject_kind=SubjectKind.AD)
        assert await remember(uow_factory, **values) is True
        async with uow_factory() as uow:
            found = await uow.remote_objects.lookup(ORG, ACCOUNT, "urn:li:share:7")
            other_account = await uow.remote_objects.lookup(
                ORG, ChannelAccountId(uuid4()), "urn:li:share:7"
            )
            other_org = await uow.remote_objects.lookup(
                OrganizationId(uuid4()), ACCOUNT, "urn:li:share:7"
            )
        assert found is not None
        assert (found.subject_kind, found.subject_id) == (SubjectKind.AD, values["subject_id"])
        assert (found.organization_id, found.brand_id) == (ORG, BRAND)
        assert found.channel_account_id == ACCOUNT
        assert other_account is None
        assert other_org is None

    async def test_remembering_the_same_pair_again_changes_nothing(
        self, uow_factory: UowFactory
    ) -> None:
        values = remembered()
        assert await remember(uow_factory, **values) is True
        assert await remember(uow_factory, **values) is False
        async with uow_factory() as uow:
            assert await uow.remote_objects.remote_ids(ORG, ACCOUNT) == ["post-1"]
            # twice inside one transaction too
            assert await uow.remote_objects.remember(**remembered(remote_id="post-2")) is True
            assert await uow.remote_objects.remember(**remembered(remote_id="post-3")) is True
            assert await uow.remote_objects.remember(**values) is False
            await uow.commit()
        async with uow_factory() as uow:
            ids = await uow.remote_objects.remote_ids(ORG, ACCOUNT)
        assert ids == ["post-1", "post-2", "post-3"]

    async def test_a_remote_id_never_stands_for_two_subjects(self, uow_factory: UowFactory) -> None:
        await remember(uow_factory, **remembered())
        async with uow_factory() as uow:
            with pytest.raises(Conflict):
                await uow.remote_objects.remember(**remembered())  # another subject id
        async with uow_factory() as uow:
            with pytest.raises(Conflict):  # another tenant's account id, same remote id
                await uow.remote_objects.remember(
                    **remembered(organization_id=OrganizationId(uuid4()))
                )

    async def test_nothing_is_remembered_without_a_commit(self, uow_factory: UowFactory) -> None:
        async with uow_factory() as uow:
            await uow.remote_objects.remember(**remembered())
            assert await uow.remote_objects.lookup(ORG, ACCOUNT, "post-1") is not None
        async with uow_factory() as uow:
            assert await uow.remote_objects.lookup(ORG, ACCOUNT, "post-1") is None
            assert await uow.remote_objects.remote_ids(ORG, ACCOUNT) == []

    async def test_remote_ids_are_per_account_and_filtered_by_kind(
        self, uow_factory: UowFactory
    ) -> None:
        other = ChannelAccountId(uuid4())
        await remember(uow_factory, **remembered(remote_id="b", subject_kind=SubjectKind.AD))
        await remember(uow_factory, **remembered(remote_id="a"))
        await remember(uow_factory, **remembered(remote_id="c", subject_kind=SubjectKind.CAMPAIGN))
        await remember(uow_factory, **remembered(remote_id="z", channel_account_id=other))
        async with uow_factory() as uow:
            every = await uow.remote_objects.remote_ids(ORG, ACCOUNT)
            ads = await uow.remote_objects.remote_ids(
                ORG, ACCOUNT, subject_kinds=frozenset({SubjectKind.AD, SubjectKind.CAMPAIGN})
            )
            of_other = await uow.remote_objects.remote_ids(ORG, other)
            of_stranger = await uow.remote_objects.remote_ids(OrganizationId(uuid4()), ACCOUNT)
        assert every == ["a", "b", "c"]
        assert ads == ["b", "c"]
        assert of_other == ["z"]
        assert of_stranger == []

    async def test_a_subject_lists_what_it_is_on_every_account(
        self, uow_factory: UowFactory
    ) -> None:
        subject = uuid4()
        second = ChannelAccountId(uuid4())
        await remember(uow_factory, **remembered(subject_id=subject, remote_id="x1"))
        await remember(
            uow_factory,
            **remembered(subject_id=subject, remote_id="y1", channel_account_id=second),
        )
        await remember(uow_factory, **remembered(remote_id="unrelated"))
        async with uow_factory() as uow:
            found = await uow.remote_objects.of_subject(ORG, SubjectKind.PUBLICATION, subject)
            as_ad = await uow.remote_objects.of_subject(ORG, SubjectKind.AD, subject)
            elsewhere = await uow.remote_objects.of_subject(
                OrganizationId(uuid4()), SubjectKind.PUBLICATION, subject
            )
        assert sorted((str(r.channel_account_id), r.remote_id) for r in found) == sorted(
            [(str(ACCOUNT), "x1"), (str(second), "y1")]
        )
        assert [(r.channel_account_id, r.remote_id) for r in found] == sorted(
            ((r.channel_account_id, r.remote_id) for r in found), key=lambda p: str(p[0])
        )
        assert as_ad == []
        assert elsewhere == []


def sample(subject: UUID | None = None, **overrides: Any) -> MetricSample:
    values: dict[str, Any] = {
        "organization_id": ORG,
        "brand_id": BRAND,
        "subject_kind": SubjectKind.PUBLICATION,
        "subject_id": subject or uuid4(),
        "channel": Channel.LINKEDIN,
        "metric": Metric.IMPRESSIONS,
        "value": Decimal(120),
        "observed_at": T0,
        "source": "linkedin",
        "raw_name": "impressionCount",
    }
    values.update(overrides)
    return MetricSample(**values)


async def write(factory: UowFactory, *samples: MetricSample) -> int:
    async with factory() as uow:
        stored = await uow.metric_samples.write(samples, window=WINDOW)
        await uow.commit()
    return stored


class TestMetricSink:
    async def test_new_samples_are_counted_and_a_repeat_is_stored_once(
        self, uow_factory: UowFactory
    ) -> None:
        post = uuid4()
        first = sample(post)
        later = sample(post, observed_at=T0 + timedelta(hours=1), value=Decimal(150))
        clicks = sample(post, metric=Metric.CLICKS, raw_name="clickCount", value=Decimal(3))
        assert await write(uow_factory, first, later, clicks) == 3
        assert await write(uow_factory, first, later, clicks) == 0
        # the same key with another value is the same reading: the first one stays
        assert await write(uow_factory, first._replace(value=Decimal(999))) == 0
        # a repeat inside one batch counts once; another source is another reading
        twice = sample(post, observed_at=T0 + timedelta(hours=2))
        other_source = first._replace(source="csv")
        assert await write(uow_factory, twice, twice, other_source) == 2

    async def test_nothing_is_stored_without_a_commit(self, uow_factory: UowFactory) -> None:
        reading = sample()
        async with uow_factory() as uow:
            assert await uow.metric_samples.write([reading], window=WINDOW) == 1
        assert await write(uow_factory, reading) == 1

    async def test_several_writes_in_one_transaction_each_store_their_new_samples(
        self, uow_factory: UowFactory
    ) -> None:
        post = uuid4()
        first, later, last = (sample(post, observed_at=T0 + timedelta(hours=h)) for h in range(3))
        async with uow_factory() as uow:
            assert await uow.metric_samples.write([first], window=WINDOW) == 1
            # a key this transaction stored (PostgreSQL: the COPY fails, the staged path runs)
            assert await uow.metric_samples.write([first, later], window=WINDOW) == 1
            assert await uow.metric_samples.write([last], window=WINDOW) == 1
            await uow.commit()
        assert await write(uow_factory, first, later, last) == 0
        query = SampleQuery(
            organization_id=ORG, subject_kind=SubjectKind.PUBLICATION, subject_id=post
        )
        async with uow_factory() as uow:
            page = await uow.metric_readings.series(query, after=None, limit=10)
        assert [s.observed_at for s in page.samples] == [
            s.observed_at for s in (first, later, last)
        ]

    async def test_a_batch_read_once_with_a_stored_key_stores_its_new_samples(
        self, uow_factory: UowFactory
    ) -> None:
        post = uuid4()
        batch = [sample(post, observed_at=T0 + timedelta(minutes=m)) for m in range(1500)]
        assert await write(uow_factory, batch[700]) == 1
        async with uow_factory() as uow:  # an iterator: what the COPY read is kept for the retry
            assert await uow.metric_samples.write(iter(batch), window=WINDOW) == 1499
            await uow.commit()
        assert await write(uow_factory, *batch) == 0

    async def test_an_empty_batch_stores_nothing(self, uow_factory: UowFactory) -> None:
        assert await write(uow_factory) == 0

    async def test_money_and_large_batches(self, uow_factory: UowFactory) -> None:
        ad = uuid4()
        spend = sample(
            ad,
            subject_kind=SubjectKind.AD,
            channel=Channel.META_ADS,
            metric=Metric.SPEND,
            value=Decimal("1234567.891234"),
            currency="EUR",
            source="meta_ads",
            raw_name="spend",
        )
        batch = [
            sample(ad, observed_at=T0 + timedelta(minutes=i), value=Decimal(i))
            for i in range(1200)  # more than one statement's chunk
        ]
        assert await write(uow_factory, spend, *batch) == 1201
        assert await write(uow_factory, *batch[-10:]) == 0


class TestMetricSampleReader:
    async def test_latest_totals_per_metric_and_source(self, uow_factory: UowFactory) -> None:
        post = uuid4()
        hour = timedelta(hours=1)
        await write(
            uow_factory,
            sample(post, value=Decimal(10)),
            sample(post, value=Decimal(25), observed_at=T0 + 2 * hour),
            sample(post, value=Decimal(18), observed_at=T0 + hour),
            sample(post, metric=Metric.LINK_CLICKS, raw_name="clicks", value=Decimal(2)),
            sample(post, metric=Metric.LIKES, raw_name="likes", value=Decimal(4)),
            sample(post, value=Decimal(30), source="csv", observed_at=T0 + hour),
            sample(uuid4(), value=Decimal(99), observed_at=T0 + 5 * hour),  # another subject
        )
        query = SampleQuery(
            organization_id=ORG, subject_kind=SubjectKind.PUBLICATION, subject_id=post
        )
        async with uow_factory() as uow:
            latest = await uow.metric_readings.latest(query)
            windowed = await uow.metric_readings.latest(replace(query, until=T0 + 2 * hour))
            impressions = await uow.metric_readings.latest(
                replace(query, metric=Metric.IMPRESSIONS)
            )
            as_ad = await uow.metric_readings.latest(replace(query, subject_kind=SubjectKind.AD))
            stranger = await uow.metric_readings.latest(
                replace(query, organization_id=OrganizationId(uuid4()))
            )
            out_of_scope = await uow.metric_readings.latest(
                replace(query, brand_ids=frozenset({BrandId(uuid4())}))
            )
        # metric by code point ("likes" < "link_clicks"), then source
        assert [(s.metric, s.source, s.value) for s in latest] == [
            (Metric.IMPRESSIONS, "csv", Decimal(30)),
            (Metric.IMPRESSIONS, "linkedin", Decimal(25)),
            (Metric.LIKES, "linkedin", Decimal(4)),
            (Metric.LINK_CLICKS, "linkedin", Decimal(2)),
        ]
        assert [(s.source, s.value) for s in windowed if s.metric is Metric.IMPRESSIONS] == [
            ("csv", Decimal(30)),
            ("linkedin", Decimal(18)),
        ]
        assert {s.metric for s in impressions} == {Metric.IMPRESSIONS}
        assert as_ad == []
        assert stranger == []
        assert out_of_scope == []

    async def test_the_series_pages_in_time_order_without_gaps(
        self, uow_factory: UowFactory
    ) -> None:
        post = uuid4()
        written = [
            sample(post, observed_at=T0 + timedelta(minutes=m), metric=metric, value=Decimal(m))
            for m in range(0, 50, 10)
            for metric in (Metric.IMPRESSIONS, Metric.CLICKS)
        ]
        await write(uow_factory, *written)
        query = SampleQuery(
            organization_id=ORG,
            subject_kind=SubjectKind.PUBLICATION,
            subject_id=post,
            since=T0 + timedelta(minutes=10),
            until=T0 + timedelta(minutes=40),
        )
        seen: list[tuple[object, ...]] = []
        after = None
        pages = 0
        async with uow_factory() as uow:
            while True:
                page = await uow.metric_readings.series(query, after=after, limit=4)
                seen += [(s.observed_at, s.metric) for s in page.samples]
                pages += 1
                if page.next is None:
                    break
                after = page.next
            only_clicks = await uow.metric_readings.series(
                replace(query, metric=Metric.CLICKS), after=None, limit=50
            )
        expected = [
            (T0 + timedelta(minutes=m), metric)
            for m in (10, 20, 30)
            for metric in (Metric.CLICKS, Metric.IMPRESSIONS)
        ]
        assert seen == expected
        assert pages == 2
        assert [s.value for s in only_clicks.samples] == [Decimal(10), Decimal(20), Decimal(30)]
        assert only_clicks.next is None

    async def test_values_are_exact_decimals(self, uow_factory: UowFactory) -> None:
        ad = uuid4()
        await write(
            uow_factory,
            sample(
                ad,
                subject_kind=SubjectKind.AD,
                metric=Metric.SPEND,
                value=Decimal("123456789012.345678"),
                currency="EUR",
            ),
            sample(
                ad,
                subject_kind=SubjectKind.AD,
                metric=Metric.CONVERSION_VALUE,
                value=Decimal("0.1234565"),  # half-even at six places
                currency="EUR",
            ),
        )
        query = SampleQuery(organization_id=ORG, subject_kind=SubjectKind.AD, subject_id=ad)
        async with uow_factory() as uow:
            latest = {s.metric: s for s in await uow.metric_readings.latest(query)}
        assert latest[Metric.SPEND].value == Decimal("123456789012.345678")
        assert latest[Metric.CONVERSION_VALUE].value == Decimal("0.123456")
        assert latest[Metric.SPEND].currency == "EUR"
        assert latest[Metric.SPEND].observed_at == T0
        assert latest[Metric.SPEND].channel is Channel.LINKEDIN
