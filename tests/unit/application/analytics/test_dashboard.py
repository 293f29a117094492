"""GetBrandDashboard: a brand's daily changes per metric and channel over a period, beside
the previous one, read from the rollups; money per currency; the range and caller checked."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from tests.unit.application.analytics.conftest import row
from tests.unit.application.helpers import add_member

from umt.application.analytics.dashboard import BrandDashboard, GetBrandDashboard
from umt.application.analytics.ingest_samples import IngestReport, IngestSamples
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.brand.channels import Channel
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.metrics import Metric

D = Decimal


async def feed(bus: MessageBus, owner: Principal, brand_id: UUID) -> None:
    post, short, ad = uuid4(), uuid4(), uuid4()
    spend = {"subject_kind": "ad", "channel": "meta_ads", "metric": "spend"}
    rows = [
        # a LinkedIn post: 100 by the 14th (previous period), 160 by the 16th, 190 by the 17th
        row(post, "2026-03-14T12:00:00Z", 100),
        row(post, "2026-03-16T12:00:00Z", 160),
        row(post, "2026-03-17T12:00:00Z", 190),
        row(post, "2026-03-17T12:00:00Z", 7, metric="likes"),
        # an X post: 40 on the 17th
        row(short, "2026-03-17T09:00:00Z", 40, channel="x"),
        # ads, in euros and in dollars (two series of the one metric)
        row(ad, "2026-03-16T12:00:00Z", "10.50", currency="EUR", **spend),
        row(uuid4(), "2026-03-16T12:00:00Z", "3", currency="USD", **spend),
    ]
    report = await bus.ask(IngestSamples(brand_id=brand_id, samples=rows), IngestReport, owner)
    assert report.stored == len(rows)


async def test_days_channels_totals_and_the_previous_period(
    bus: MessageBus, owner: Principal, brand_id: UUID
) -> None:
    await feed(bus, owner, brand_id)
    query = GetBrandDashboard(
        brand_id=brand_id,
        since=date(2026, 3, 16),
        until=date(2026, 3, 17),
        metrics=(Metric.IMPRESSIONS, Metric.SPEND, Metric.SAVES),
    )
    board = await bus.ask(query, BrandDashboard, owner)
    assert (board.period.since, board.period.until) == (date(2026, 3, 16), date(2026, 3, 17))
    assert (board.previous.since, board.previous.until) == (date(2026, 3, 14), date(2026, 3, 15))
    assert board.time_zone == "Europe/Berlin"
    assert board.provisional_from == date(2026, 3, 13)  # seven days before the 20th
    impressions, euros, dollars, saves = board.metrics
    assert (impressions.metric, impressions.currency) == (Metric.IMPRESSIONS, None)
    assert impressions.daily == [60, 70]
    assert (impressions.total, impressions.previous_total, impressions.change) == (
        D(130),
        D(100),
        D("0.3"),
    )
    linkedin, x = impressions.channels
    assert (linkedin.channel, linkedin.daily, linkedin.total) == (
        Channel.LINKEDIN,
        [60, 30],
        D(90),
    )
    assert linkedin.previous_total == D(100)
    assert (x.channel, x.daily, x.previous_total) == (Channel.X, [0, 40], 0)
    assert (euros.metric, euros.currency, euros.total, euros.change) == (
        Metric.SPEND,
        "EUR",
        D("10.5"),
        None,  # nothing before: no change to tell
    )
    assert (dollars.currency, dollars.daily) == ("USD", [3, 0])
    # a metric without a bucket still shows, as zeros
    assert (saves.metric, saves.daily, saves.total, saves.channels) == (
        Metric.SAVES,
        [0, 0],
        0,
        [],
    )


async def test_defaults_and_filters(bus: MessageBus, owner: Principal, brand_id: UUID) -> None:
    await feed(bus, owner, brand_id)
    board = await bus.ask(GetBrandDashboard(brand_id=brand_id), BrandDashboard, owner)
    today = date(2026, 3, 20)  # 13:00 in Berlin
    assert (board.period.since, board.period.until) == (today - timedelta(days=29), today)
    assert [m.metric for m in board.metrics] == [
        Metric.IMPRESSIONS,
        Metric.REACH,
        Metric.CLICKS,
        Metric.LIKES,
        Metric.COMMENTS,
        Metric.SHARES,
    ]
    assert board.metrics[0].total == 230  # every day of the feed is inside the 30 days
    assert board.metrics[3].total == 7
    only_x = await bus.ask(
        GetBrandDashboard(brand_id=brand_id, channels=(Channel.X,), metrics=(Metric.IMPRESSIONS,)),
        BrandDashboard,
        owner,
    )
    assert [(c.channel, c.total) for c in only_x.metrics[0].channels] == [(Channel.X, 40)]


async def test_the_range_and_the_caller_are_checked(
    bus: MessageBus, owner: Principal, other_owner: Principal, brand_id: UUID
) -> None:
    with pytest.raises(InvalidValue, match="from is on or before to"):
        await bus.ask(
            GetBrandDashboard(brand_id=brand_id, since=date(2026, 3, 2), until=date(2026, 3, 1)),
            BrandDashboard,
            owner,
        )
    with pytest.raises(InvalidValue, match="at most 400 days"):
        await bus.ask(
            GetBrandDashboard(brand_id=brand_id, since=date(2025, 1, 1), until=date(2026, 3, 1)),
            BrandDashboard,
            owner,
        )
    with pytest.raises(NotFound):
        await bus.ask(GetBrandDashboard(brand_id=brand_id), BrandDashboard, other_owner)
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    board = await bus.ask(GetBrandDashboard(brand_id=brand_id), BrandDashboard, viewer)
    assert board.brand_id == brand_id
