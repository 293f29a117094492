"""What a sync request may name and who may make it: bad input is refused and changes
nothing; a brand's sync covers its accounts with a metric source; the scheduler's system
tasks postpone or forget what a member would be refused."""

from __future__ import annotations

from uuid import uuid4

import pytest
from tests.unit.application.helpers import add_member
from tests.unit.application.metrics.conftest import (
    Channel,
    FakeChannelCredentials,
    UowFactory,
    add_account,
)

from umt.adapters.system.clock import FixedClock
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.metrics.queries import GetMetricSamples, GetSyncState
from umt.application.metrics.sync_metrics import MetricSyncReport, SyncMetrics
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role
from umt.domain.metrics.errors import ChannelAccountInactive, MetricsUnsupported
from umt.domain.metrics.sync_state import SyncState
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied
from umt.domain.shared.ids import BrandId
from umt.domain.shared.metrics import SubjectKind
from umt.ports.channel_target import ChannelTarget


async def states(uow_factory: UowFactory, owner: Principal) -> list[SyncState]:
    async with uow_factory() as uow:
        return list(await uow.sync_states.list(owner.organization_id))


async def test_bad_requests_are_refused_and_change_nothing(
    bus: MessageBus,
    owner: Principal,
    other_owner: Principal,
    channel: Channel,
    uow_factory: UowFactory,
) -> None:
    account_id = channel.account.id
    with pytest.raises(InvalidValue):
        await bus.execute(SyncMetrics(), owner)
    with pytest.raises(InvalidValue):
        await bus.execute(SyncMetrics(channel_account_id=account_id, brand_id=uuid4()), owner)
    with pytest.raises(NotFound):
        await bus.execute(SyncMetrics(channel_account_id=uuid4()), owner)
    with pytest.raises(NotFound):  # another tenant's account is simply absent
        await bus.execute(SyncMetrics(channel_account_id=account_id), other_owner)
    with pytest.raises(NotFound):  # a member cannot act in another organization
        await bus.execute(
            SyncMetrics(channel_account_id=account_id, organization_id=other_owner.organization_id),
            owner,
        )
    with pytest.raises(NotFound):  # a system task must name its organization
        await bus.execute(SyncMetrics(channel_account_id=account_id), None)
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await bus.execute(SyncMetrics(channel_account_id=account_id), viewer)
    with pytest.raises(NotFound):
        await bus.execute(GetSyncState(channel_account_id=account_id), other_owner)
    with pytest.raises(InvalidValue):
        await bus.execute(
            GetMetricSamples(
                subject_kind=SubjectKind.PUBLICATION, subject_id=uuid4(), cursor="bogus"
            ),
            owner,
        )
    with pytest.raises(InvalidValue):
        await bus.execute(
            GetMetricSamples(subject_kind=SubjectKind.PUBLICATION, subject_id=uuid4(), limit=0),
            owner,
        )
    assert await states(uow_factory, owner) == []


async def test_an_analyst_may_sync_and_a_brand_scoped_member_only_their_brands(
    bus: MessageBus, owner: Principal, channel: Channel
) -> None:
    analyst = await add_member(bus, owner, "analyst@acme.example", Role.ANALYST)
    report: MetricSyncReport = await bus.execute(
        SyncMetrics(channel_account_id=channel.account.id), analyst
    )
    assert [o.state.id for o in report.outcomes] == [channel.account.id]
    elsewhere = Principal.for_member(
        analyst.user_id,
        owner.organization_id,
        Role.ANALYST,
        brand_scope=frozenset({BrandId(uuid4())}),
    )
    with pytest.raises(NotFound):
        await bus.execute(SyncMetrics(channel_account_id=channel.account.id), elsewhere)
    with pytest.raises(NotFound):
        await bus.execute(SyncMetrics(brand_id=channel.account.brand_id), elsewhere)


