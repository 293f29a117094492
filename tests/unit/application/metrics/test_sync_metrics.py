"""SyncMetrics end to end on the sandbox: a post published directly through the sandbox's
Publisher and remembered, synced into samples, synced again (nothing new), the cursor kept;
raw names without a metric and objects umt did not make skipped; typed platform errors
recorded on the state (a refused token also marking the integration ``needs_reauth``); a
redelivered task writing nothing twice."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from uuid import UUID, uuid4

import pytest
from tests.unit.application.metrics.conftest import (
    INTERVAL,
    Channel,
    FakeChannelCredentials,
    UowFactory,
)

from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.system.clock import FixedClock
from umt.application.bus import MessageBus
from umt.application.metrics.queries import GetMetricSamples, GetSyncState, MetricSamplesView
from umt.application.metrics.sync_metrics import MetricSyncReport, SyncMetrics
from umt.application.principal import Principal
from umt.domain.integration.integration import Account, Integration, IntegrationStatus
from umt.domain.integration.platforms import Platform
from umt.domain.metrics.sync_state import FIRST_BACKOFF, SyncState
from umt.domain.shared.ids import UserId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.errors import AlreadyProcessed
from umt.ports.publisher import OutgoingPost

HOURS_6 = timedelta(hours=6)


async def publish_and_remember(
    connector: SandboxConnector, uow_factory: UowFactory, channel: Channel, text: str
) -> tuple[UUID, str]:
    """What the publications context does: publish, then remember the post's id."""
    publication_id = uuid4()
    post = await connector.publish(
        channel.target,
        channel.sandbox.credentials,
        OutgoingPost(reference=f"umt-{publication_id}", text=text),
    )
    account = channel.account
    async with uow_factory() as uow:
        await uow.remote_objects.remember(
            organization_id=account.organization_id,
            brand_id=account.brand_id,
            channel_account_id=account.id,
            subject_kind=SubjectKind.PUBLICATION,
            subject_id=publication_id,
            remote_id=post.remote_id,
        )
        await uow.commit()
    return publication_id, post.remote_id


async def sync(bus: MessageBus, principal: Principal | None, channel: Channel) -> MetricSyncReport:
    report: MetricSyncReport = await bus.execute(
        SyncMetrics(
            channel_account_id=channel.account.id,
            organization_id=None if principal else channel.account.organization_id,
        ),
        principal,
    )
    return report


async def samples(
    bus: MessageBus, owner: Principal, kind: SubjectKind, subject: UUID
) -> MetricSamplesView:
    return await bus.ask(
        GetMetricSamples(subject_kind=kind, subject_id=subject, limit=200),
        MetricSamplesView,
        owner,
    )


async def test_a_published_post_is_synced_once_and_the_cursor_kept(
    bus: MessageBus,
    owner: Principal,
    channel: Channel,
    connector: SandboxConnector,
    network: SandboxNetwork,
    uow_factory: UowFactory,
    clock: FixedClock,
    credentials: FakeChannelCredentials,
) -> None:
    publication, remote_id = await publish_and_remember(
        connector, uow_factory, channel, "Our spring blend is here #coffee"
    )
    clock.advance(HOURS_6)
    [outcome] = (await sync(bus, owner, channel)).outcomes
    assert outcome.counts is not None
    assert (outcome.counts.readings, outcome.counts.stored, outcome.counts.skipped) == (7, 7, 0)
    state = outcome.state
    assert state.cursor is not None
    assert (state.last_success_at, state.next_due_at) == (clock.now(), clock.now() + INTERVAL)
    view = await samples(bus, owner, SubjectKind.PUBLICATION, publication)
    token = credentials.by_account[channel.account.id].access_token  # refreshed meanwhile
    truth = await network.post_metrics(token, remote_id, at=clock.now())
    latest = {s.metric: s for s in view.latest}
    assert set(latest) == {
        Metric.IMPRESSIONS, Metric.REACH, Metric.LIKES, Metric.COMMENTS,
        Metric.SHARES, Metric.SAVES, Metric.CLICKS,
    }  # fmt: skip
    assert latest[Metric.IMPRESSIONS].value == truth.impressions > 0
    assert latest[Metric.CLICKS].value == truth.clicks
    assert all(s.source == "sandbox" and s.observed_at == clock.now() for s in view.latest)
    assert {s.brand_id for s in view.series} == {channel.account.brand_id}

    # the same sync again (same platform totals at the same time): nothing new
    [again] = (await sync(bus, owner, channel)).outcomes
    assert again.counts is not None
    assert (again.counts.readings, again.counts.stored) == (7, 0)
    assert again.state.samples_stored == 7
    assert len((await samples(bus, owner, SubjectKind.PUBLICATION, publication)).series) == 7

    # later: new totals are new samples, read since the stored cursor
    clock.advance(timedelta(hours=1))
    [later] = (await sync(bus, owner, channel)).outcomes
    assert later.counts is not None
    assert later.counts.stored == 7
    assert later.state.cursor != state.cursor
    series = (await samples(bus, owner, SubjectKind.PUBLICATION, publication)).series
    assert len(series) == 14
    impressions = [s.value for s in series if s.metric is Metric.IMPRESSIONS]
    assert impressions == sorted(impressions)  # cumulative totals, in time order
    shown = await bus.ask(GetSyncState(channel_account_id=channel.account.id), SyncState, owner)
    assert (shown.cursor, shown.samples_stored, shown.version) == (later.state.cursor, 14, 4)
    # the sink kept the day's rollups: the day's change is the latest total (a first day)
    async with uow_factory() as uow:
        buckets = await uow.metric_rollups.series(
            owner.organization_id, SubjectKind.PUBLICATION, publication, metric=Metric.IMPRESSIONS
        )
    assert [(b.value, b.total) for b in buckets] == [(impressions[-1], impressions[-1])]


