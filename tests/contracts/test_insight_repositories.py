"""Contract of InsightRepository and AlertRuleRepository on memory,
SQLite and PostgreSQL: an insight is stored once per brand and key (also against a concurrent
twin, whose event is never committed), pages and filters, versions its status; alert rules
round-trip with optimistic versions."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from tests.contracts.builders import T0
from tests.contracts.conftest import UowFactory

from umt.domain.analytics.insights.alert_rule import AlertRule, Comparison
from umt.domain.analytics.insights.insight import (
    EvidenceRow,
    Insight,
    InsightKind,
    InsightStatus,
    Scope,
)
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.ports.insight_repository import InsightFilter
from umt.ports.pagination import PageRequest
from umt.ports.unit_of_work import UnitOfWork

ORG, BRAND = uuid4(), uuid4()
DAY = date(2026, 3, 19)


def insight(series: str = "anomaly:clicks:brand", day: date = DAY, **kw: Any) -> Insight:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": ORG,
        "brand_id": BRAND,
        "kind": InsightKind.ANOMALY,
        "series": series,
        "day": day,
        "measure": "clicks",
        "scope": Scope(channel="linkedin"),
        "direction": "up",
        "headline": "clicks up",
        "statistics": {"z": 6.07, "median": 11.0, "method": "mad"},
        "evidence": (
            EvidenceRow(day=day, metric="clicks", value=Decimal(20), channel="linkedin",
                        role="latest"),
            EvidenceRow(day=day, metric="clicks", value=Decimal("1.5"), subject_kind="publication",
                        subject_id=UUID(int=7)),
        ),
    }  # fmt: skip
    fields.update(kw)
    return Insight.detect(now=T0, **fields)


async def test_an_insight_is_stored_once_per_brand_and_key(uow_factory: UowFactory) -> None:
    first = insight()
    async with uow_factory() as uow:
        assert await uow.insights.add_new(first)
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.insights.add_new(insight())  # same series and day
        assert await uow.insights.add_new(insight(brand_id=uuid4()))  # another brand
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.insights.get(ORG, first.id)
        assert await uow.insights.get(uuid4(), first.id) is None  # another organization
    assert stored is not None
    assert (stored.key, stored.statistics, stored.evidence) == (
        first.key, first.statistics, first.evidence
    )  # fmt: skip
    assert stored.scope == Scope(channel="linkedin")


async def _race(uow_factory: UowFactory, candidate: Insight) -> bool:
    try:
        async with uow_factory() as uow:
            stored = await uow.insights.add_new(candidate)
            await uow.commit()
            return stored
    except Conflict:
        return False


async def test_two_racing_twins_store_one_and_announce_it_once(uow_factory: UowFactory) -> None:
    series = f"anomaly:clicks:race-{uuid4()}"
    twins = [insight(series=series), insight(series=series)]
    results = await asyncio.gather(*(_race(uow_factory, twin) for twin in twins))
    assert sorted(results) == [False, True]
    async with uow_factory() as uow:
        page = await uow.insights.list(ORG, BRAND, InsightFilter(), PageRequest(sort="day"))
        pending = await uow.outbox.pending(limit=1000)
    assert [i.series for i in page.items].count(series) == 1
    announced = [
        m for m in pending
        if m.event_type == "insight.detected" and m.aggregate_id in {t.id for t in twins}
    ]  # fmt: skip
    assert len(announced) == 1


async def test_insights_filter_and_page(uow_factory: UowFactory) -> None:
    made = [insight(day=DAY - timedelta(days=n), series=f"s{n}") for n in range(5)] + [
        insight(kind=InsightKind.TREND_CHANGE, series="trend", measure="likes")
    ]
    async with uow_factory() as uow:
        for item in made:
            assert await uow.insights.add_new(item)
        await uow.commit()
    async with uow_factory() as uow:
        trends = await uow.insights.list(
            ORG, BRAND, InsightFilter(kind=InsightKind.TREND_CHANGE), PageRequest(sort="day")
        )
        ranged = await uow.insights.list(
            ORG, BRAND,
            InsightFilter(since=DAY - timedelta(days=3), until=DAY - timedelta(days=1),
                          measure="clicks"),
            PageRequest(sort="day", descending=True),
        )  # fmt: skip
        first = await uow.insights.list(
            ORG, BRAND, InsightFilter(), PageRequest(limit=4, sort="day")
        )
        rest = await uow.insights.list(
            ORG, BRAND, InsightFilter(), PageRequest(limit=4, sort="day", cursor=first.next_cursor)
        )
        last = await uow.insights.last_day(ORG, BRAND, "s2")
    assert [i.series for i in trends.items] == ["trend"]
    assert [i.day for i in ranged.items] == [DAY - timedelta(days=n) for n in (1, 2, 3)]
    assert len(first.items) == 4
    assert first.next_cursor
    assert rest.next_cursor is None
    assert {i.id for i in [*first.items, *rest.items]} == {i.id for i in made}
    assert last == DAY - timedelta(days=2)


async def test_a_status_change_is_versioned(uow_factory: UowFactory) -> None:
    item = insight()
    async with uow_factory() as uow:
        await uow.insights.add_new(item)
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.insights.get(ORG, item.id)
        assert loaded is not None
        loaded.mark(InsightStatus.ACKNOWLEDGED, by=uuid4(), now=T0)
        await uow.insights.save(loaded)
        await uow.commit()
    async with uow_factory() as uow:
        stale = await uow.insights.get(ORG, item.id)
        assert stale is not None
        assert stale.version == 2
        async with uow_factory() as other:
            fresh = await other.insights.get(ORG, item.id)
            assert fresh is not None
            fresh.mark(InsightStatus.DISMISSED, by=uuid4(), now=T0)
            await other.insights.save(fresh)
            await other.commit()
        stale.mark(InsightStatus.DISMISSED, by=uuid4(), now=T0)
        with pytest.raises(StaleVersion):  # SQL: at the save; memory: at the commit
            await _save_and_commit(uow.insights.save(stale), uow)


async def _save_and_commit(write: Coroutine[Any, Any, None], uow: UnitOfWork) -> None:
    await write
    await uow.commit()


def rule(**kw: Any) -> AlertRule:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": ORG,
        "brand_id": BRAND,
        "name": "Clicks",
        "measure": "clicks",
        "scope": Scope(subject_kind="publication", subject_id=UUID(int=9)),
        "comparison": Comparison.LT,
        "threshold": Decimal("2.5"),
        "window_days": 7,
    }
    fields.update(kw)
    return AlertRule.define(now=T0, **fields)


async def test_alert_rules_round_trip_with_versions(uow_factory: UowFactory) -> None:
    first, second = rule(), rule(name="Other", brand_id=uuid4())
    async with uow_factory() as uow:
        await uow.alert_rules.add(first)
        await uow.alert_rules.add(second)
        await uow.commit()
    async with uow_factory() as uow:
        (listed,) = await uow.alert_rules.list(ORG, BRAND)
        assert listed == first
        listed.update({"threshold": Decimal(3)}, now=T0 + timedelta(minutes=1))
        await uow.alert_rules.save(listed)
        await uow.commit()
    async with uow_factory() as uow:
        stale = await uow.alert_rules.get(ORG, first.id)
        assert stale is not None
        assert (stale.threshold, stale.version) == (Decimal(3), 2)
        async with uow_factory() as other:
            fresh = await other.alert_rules.get(ORG, first.id)
            assert fresh is not None
            fresh.update({"enabled": False}, now=T0)
            await other.alert_rules.save(fresh)
            await other.commit()
        stale.delete(now=T0)
        with pytest.raises(StaleVersion):
            await _save_and_commit(uow.alert_rules.remove(stale), uow)
    async with uow_factory() as uow:
        assert await uow.alert_rules.get(uuid4(), first.id) is None
