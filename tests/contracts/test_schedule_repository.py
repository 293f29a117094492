"""Contract of ScheduleRepository on memory, SQLite and PostgreSQL: the rule round-trips,
optimistic saves, removal, the tenant's list, and the expander's batch (held rows skipped)."""

from __future__ import annotations

import asyncio
from datetime import date, time, timedelta
from typing import Any
from uuid import uuid4

import pytest
from tests.contracts.builders import T0
from tests.contracts.conftest import UowFactory

from umt.domain.publishing.publication_status import MissedPolicy
from umt.domain.publishing.schedule import Frequency, Schedule
from umt.domain.shared.errors import StaleVersion
from umt.ports.pagination import PageRequest
from umt.ports.schedule_repository import ScheduleFilter
from umt.ports.unit_of_work import UnitOfWork


def schedule(**kw: Any) -> Schedule:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": uuid4(),
        "brand_id": uuid4(),
        "content_id": uuid4(),
        "channel_account_ids": (uuid4(), uuid4()),
        "frequency": Frequency.WEEKLY,
        "weekdays": frozenset({0, 4}),
        "local_time": time(9, 15),
        "time_zone": "Europe/Berlin",
        "starts_on": date(2025, 3, 3),
    }
    fields.update(kw)
    return Schedule.create(now=T0, **fields)


async def add(factory: UowFactory, *items: Schedule) -> None:
    async with factory() as uow:
        for item in items:
            await uow.schedules.add(item)
        await uow.commit()


async def save_and_commit(uow: UnitOfWork, item: Schedule) -> None:
    await uow.schedules.save(item)
    await uow.commit()


async def test_a_schedule_round_trips(uow_factory: UowFactory) -> None:
    s = schedule(
        ends_on=date(2025, 6, 1),
        grace=timedelta(minutes=5),
        missed_policy=MissedPolicy.PUBLISH_LATE,
        horizon_days=30,
    )
    evergreen = schedule(frequency=Frequency.EVERY_N_DAYS, weekdays=frozenset(), interval_days=21)
    await add(uow_factory, s, evergreen)
    async with uow_factory() as uow:
        assert await uow.schedules.get(s.organization_id, s.id) == s
        assert await uow.schedules.get(evergreen.organization_id, evergreen.id) == evergreen
        assert await uow.schedules.get(uuid4(), s.id) is None  # type: ignore[arg-type]


async def test_saves_are_optimistic_and_removal_removes(uow_factory: UowFactory) -> None:
    s = schedule()
    await add(uow_factory, s)
    async with uow_factory() as first, uow_factory() as second:
        a = await first.schedules.get(s.organization_id, s.id)
        b = await second.schedules.get(s.organization_id, s.id)
        assert a is not None
        assert b is not None
        a.expanded(date(2025, 3, 20), now=T0)
        await save_and_commit(first, a)
        b.update({"active": False}, now=T0)
        with pytest.raises(StaleVersion):
            await save_and_commit(second, b)
    async with uow_factory() as uow:
        found = await uow.schedules.get(s.organization_id, s.id)
        assert found is not None
        assert found.expanded_until == date(2025, 3, 20)
        found.delete(now=T0)
        await uow.schedules.remove(found)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.schedules.get(s.organization_id, s.id) is None


async def test_the_tenants_list_filters(uow_factory: UowFactory) -> None:
    org, brand = uuid4(), uuid4()
    mine = [schedule(organization_id=org, brand_id=brand) for _ in range(3)]
    paused = schedule(organization_id=org, active=False)
    await add(uow_factory, *mine, paused, schedule())
    async with uow_factory() as uow:
        everything = await uow.schedules.list(org, ScheduleFilter(), PageRequest())  # type: ignore[arg-type]
        of_brand = await uow.schedules.list(
            org,  # type: ignore[arg-type]
            ScheduleFilter(brand_id=brand),  # type: ignore[arg-type]
            PageRequest(limit=2),
        )
        inactive = await uow.schedules.list(org, ScheduleFilter(active=False), PageRequest())  # type: ignore[arg-type]
    assert len(everything.items) == 4
    assert len(of_brand.items) == 2
    assert of_brand.next_cursor is not None
    assert [s.id for s in inactive.items] == [paused.id]


async def test_the_expander_gets_what_is_due_and_concurrent_ones_share_nothing(
    uow_factory: UowFactory, backend: str
) -> None:
    never = schedule()
    due = schedule(horizon_days=7)
    due.expanded(date(2025, 3, 10), now=T0)  # next expansion on 2025-03-04
    ahead = schedule(horizon_days=7)
    ahead.expanded(date(2025, 4, 30), now=T0)
    paused = schedule(active=False)
    await add(uow_factory, never, due, ahead, paused)
    async with uow_factory() as uow:
        found = await uow.schedules.to_expand(date(2025, 3, 5), limit=10)
        assert {s.id for s in found} == {never.id, due.id}
    if backend == "sqlite":
        return  # one writer
    held, release = asyncio.Event(), asyncio.Event()

    async def first() -> set[object]:
        async with uow_factory() as uow:
            got = await uow.schedules.to_expand(date(2025, 3, 5), limit=1)
            held.set()
            await release.wait()
            return {s.id for s in got}

    task = asyncio.create_task(first())
    await held.wait()
    async with uow_factory() as uow:
        second = {s.id for s in await uow.schedules.to_expand(date(2025, 3, 5), limit=10)}
    release.set()
    assert len(await task) == 1
    assert (await task) | second == {never.id, due.id}
    assert not (await task) & second
