"""SyncMetrics: pull the platforms' metrics of one channel account, or of every account of a
brand, into the metric samples.

Run by a member (``POST /api/v1/metrics/sync``, ``metrics:sync``) or as the scheduler's task
(no principal: a system task naming its organization). A member is told plainly what cannot
be synced (an inactive account, a platform without metrics, a platform that asked us to
wait: 409 and 429); the scheduler's task records the same as the account's state instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.analytics.config import AnalyticsConfig
from umt.application.metrics.config import MetricSyncConfig
from umt.application.metrics.sync_account import (
    SyncDependencies,
    SyncOutcome,
    metric_source_of,
    sync_account,
)
from umt.application.principal import Principal
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.integration.platforms import Platform
from umt.domain.metrics.errors import ChannelAccountInactive, MetricsUnsupported, SyncRateLimited
from umt.domain.metrics.sync_state import SyncState
from umt.domain.publishing.channel_account import AccountStatus, ChannelAccount
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId
from umt.ports.channel_account_repository import ChannelAccountFilter
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock
from umt.ports.platform_connector import PlatformConnector
from umt.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncMetrics:
    use_case: ClassVar = UseCase(
        Permission.METRICS_SYNC,
        task="metrics.sync",
        agent=Agent.CONTENT_AD_MANAGEMENT,
        anonymous=True,
    )
    channel_account_id: UUID | None = None  # one account, or
    brand_id: UUID | None = None  # every active account of the brand with a metric source
    organization_id: UUID | None = None  # the scheduler's tasks, which have no principal


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricSyncReport:
    """Each account's outcome, in the order synced."""

    outcomes: list[SyncOutcome]


async def sync_metrics(
    cmd: SyncMetrics,
    ctx: Context,
    *,
    clock: Clock,
    platforms: Mapping[Platform, PlatformConnector],
    channel_credentials: ChannelCredentials,
    metric_sync: MetricSyncConfig,
    analytics: AnalyticsConfig,
) -> MetricSyncReport:
    if (cmd.channel_account_id is None) == (cmd.brand_id is None):
        raise InvalidValue("name either a channel account or a brand", field="channel_account_id")
    principal = ctx.principal
    organization_id = _organization(principal, cmd.organization_id)
    deps = SyncDependencies(
        clock=clock,
        platforms=platforms,
        channel_credentials=channel_credentials,
        config=metric_sync,
        analytics=analytics,
    )
    uow = ctx.uow
    if cmd.channel_account_id is not None:
        account_id = ChannelAccountId(cmd.channel_account_id)
        outcome = await _one_account(uow, principal, organization_id, account_id, deps)
        return MetricSyncReport(outcomes=[] if outcome is None else [outcome])
    assert cmd.brand_id is not None  # noqa: S101 - checked above: one of the two is given
    brand_id = BrandId(cmd.brand_id)
    if principal is not None:
        principal.require_brand(brand_id)
    async with uow:
        if await uow.brands.summary(organization_id, brand_id) is None:
            raise NotFound(f"brand {brand_id} not found")  # another tenant's too
        accounts = await uow.channel_accounts.list(
            organization_id,
            ChannelAccountFilter(brand_id=brand_id, status=AccountStatus.ACTIVE),
        )
    outcomes: list[SyncOutcome] = []
    for account in accounts:
        source = metric_source_of(platforms, account.platform)
        if source is None:
            continue
        blocked = await _blocked(uow, account, clock.now())
        if blocked is not None:
            outcomes.append(SyncOutcome(state=blocked, counts=None))
            continue
        outcomes.append(await sync_account(uow, account, source, deps))
    return MetricSyncReport(outcomes=outcomes)


def _organization(principal: Principal | None, named: UUID | None) -> OrganizationId:
    if principal is not None:
        principal.require(SyncMetrics.use_case.permission)
        if named is not None and named != principal.organization_id:
            raise NotFound("channel account not found")
        return principal.organization_id
    if named is None:
        raise NotFound("channel account not found")
    return OrganizationId(named)


async def _one_account(
    uow: UnitOfWork,
    principal: Principal | None,
    organization_id: OrganizationId,
    account_id: ChannelAccountId,
    deps: SyncDependencies,
) -> SyncOutcome | None:
    now = deps.clock.now()
    async with uow:
        account = await uow.channel_accounts.get(organization_id, account_id)
        if account is None or (principal and not principal.can_access_brand(account.brand_id)):
            if principal is not None:
                raise NotFound("channel account not found")
            await _forget(uow, organization_id, account_id)  # the scheduler's: it is gone
            return None
    source = metric_source_of(deps.platforms, account.platform)
    problem: Exception | None = None
    if account.status is not AccountStatus.ACTIVE:
        problem = ChannelAccountInactive(f"the channel account is {account.status.value}")
    elif source is None:
        problem = MetricsUnsupported(
            f"{account.platform.value} reports no metrics in this deployment"
        )
    if problem is not None:
        if principal is not None:
            raise problem
        return await _postpone(uow, account, until=now + deps.config.interval, now=now)
    assert source is not None  # noqa: S101 - a missing source is a problem above
    blocked = await _blocked(uow, account, now)
    if blocked is not None:
        until = blocked.blocked_until(now)
        assert until is not None  # noqa: S101 - _blocked returns only blocked states
        if principal is not None:
            seconds = max(1, int((until - now).total_seconds() + 0.999))
            raise SyncRateLimited(
                f"{account.platform.value} asked to wait before the next sync",
                retry_after_seconds=seconds,
            )
        return await _postpone(uow, account, until=until, now=now)
    return await sync_account(uow, account, source, deps)


async def _blocked(uow: UnitOfWork, account: ChannelAccount, now: datetime) -> SyncState | None:
    """The account's state while a platform's retry time is still ahead."""
    async with uow:
        state = await uow.sync_states.get(account.organization_id, account.id)
    return state if state is not None and state.blocked_until(now) is not None else None


async def _postpone(
    uow: UnitOfWork, account: ChannelAccount, *, until: datetime, now: datetime
) -> SyncOutcome | None:
    async with uow:
        state = await uow.sync_states.get(account.organization_id, account.id)
        if state is None:
            return None
        state.postpone(until=until, now=now)
        await uow.sync_states.save(state)
        await uow.commit()
    return SyncOutcome(state=state, counts=None)


async def _forget(
    uow: UnitOfWork, organization_id: OrganizationId, account_id: ChannelAccountId
) -> None:
    state = await uow.sync_states.get(organization_id, account_id)
    if state is not None:
        await uow.sync_states.remove(state)
        await uow.commit()
