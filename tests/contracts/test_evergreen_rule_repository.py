"""Contract of EvergreenRuleRepository on memory, SQLite and PostgreSQL: the rule and its
picks round-trip, one rule per brand, optimistic saves, removal, and the loop's batch of due
rules (paused and later ones left out, held rows skipped)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
from tests.contracts.builders import T0
from tests.contracts.conftest import UowFactory

from umt.domain.publishing.evergreen import EvergreenPick, EvergreenRule
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.ports.unit_of_work import UnitOfWork


def rule(**kw: Any) -> EvergreenRule:
    fields: dict[str, Any] = {"id": uuid4(), "organization_id": uuid4(), "brand_id": uuid4()}
    fields.update(kw)
    return EvergreenRule.create(now=T0, **fields)


def pick(n: int) -> EvergreenPick:
    return EvergreenPick(
        content_id=uuid4(),  # type: ignore[arg-type]
        channel_account_id=uuid4(),  # type: ignore[arg-type]
        publication_id=uuid4(),  # type: ignore[arg-type]
        due_at=T0 + timedelta(days=n),
        measure="engagement_rate",
        value=0.125,
        rank=n,
        lift=None if n == 2 else 0.5,
        source_publication_id=uuid4(),  # type: ignore[arg-type]
        picked_at=T0,
    )


async def add(factory: UowFactory, *items: EvergreenRule) -> None:
    async with factory() as uow:
        for item in items:
            await uow.evergreen_rules.add(item)
        await uow.commit()


async def save_and_commit(uow: UnitOfWork, item: EvergreenRule) -> None:
    await uow.evergreen_rules.save(item)
    await uow.commit()


async def test_a_rule_and_its_picks_round_trip(uow_factory: UowFactory) -> None:
    r = rule(channel_account_ids=(uuid4(), uuid4()), measure="clicks", max_per_week=3)
    await add(uow_factory, r)
    async with uow_factory() as uow:
        found = await uow.evergreen_rules.for_brand(r.organization_id, r.brand_id)
        assert found == r
        found.picked(pick(1), now=T0)
        found.picked(pick(2), now=T0)
        found.ran(now=T0)
        await save_and_commit(uow, found)
    async with uow_factory() as uow:
        again = await uow.evergreen_rules.for_brand(r.organization_id, r.brand_id)
        assert again == found
        assert again is not None
        assert [p.rank for p in again.picks] == [1, 2]
        assert await uow.evergreen_rules.for_brand(uuid4(), r.brand_id) is None  # type: ignore[arg-type]


async def test_one_rule_per_brand(uow_factory: UowFactory) -> None:
    first = rule()
    await add(uow_factory, first)
    with pytest.raises(Conflict):
        await add(uow_factory, rule(organization_id=first.organization_id, brand_id=first.brand_id))


async def test_saves_are_optimistic_and_removal_removes(uow_factory: UowFactory) -> None:
    r = rule()
    await add(uow_factory, r)
    async with uow_factory() as first, uow_factory() as second:
        a = await first.evergreen_rules.for_brand(r.organization_id, r.brand_id)
        b = await second.evergreen_rules.for_brand(r.organization_id, r.brand_id)
        assert a is not None
        assert b is not None
        a.update({"cooldown_days": 90}, now=T0)
        await save_and_commit(first, a)
        b.update({"active": False}, now=T0)
        with pytest.raises(StaleVersion):
            await save_and_commit(second, b)
    async with uow_factory() as uow:
        found = await uow.evergreen_rules.for_brand(r.organization_id, r.brand_id)
        assert found is not None
        assert found.cooldown_days == 90
        found.delete(now=T0)
        await uow.evergreen_rules.remove(found)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.evergreen_rules.for_brand(r.organization_id, r.brand_id) is None


async def test_the_loop_gets_what_is_due_and_concurrent_ones_share_nothing(
    uow_factory: UowFactory, backend: str
) -> None:
    due, also = rule(), rule()
    later = rule()
    later.ran(now=T0)  # next run a day later
    paused = rule(active=False)
    await add(uow_factory, due, also, later, paused)
    async with uow_factory() as uow:
        found = await uow.evergreen_rules.due(T0 + timedelta(hours=1), limit=10)
        assert {r.id for r in found} == {due.id, also.id}
    if backend == "sqlite":
        return  # one writer
    held, release = asyncio.Event(), asyncio.Event()

    async def first() -> set[object]:
        async with uow_factory() as uow:
            got = await uow.evergreen_rules.due(T0 + timedelta(hours=1), limit=1)
            held.set()
            await release.wait()
            return {r.id for r in got}

    task = asyncio.create_task(first())
    await held.wait()
    async with uow_factory() as uow:
        second = {r.id for r in await uow.evergreen_rules.due(T0 + timedelta(hours=1), limit=10)}
    release.set()
    assert len(await task) == 1
    assert (await task) | second == {due.id, also.id}
    assert not (await task) & second
