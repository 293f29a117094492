"""The publishing calendar through the embedded library: schedule an approved piece to two
channel accounts at 09:00 in each one's zone, read the calendar, reschedule, cancel; a viewer
reads but cannot change it, and what the facade returns is a frozen view."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import pytest

from umt.application.identity.create_user import CreateUser
from umt.domain.brand.channels import Channel
from umt.domain.content.piece import ContentStatus
from umt.domain.identity.permissions import Role
from umt.domain.integration.integration import IntegrationId
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import PermissionDenied
from umt.domain.shared.ids import ChannelAccountId
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform as Umt
from umt.entrypoints.library import Session
from umt.entrypoints.settings import Settings

PASSWORD = "a long enough passphrase"


@pytest.fixture
async def umt(tmp_path: Path) -> AsyncIterator[Umt]:
    settings = Settings(
        _env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="", redis_url=""
    )
    async with Umt(build_container(settings)) as platform:
        yield platform


def add_account(
    umt: Umt, owner: Session, brand_id: object, zone: str, kind: ChannelKind
) -> ChannelAccount:
    """An account as a discovery stores it (the library has no discovery of its own yet)."""
    now = datetime.now(UTC)
    channel = Channel.X if kind is ChannelKind.X_ACCOUNT else Channel.LINKEDIN
    account = ChannelAccount(
        id=ChannelAccountId(uuid4()),
        organization_id=owner.principal.organization_id,
        brand_id=brand_id,  # type: ignore[arg-type]
        integration_id=IntegrationId(uuid4()),
        kind=kind,
        external_id=uuid4().hex,
        name=f"Acme in {zone}",
        channel=channel,
        time_zone=zone,
        created_at=now,
        updated_at=now,
    )
    umt._container.memory_store().channel_accounts[account.id] = account
    return account


async def test_schedule_read_reschedule_and_cancel(umt: Umt) -> None:
    owner = await umt.register("owner@acme.example", PASSWORD, "Acme")
    brand = await umt.brands.create(owner, name="Acme Coffee")
    piece = await umt.content.create(
        owner, brand.id, content_type="social_post", channel="linkedin", body="Spring is here."
    )
    await umt.content.submit(owner, piece.id)
    await umt.content.approve(owner, piece.id)
    berlin = add_account(umt, owner, brand.id, "Europe/Berlin", ChannelKind.LINKEDIN_ORGANIZATION)
    tokyo = add_account(umt, owner, brand.id, "Asia/Tokyo", ChannelKind.X_ACCOUNT)

    scheduled = await umt.publishing.schedule(
        owner, piece.id, [berlin.id, tokyo.id], local_time="2030-06-03T09:00:00"
    )
    assert [p.due_at.isoformat() for p in scheduled] == [
        "2030-06-03T07:00:00+00:00",  # 09:00 CEST
        "2030-06-03T00:00:00+00:00",  # 09:00 JST
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        scheduled[0].status = PublicationStatus.CANCELLED  # type: ignore[misc]
    calendar = await umt.publishing.calendar(owner, brand_id=brand.id)
    assert [p.channel_account_id for p in calendar.items] == [tokyo.id, berlin.id]
    assert (await umt.content.get(owner, piece.id)).status is ContentStatus.SCHEDULED

    viewer_email = "viewer@acme.example"
    await umt.bus.execute(
        CreateUser(
            email=viewer_email,
            password=PASSWORD,
            role=Role.VIEWER,
            organization_id=owner.principal.organization_id,
        )
    )
    viewer = await umt.login(viewer_email, PASSWORD, owner.principal.organization_id)
    assert (await umt.publishing.get(viewer, scheduled[0].id)).id == scheduled[0].id
    with pytest.raises(PermissionDenied):
        await umt.publishing.cancel(viewer, scheduled[0].id)

    moved = await umt.publishing.reschedule(
        owner, scheduled[0].id, local_time="2030-06-04T09:00:00", expected_version=1
    )
    assert moved.local_time.isoformat() == "2030-06-04T09:00:00"
    for publication in scheduled:
        await umt.publishing.cancel(owner, publication.id)
    assert (await umt.content.get(owner, piece.id)).status is ContentStatus.APPROVED


async def test_a_weekly_schedule_through_the_library(umt: Umt) -> None:
    owner = await umt.register("owner@acme.example", PASSWORD, "Acme")
    brand = await umt.brands.create(owner, name="Acme Coffee", time_zone="Europe/Berlin")
    piece = await umt.content.create(
        owner, brand.id, content_type="social_post", channel="linkedin", body="Monday beans."
    )
    await umt.content.submit(owner, piece.id)
    await umt.content.approve(owner, piece.id)
    berlin = add_account(umt, owner, brand.id, "Europe/Berlin", ChannelKind.LINKEDIN_ORGANIZATION)
    schedule = await umt.schedules.create(
        owner,
        piece.id,
        [berlin.id],
        frequency="weekly",
        weekdays=[0],
        local_time="09:00",
        starts_on=datetime.now(UTC).date(),
        horizon_days=21,
    )
    assert schedule.time_zone == "Europe/Berlin"  # the brand's
    made = await umt.publishing.calendar(owner, brand_id=brand.id)
    assert 3 <= len(made.items) <= 4
    assert {p.local_time.strftime("%A %H:%M") for p in made.items} == {"Monday 09:00"}
    assert {p.schedule_id for p in made.items} == {schedule.id}
    paused = await umt.schedules.update(owner, schedule.id, {"active": False})
    assert paused.active is False
    assert [s.id for s in (await umt.schedules.list(owner, active=False)).items] == [schedule.id]
    await umt.schedules.delete(owner, schedule.id)
    left = await umt.publishing.calendar(owner, brand_id=brand.id, statuses=("scheduled",))
    assert left.items == []
