"""Recurring schedules through the bus: expanded ahead at once, 09:00 local across a DST
change, idempotent expansion, the loop's pass, pausing, evergreen every N days, deletion
cancelling what waits; bad rules are refused and change nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from tests.unit.application.publishing.publishing_support import (
    RandomIds,
    approved_piece,
    channel_account,
)

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.application.publishing.expansion import expand_due_schedules
from umt.application.publishing.publication_queries import ListPublications
from umt.application.publishing.schedules import (
    CreateSchedule,
    DeleteSchedule,
    GetSchedule,
    UpdateSchedule,
)
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import InvalidValue, NotFound


class Clock:
    def __init__(self, now: datetime) -> None:
        self.value = now

    def now(self) -> datetime:
        return self.value


async def due_times(bus: MessageBus, actor: Principal, schedule_id: object) -> list[str]:
    page = await bus.execute(ListPublications(schedule_id=schedule_id), actor)  # type: ignore[arg-type]
    return [f"{p.due_at:%Y-%m-%d %H:%M} {p.local_time:%H:%M} {p.status.value}" for p in page.items]


async def test_a_weekly_schedule_keeps_its_wall_time_across_dst(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)  # the bus clock: 2026-03-01 09:00 UTC (a Sunday)
    account = await channel_account(store, piece)
    schedule = await bus.execute(
        CreateSchedule(
            content_id=piece.id,
            channel_account_ids=[account.id],
            frequency="weekly",
            weekdays=[0],  # Mondays
            local_time="09:00",
            time_zone="Europe/Berlin",
            horizon_days=35,
        ),
        owner,
    )
    assert schedule.expanded_until == date(2026, 4, 5)
    assert await due_times(bus, owner, schedule.id) == [
        "2026-03-02 08:00 09:00 scheduled",
        "2026-03-09 08:00 09:00 scheduled",
        "2026-03-16 08:00 09:00 scheduled",
        "2026-03-23 08:00 09:00 scheduled",
        "2026-03-30 07:00 09:00 scheduled",  # CEST since 29 March: still 09:00 local
    ]
    # changing only the horizon expands further without making anything twice
    await bus.execute(UpdateSchedule(schedule_id=schedule.id, changes={"horizon_days": 42}), owner)
    times = await due_times(bus, owner, schedule.id)
    assert times[-1] == "2026-04-06 07:00 09:00 scheduled"
    assert len(times) == len(set(times)) == 6


async def test_the_expander_extends_schedules_as_days_pass(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)
    account = await channel_account(store, piece)
    schedule = await bus.execute(
        CreateSchedule(
            content_id=piece.id,
            channel_account_ids=[account.id],
            frequency="daily",
            local_time="18:30",
            horizon_days=3,
        ),
        owner,
    )
    assert len(await due_times(bus, owner, schedule.id)) == 4  # today (18:30 ahead) + 3 days
    ids = RandomIds()

    def uow() -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(store, ids, audit=entry_for_event)

    clock = Clock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    assert await expand_due_schedules(uow, clock=clock, ids=ids) == 0  # up to date
    clock.value += timedelta(days=2)
    assert await expand_due_schedules(uow, clock=clock, ids=ids) == 2
    assert await expand_due_schedules(uow, clock=clock, ids=ids) == 0  # idempotent
    assert len(await due_times(bus, owner, schedule.id)) == 6


async def test_evergreen_every_n_days_pause_and_delete(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)
    account = await channel_account(store, piece)
    schedule = await bus.execute(
        CreateSchedule(
            content_id=piece.id,
            channel_account_ids=[account.id],
            frequency="every_n_days",
            interval_days=10,
            local_time="12:00",
            time_zone="UTC",
            starts_on="2026-03-02",
            horizon_days=30,
        ),
        owner,
    )
    assert [t[:10] for t in await due_times(bus, owner, schedule.id)] == [
        "2026-03-02",
        "2026-03-12",
        "2026-03-22",
    ]
    paused = await bus.execute(
        UpdateSchedule(schedule_id=schedule.id, changes={"active": False}, expected_version=2),
        owner,
    )
    assert paused.active is False
    deleted = await bus.execute(DeleteSchedule(schedule_id=schedule.id), owner)
    assert deleted.id == schedule.id
    assert {t.split()[-1] for t in await due_times(bus, owner, schedule.id)} == {
        PublicationStatus.CANCELLED.value
    }
    with pytest.raises(NotFound):
        await bus.execute(GetSchedule(schedule_id=schedule.id), owner)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"frequency": "weekly"}, "weekdays"),  # no weekday
        ({"frequency": "daily", "weekdays": [1]}, "weekdays"),
        ({"frequency": "every_n_days"}, "interval_days"),
        ({"frequency": "hourly"}, "frequency"),
        ({"frequency": "daily", "local_time": "25:00"}, "local_time"),
        ({"frequency": "daily", "time_zone": "Mars/Olympus"}, "time_zone"),
        ({"frequency": "daily", "horizon_days": 365}, "horizon_days"),
        ({"frequency": "daily", "starts_on": "2026-03-05", "ends_on": "2026-03-01"}, "ends_on"),
    ],
)
async def test_bad_rules_are_refused_and_change_nothing(
    bus: MessageBus,
    owner: Principal,
    store: InMemoryStore,
    fields: dict[str, object],
    field: str,
) -> None:
    piece = await approved_piece(bus, owner)
    account = await channel_account(store, piece)
    values: dict[str, object] = {"local_time": "09:00", **fields}
    with pytest.raises(InvalidValue) as caught:
        await bus.execute(
            CreateSchedule(content_id=piece.id, channel_account_ids=[account.id], **values),  # type: ignore[arg-type]
            owner,
        )
    assert getattr(caught.value, "field", None) == field
    assert store.schedules == {}
    assert store.publications == {}
