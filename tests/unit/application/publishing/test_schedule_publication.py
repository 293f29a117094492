"""Scheduling publications through the bus, on the in-memory adapters: only an approved
version, a time in the future in a known zone, accounts of the brand, a compliant rendering,
and the calendar's conflicts; the piece's status follows its publications."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tests.unit.application.helpers import add_member
from tests.unit.application.publishing.publishing_support import (
    NOW,
    approved_piece,
    channel_account,
)

from umt.adapters.memory.store import InMemoryStore
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.content.content_queries import GetContent
from umt.application.content.create_content import CreateContent
from umt.application.principal import Principal
from umt.application.publishing.change_publication import (
    CancelPublication,
    ReschedulePublication,
)
from umt.application.publishing.conflicts import PublicationConflicts
from umt.application.publishing.publication_queries import GetPublication, ListPublications
from umt.application.publishing.schedule_publication import SchedulePublication
from umt.domain.brand.channels import Channel
from umt.domain.content.piece import ContentStatus
from umt.domain.identity.permissions import Role
from umt.domain.publishing.channel_account import AccountStatus
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.publication_errors import (
    AccountNotPublishable,
    PublicationInvalid,
    VersionNotApproved,
)
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.publishing.rendering import RenderingRefused
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied, StaleVersion

TOMORROW_9 = "2026-03-02T09:00:00"


async def schedule(bus: MessageBus, actor: Principal, **fields: Any) -> Any:
    return (await bus.execute(SchedulePublication(**fields), actor)).items


async def test_one_publication_per_account_at_the_wall_time_of_each_zone(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)
    berlin = await channel_account(store, piece)
    new_york = await channel_account(
        store, piece, time_zone="America/New_York", kind=ChannelKind.X_ACCOUNT, channel=Channel.X
    )
    items = await schedule(
        bus,
        owner,
        content_id=piece.id,
        channel_account_ids=[berlin.id, new_york.id],
        local_time=TOMORROW_9,
        first_comment="What is your favourite?",
    )
    assert [p.channel_account_id for p in items] == [berlin.id, new_york.id]
    assert [p.due_at.isoformat() for p in items] == [
        "2026-03-02T08:00:00+00:00",  # 09:00 CET
        "2026-03-02T14:00:00+00:00",  # 09:00 EST
    ]
    assert {p.content_version_id for p in items} == {piece.current.id}
    assert items[0].rendering.text.startswith("Our spring menu is out.")
    assert items[0].first_comment == "What is your favourite?"
    content = await bus.execute(GetContent(content_id=piece.id), owner)
    assert content.status is ContentStatus.SCHEDULED
    assert content.scheduled_for == items[0].due_at
    scheduled = [m for m in store.outbox if m.event_type == "publication.scheduled"]
    assert len(scheduled) == 2


async def test_an_instant_is_kept_with_the_zone_it_is_shown_in(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)
    account = await channel_account(store, piece)
    [p] = await schedule(
        bus, owner, content_id=piece.id, channel_account_ids=[account.id], at="2026-03-05T12:00Z"
    )
    assert (p.time_zone, p.local_time.isoformat()) == ("Europe/Berlin", "2026-03-05T13:00:00")


async def test_only_an_approved_version_is_scheduled(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)
    account = await channel_account(store, piece)
    draft = await bus.execute(
        CreateContent(
            brand_id=piece.brand_id, content_type="social_post", channel="linkedin", body="Hi"
        ),
        owner,
    )
    with pytest.raises(VersionNotApproved):
        await schedule(
            bus, owner, content_id=draft.id, channel_account_ids=[account.id], at=TOMORROW_9 + "Z"
        )
    with pytest.raises(VersionNotApproved):
        await schedule(
            bus,
            owner,
            content_id=piece.id,
            version_id=draft.current.id,
            channel_account_ids=[account.id],
            at=TOMORROW_9 + "Z",
        )
    assert store.publications == {}


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"at": "2026-02-28T09:00:00Z"}, PublicationInvalid, "at"),  # the past
        ({"local_time": TOMORROW_9, "time_zone": "Mars/Olympus"}, InvalidValue, "time_zone"),
        ({"at": TOMORROW_9}, InvalidValue, "at"),  # no offset
        ({"at": "2026-03-02T09:00Z", "local_time": TOMORROW_9}, InvalidValue, "at"),
        ({}, InvalidValue, "at"),
        ({"local_time": "2026-03-29T02:30:00"}, PublicationInvalid, "at"),  # skipped by DST
        ({"at": "2026-03-02T09:00Z", "grace_seconds": -1}, InvalidValue, "grace_seconds"),
        ({"at": "2026-03-02T09:00Z", "missed_policy": "later"}, InvalidValue, "missed_policy"),
    ],
)
async def test_bad_times_are_refused_and_change_nothing(
    bus: MessageBus,
    owner: Principal,
    store: InMemoryStore,
    fields: dict[str, Any],
    error: type[Exception],
    field: str,
) -> None:
    piece = await approved_piece(bus, owner)
    account = await channel_account(store, piece)
    with pytest.raises(error) as caught:
        await schedule(bus, owner, content_id=piece.id, channel_account_ids=[account.id], **fields)
    assert getattr(caught.value, "field", None) == field
    assert store.publications == {}


async def test_accounts_must_be_the_brands_active_publishing_accounts(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)
    good = await channel_account(store, piece)
    other_brand = await bus.execute(CreateBrand(name="Other"), owner)
    elsewhere = await channel_account(store, piece, brand_id=other_brand.id)
    disabled = await channel_account(store, piece, status=AccountStatus.DISABLED)
    ads = await channel_account(
        store, piece, kind=ChannelKind.META_AD_ACCOUNT, channel=Channel.META_ADS
    )
    for bad in (elsewhere, disabled, ads):
        with pytest.raises(AccountNotPublishable) as caught:
            await schedule(
                bus,
                owner,
                content_id=piece.id,
                channel_account_ids=[good.id, bad.id],
                at="2026-03-02T09:00Z",
            )
        assert caught.value.field == "channel_account_ids[1]"
    with pytest.raises(PublicationInvalid, match="twice"):
        await schedule(
            bus,
            owner,
            content_id=piece.id,
            channel_account_ids=[good.id, good.id],
            at="2026-03-02T09:00Z",
        )
    assert store.publications == {}


async def test_a_post_breaking_a_channel_rule_is_refused_with_its_violations(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner, body="x" * 2000)  # X takes 280 characters
    x = await channel_account(store, piece, kind=ChannelKind.X_ACCOUNT, channel=Channel.X)
    with pytest.raises(RenderingRefused) as caught:
        await schedule(
            bus, owner, content_id=piece.id, channel_account_ids=[x.id], at="2026-03-02T09:00Z"
        )
    assert caught.value.rendering.errors
    assert store.publications == {}


async def test_the_calendar_refuses_conflicts_listing_each(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)
    capped = await channel_account(store, piece, daily_cap=2)
    spaced = await channel_account(store, piece, min_spacing_minutes=60)
    for hour in (9, 20):
        await schedule(
            bus,
            owner,
            content_id=piece.id,
            channel_account_ids=[capped.id, spaced.id],
            at=f"2026-03-02T{hour:02}:00Z",
        )
    with pytest.raises(PublicationConflicts) as caught:
        await schedule(
            bus,
            owner,
            content_id=piece.id,
            channel_account_ids=[capped.id, spaced.id],
            at="2026-03-02T20:30Z",  # within 24 h of both, 30 minutes after the second
        )
    found = {(c.field, c.code) for c in caught.value.conflicts}
    assert found == {
        ("channel_account_ids[0]", "daily_cap"),
        ("channel_account_ids[1]", "min_spacing"),
    }
    assert len(store.publications) == 4
    # a day later the cap has room again, and the spacing is kept
    items = await schedule(
        bus,
        owner,
        content_id=piece.id,
        channel_account_ids=[capped.id, spaced.id],
        at="2026-03-03T09:30Z",
    )
    assert len(items) == 2


async def test_reschedule_runs_the_checks_again_and_the_piece_follows(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)
    account = await channel_account(store, piece, min_spacing_minutes=60)
    [first] = await schedule(
        bus, owner, content_id=piece.id, channel_account_ids=[account.id], at="2026-03-02T09:00Z"
    )
    [second] = await schedule(
        bus, owner, content_id=piece.id, channel_account_ids=[account.id], at="2026-03-02T12:00Z"
    )
    moved = await bus.execute(
        ReschedulePublication(publication_id=first.id, local_time="2026-03-02T09:30:00"), owner
    )
    assert moved.due_at.isoformat() == "2026-03-02T08:30:00+00:00"  # planned in Berlin
    assert moved.version == 2
    with pytest.raises(PublicationConflicts):
        await bus.execute(
            ReschedulePublication(publication_id=first.id, at="2026-03-02T12:20Z"), owner
        )
    with pytest.raises(StaleVersion):
        await bus.execute(
            ReschedulePublication(
                publication_id=first.id, at="2026-03-04T12:00Z", expected_version=1
            ),
            owner,
        )
    content = await bus.execute(GetContent(content_id=piece.id), owner)
    assert (content.status, content.scheduled_for) == (ContentStatus.SCHEDULED, moved.due_at)
    await bus.execute(CancelPublication(publication_id=first.id), owner)
    content = await bus.execute(GetContent(content_id=piece.id), owner)
    assert content.scheduled_for == second.due_at  # scheduled → scheduled, a new time
    cancelled = await bus.execute(CancelPublication(publication_id=second.id), owner)
    assert cancelled.status is PublicationStatus.CANCELLED
    content = await bus.execute(GetContent(content_id=piece.id), owner)
    assert content.status is ContentStatus.APPROVED  # nothing left on the calendar


async def test_the_calendar_reads_by_range_and_filters_within_the_tenant(
    bus: MessageBus, owner: Principal, other_owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)
    account = await channel_account(store, piece)
    days = [
        (
            await schedule(
                bus,
                owner,
                content_id=piece.id,
                channel_account_ids=[account.id],
                at=f"2026-03-0{d}T09:00Z",
            )
        )[0]
        for d in (4, 2, 3)
    ]
    page = await bus.execute(
        ListPublications(
            brand_id=piece.brand_id,
            due_from=NOW + timedelta(days=1),
            due_to=NOW + timedelta(days=2, hours=1),
        ),
        owner,
    )
    assert [p.due_at.day for p in page.items] == [2, 3]
    everything = await bus.execute(ListPublications(), owner)
    assert len(everything.items) == 3
    assert (await bus.execute(ListPublications(statuses=("cancelled",)), owner)).items == []
    assert (await bus.execute(ListPublications(), other_owner)).items == []
    with pytest.raises(NotFound):
        await bus.execute(GetPublication(publication_id=days[0].id), other_owner)
    with pytest.raises(InvalidValue):
        await bus.execute(ListPublications(channel="myspace"), owner)
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    assert (await bus.execute(GetPublication(publication_id=days[0].id), viewer)).id == days[0].id
    with pytest.raises(PermissionDenied):
        await bus.execute(CancelPublication(publication_id=days[0].id), viewer)


async def test_the_brands_blackout_dates_refuse_a_post_in_the_accounts_zone(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    from umt.application.brand.update_brand import BrandChanges, UpdateBrand

    piece = await approved_piece(bus, owner)
    await bus.execute(
        UpdateBrand(
            brand_id=piece.brand_id, changes=BrandChanges.of({"blackout_dates": ["2026-03-03"]})
        ),
        owner,
    )
    tokyo = await channel_account(store, piece, time_zone="Asia/Tokyo")
    # 2026-03-02T16:00Z is already 3 March in Tokyo: a blackout date there
    with pytest.raises(PublicationConflicts) as caught:
        await schedule(
            bus, owner, content_id=piece.id, channel_account_ids=[tokyo.id], at="2026-03-02T16:00Z"
        )
    assert [c.code for c in caught.value.conflicts] == ["blackout_date"]
    [ok] = await schedule(
        bus, owner, content_id=piece.id, channel_account_ids=[tokyo.id], at="2026-03-02T14:00Z"
    )
    assert ok.local_time.isoformat() == "2026-03-02T23:00:00"