async def test_inactive_accounts_and_platforms_without_metrics_are_refused(
    bus: MessageBus,
    owner: Principal,
    channel: Channel,
    uow_factory: UowFactory,
    clock: FixedClock,
) -> None:
    async with uow_factory() as uow:
        account = await uow.channel_accounts.get(owner.organization_id, channel.account.id)
        assert account is not None
        account.update({"status": "disabled"}, now=clock.now())
        await uow.channel_accounts.save(account)
        await uow.commit()
    with pytest.raises(ChannelAccountInactive):
        await bus.execute(SyncMetrics(channel_account_id=channel.account.id), owner)
    wordpress = await add_account(
        uow_factory,
        clock,
        owner,
        ChannelTarget(kind=ChannelKind.WORDPRESS_SITE, external_id="https://blog.example"),
        brand_id=channel.account.brand_id,
        kind=ChannelKind.WORDPRESS_SITE,
    )
    with pytest.raises(MetricsUnsupported):  # not configured in this deployment
        await bus.execute(SyncMetrics(channel_account_id=wordpress.id), owner)
    assert await states(uow_factory, owner) == []


async def test_a_brand_sync_covers_its_active_accounts_with_a_metric_source(
    bus: MessageBus,
    owner: Principal,
    channel: Channel,
    uow_factory: UowFactory,
    clock: FixedClock,
    credentials: FakeChannelCredentials,
) -> None:
    created = await bus.execute(CreateBrand(name="Acme"), owner)
    brand = created.id
    posts = await add_account(uow_factory, clock, owner, channel.sandbox.posts, brand_id=brand)
    credentials.by_account[posts.id] = channel.sandbox.credentials
    ads = await add_account(
        uow_factory, clock, owner, channel.sandbox.ads, brand_id=brand,
        kind=ChannelKind.SANDBOX_AD_ACCOUNT,
    )  # fmt: skip
    credentials.by_account[ads.id] = channel.sandbox.credentials
    await add_account(
        uow_factory,
        clock,
        owner,
        ChannelTarget(kind=ChannelKind.WORDPRESS_SITE, external_id="https://blog.example"),
        brand_id=brand,
        kind=ChannelKind.WORDPRESS_SITE,
    )
    other_brand = channel.account  # the same sandbox account, for another brand
    report: MetricSyncReport = await bus.execute(SyncMetrics(brand_id=brand), owner)
    assert {o.state.id for o in report.outcomes} == {posts.id, ads.id}
    assert all(o.counts is not None for o in report.outcomes)
    assert other_brand.id not in {s.id for s in await states(uow_factory, owner)}


async def test_the_scheduler_s_task_for_a_removed_account_forgets_its_state(
    bus: MessageBus, owner: Principal, channel: Channel, uow_factory: UowFactory
) -> None:
    system = SyncMetrics(
        channel_account_id=channel.account.id, organization_id=owner.organization_id
    )
    await bus.execute(system, None)
    assert [s.id for s in await states(uow_factory, owner)] == [channel.account.id]
    async with uow_factory() as uow:
        account = await uow.channel_accounts.get(owner.organization_id, channel.account.id)
        assert account is not None
        await uow.channel_accounts.remove(account)
        await uow.commit()
    report: MetricSyncReport = await bus.execute(system, None)
    assert report.outcomes == []
    assert await states(uow_factory, owner) == []
    with pytest.raises(NotFound):
        await bus.execute(SyncMetrics(channel_account_id=channel.account.id), owner)


async def test_an_account_never_synced_shows_as_due_now(
    bus: MessageBus, owner: Principal, channel: Channel, clock: FixedClock
) -> None:
    state = await bus.ask(GetSyncState(channel_account_id=channel.account.id), SyncState, owner)
    assert (state.cursor, state.next_due_at, state.last_success_at) == (None, clock.now(), None)


async def test_a_brand_sync_of_an_unknown_or_another_tenants_brand_is_not_found(
    bus: MessageBus, owner: Principal, other_owner: Principal, uow_factory: UowFactory
) -> None:
    created = await bus.execute(CreateBrand(name="Acme"), owner)
    with pytest.raises(NotFound):
        await bus.execute(SyncMetrics(brand_id=created.id), other_owner)
    with pytest.raises(NotFound):
        await bus.execute(SyncMetrics(brand_id=uuid4()), owner)
    stranger_task = SyncMetrics(brand_id=created.id, organization_id=other_owner.organization_id)
    with pytest.raises(NotFound):  # a system task naming another organization
        await bus.execute(stranger_task, None)
    assert await states(uow_factory, owner) == []