async def test_raw_names_without_a_metric_and_foreign_objects_are_skipped_and_logged(
    bus: MessageBus,
    owner: Principal,
    channel: Channel,
    connector: SandboxConnector,
    network: SandboxNetwork,
    uow_factory: UowFactory,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ours = await network.send_campaign(channel.token, subject="Spring", body="New blend")
    await network.send_campaign(channel.token, subject="Not umt's", body="sent by hand")
    campaign_id = uuid4()
    account = channel.account
    async with uow_factory() as uow:
        await uow.remote_objects.remember(
            organization_id=account.organization_id,
            brand_id=account.brand_id,
            channel_account_id=account.id,
            subject_kind=SubjectKind.EMAIL_CAMPAIGN,
            subject_id=campaign_id,
            remote_id=ours.id,
        )
        await uow.commit()
    clock.advance(HOURS_6)
    with caplog.at_level(logging.INFO, logger="umt.application.metrics.readings"):
        [outcome] = (await sync(bus, owner, channel)).outcomes
    assert outcome.counts is not None
    # two campaigns x five raw names; ours keeps delivered, opens, clicks, unsubscribes
    assert (outcome.counts.readings, outcome.counts.stored, outcome.counts.skipped) == (10, 4, 6)
    view = await samples(bus, owner, SubjectKind.EMAIL_CAMPAIGN, campaign_id)
    assert {s.metric for s in view.latest} == {
        Metric.DELIVERED, Metric.OPENS, Metric.CLICKS, Metric.UNSUBSCRIBES,
    }  # fmt: skip
    assert {s.raw_name for s in view.latest} == {"delivered", "opens", "clicks", "unsubscribes"}
    skipped = [r for r in caplog.records if r.getMessage().startswith("metric reading skipped")]
    assert len(skipped) == 6
    assert {getattr(r, "raw_name", None) for r in skipped} >= {"recipients"}
    assert all(channel.token not in r.getMessage() for r in caplog.records)
    assert all(channel.token not in str(r.__dict__) for r in skipped)


async def test_an_expired_token_is_recorded_on_the_state_and_told_once(
    bus: MessageBus,
    owner: Principal,
    channel: Channel,
    connector: SandboxConnector,
    network: SandboxNetwork,
    uow_factory: UowFactory,
    clock: FixedClock,
    store: object,
) -> None:
    publication, _ = await publish_and_remember(connector, uow_factory, channel, "hello")
    clock.advance(HOURS_6)
    network.faults.expire_tokens()
    [failed] = (await sync(bus, owner, channel)).outcomes
    assert failed.counts is None
    state = failed.state
    assert (state.last_error_reason, state.consecutive_failures) == ("token_expired", 1)
    assert state.cursor is None
    assert state.next_due_at == clock.now() + FIRST_BACKOFF
    assert state.last_error_message
    assert channel.token not in state.last_error_message
    [again] = (await sync(bus, owner, channel)).outcomes
    assert again.state.consecutive_failures == 2
    assert (await samples(bus, owner, SubjectKind.PUBLICATION, publication)).series == []
    async with uow_factory() as uow:
        outbox = await uow.outbox.pending(1000)
    told = [m for m in outbox if m.event_type == "metrics.sync_failed"]
    assert len(told) == 1  # the same reason again is not a new event
    assert told[0].payload["data"]["reason"] == "token_expired"

    network.faults.expire_tokens(False)
    [recovered] = (await sync(bus, owner, channel)).outcomes
    assert recovered.counts is not None
    assert recovered.counts.stored == 7
    assert (recovered.state.consecutive_failures, recovered.state.last_error_reason) == (0, None)


async def test_a_rate_limit_is_respected_until_the_platform_s_retry_time(
    bus: MessageBus,
    owner: Principal,
    channel: Channel,
    connector: SandboxConnector,
    network: SandboxNetwork,
    uow_factory: UowFactory,
    clock: FixedClock,
    credentials: object,
) -> None:
    await publish_and_remember(connector, uow_factory, channel, "hello")
    network.faults.rate_limit(600, calls=1)
    [limited] = (await sync(bus, owner, channel)).outcomes
    assert limited.state.last_error_reason == "rate_limited"
    assert limited.state.retry_not_before == clock.now() + timedelta(seconds=600)
    assert limited.state.next_due_at == clock.now() + timedelta(seconds=600)
    clock.advance(timedelta(seconds=599))
    from umt.domain.metrics.errors import SyncRateLimited

    with pytest.raises(SyncRateLimited) as refused:
        await sync(bus, owner, channel)
    assert refused.value.retry_after_seconds == 1
    # the scheduler's task at that moment postpones instead of calling the platform
    [postponed] = (await sync(bus, None, channel)).outcomes
    assert postponed.counts is None
    assert postponed.state.next_due_at == postponed.state.retry_not_before
    clock.advance(timedelta(seconds=1))
    [synced] = (await sync(bus, owner, channel)).outcomes
    assert synced.counts is not None
    assert synced.state.retry_not_before is None


async def test_a_redelivered_sync_task_writes_nothing_twice(
    bus: MessageBus,
    owner: Principal,
    channel: Channel,
    connector: SandboxConnector,
    uow_factory: UowFactory,
    clock: FixedClock,
) -> None:
    publication, _ = await publish_and_remember(connector, uow_factory, channel, "hello")
    clock.advance(HOURS_6)
    command = SyncMetrics(
        channel_account_id=channel.account.id, organization_id=owner.organization_id
    )
    first: MetricSyncReport = await bus.execute(command, None, message_key="metrics.sync:k1")
    assert first.outcomes[0].counts is not None
    assert first.outcomes[0].counts.stored == 7
    clock.advance(timedelta(minutes=5))  # the platform's totals moved on meanwhile
    with pytest.raises(AlreadyProcessed):
        await bus.execute(command, None, message_key="metrics.sync:k1")
    assert len((await samples(bus, owner, SubjectKind.PUBLICATION, publication)).series) == 7
    state = await bus.ask(GetSyncState(channel_account_id=channel.account.id), SyncState, owner)
    assert (state.samples_stored, state.cursor) == (7, first.outcomes[0].state.cursor)


async def connected_integration(uow_factory: UowFactory, channel: Channel, now: datetime) -> None:
    """The account's integration, connected (the fixture's account names it)."""
    account = channel.account
    integration = Integration.start(
        id=account.integration_id,
        organization_id=account.organization_id,
        platform=Platform.SANDBOX,
        created_by=UserId(uuid4()),
        now=now,
    )
    integration.connect(
        Account(external_id=channel.target.external_id, name="Ann"),
        scopes=frozenset({"metrics"}),
        token_expires_at=None,
        now=now,
    )
    async with uow_factory() as uow:
        await uow.integrations.add(integration)
        await uow.commit()


async def integration_status(uow_factory: UowFactory, channel: Channel) -> IntegrationStatus:
    async with uow_factory() as uow:
        found = await uow.integrations.get(
            channel.account.organization_id, channel.account.integration_id
        )
    assert found is not None
    return found.status


async def test_a_token_the_metrics_call_finds_expired_marks_the_integration_needs_reauth(
    bus: MessageBus,
    owner: Principal,
    channel: Channel,
    connector: SandboxConnector,
    network: SandboxNetwork,
    uow_factory: UowFactory,
    clock: FixedClock,
) -> None:
    await connected_integration(uow_factory, channel, clock.now())
    await publish_and_remember(connector, uow_factory, channel, "hello")
    network.faults.outage()
    [down] = (await sync(bus, None, channel)).outcomes  # the scheduler's task
    assert down.state.last_error_reason == "platform_unavailable"
    assert await integration_status(uow_factory, channel) is IntegrationStatus.CONNECTED
    network.faults.outage(False)
    network.faults.expire_tokens()  # the credentials still look valid: the call refuses them

    [failed] = (await sync(bus, None, channel)).outcomes
    [again] = (await sync(bus, owner, channel)).outcomes

    assert (failed.state.last_error_reason, again.state.consecutive_failures) == (
        "token_expired",
        3,
    )
    assert await integration_status(uow_factory, channel) is IntegrationStatus.NEEDS_REAUTH
    async with uow_factory() as uow:
        outbox = await uow.outbox.pending(1000)
    told = [m for m in outbox if m.event_type == "integration.needs_reauth"]
    assert [m.aggregate_id for m in told] == [channel.account.integration_id]  # once
    assert told[0].payload["data"]["reason"] == "token_expired"
