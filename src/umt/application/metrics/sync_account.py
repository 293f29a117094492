"""One channel account's metric sync: read, call the platform, write.

Three steps, and the platform is never called inside a transaction: a short read of the
account, its sync state and the objects umt made there; the call (credentials from the
``ChannelCredentials`` port, then ``MetricSource.metrics`` since the stored cursor); then one
transaction that writes the new samples through the sink (the analytics context's, which
keeps their daily rollups) and the new cursor on the state
(with the task's inbox claim, when it runs as a task), so a redelivered sync stores nothing
twice. A sync that finds the state changed meanwhile (another sync of the account won) writes
nothing. Typed platform errors become the state's failure (reason, backoff, the platform's
retry time), never the caller's; one that says the grant no longer works (an expired or
revoked token, a missing scope), from the credentials or from the metrics call itself, also
marks the integration ``needs_reauth`` afterwards (``integration.needs_reauth`` tells the
brand), as publishing does.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from umt.application.analytics.config import AnalyticsConfig
from umt.application.metrics.config import MetricSyncConfig
from umt.application.metrics.readings import to_samples
from umt.application.publishing_dispatch.account_checks import require_reauth
from umt.domain.integration.errors import PlatformError, QuotaExceeded, RateLimited
from umt.domain.integration.platforms import Platform
from umt.domain.metrics.sync_state import SyncCounts, SyncState
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.ports.channel_credentials import ChannelCredentials, target_of
from umt.ports.clock import Clock
from umt.ports.metric_source import MetricBatch, MetricSource
from umt.ports.platform_connector import PlatformConnector
from umt.ports.remote_objects import RemoteObject
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncOutcome:
    """One account's sync: its state afterwards, and what this sync read and kept (None when
    it failed, or another sync of the account got in first)."""

    state: SyncState
    counts: SyncCounts | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncDependencies:
    clock: Clock
    platforms: Mapping[Platform, PlatformConnector]
    channel_credentials: ChannelCredentials
    config: MetricSyncConfig
    analytics: AnalyticsConfig = field(default_factory=AnalyticsConfig)  # late-data window


def metric_source_of(
    platforms: Mapping[Platform, PlatformConnector], platform: Platform
) -> MetricSource | None:
    connector = platforms.get(platform)
    return connector if isinstance(connector, MetricSource) else None


@dataclass(frozen=True, slots=True)
class _Loaded:
    account: ChannelAccount
    state: SyncState | None  # None: the account's first sync
    objects: dict[str, RemoteObject]


async def sync_account(
    uow: UnitOfWork, account: ChannelAccount, source: MetricSource, deps: SyncDependencies
) -> SyncOutcome:
    """Sync ``account`` (active, its platform a metric source); ``uow`` is the caller's unit
    of work (the task's, with its inbox claim), used for one read and one write block."""
    async with uow:
        state = await uow.sync_states.get(account.organization_id, account.id)
        objects = await uow.remote_objects.of_account(account.organization_id, account.id)
    loaded = _Loaded(account, state, {o.remote_id: o for o in objects})
    now = deps.clock.now()
    try:
        batch = await _call(loaded, source, deps, now=now)
    except PlatformError as exc:
        log.warning(
            "metric sync failed",
            extra={
                "platform": account.platform.value,
                "channel_account_id": str(account.id),
                "reason": exc.reason.value,
                "status": exc.status,
            },
        )
        outcome = await _record(uow, loaded, deps, error=exc)
        if exc.needs_reauth:  # the metrics call itself said the grant no longer works
            await require_reauth(uow, account, exc.reason, deps.clock.now())
        return outcome
    return await _record(uow, loaded, deps, batch=batch)


async def _call(
    loaded: _Loaded, source: MetricSource, deps: SyncDependencies, *, now: datetime
) -> MetricBatch:
    account = loaded.account
    credentials = await deps.channel_credentials.for_account(account)
    return await source.metrics(
        target_of(account),
        credentials,
        cursor=loaded.state.cursor if loaded.state is not None else None,
        remote_ids=sorted(loaded.objects),
        now=now,
    )


async def _record(
    uow: UnitOfWork,
    loaded: _Loaded,
    deps: SyncDependencies,
    *,
    batch: MetricBatch | None = None,
    error: PlatformError | None = None,
) -> SyncOutcome:
    account = loaded.account
    now = deps.clock.now()
    async with uow:
        state = await uow.sync_states.get(account.organization_id, account.id)
        if _changed_meanwhile(loaded.state, state):
            assert state is not None  # noqa: S101 - _changed_meanwhile says it exists
            return SyncOutcome(state=state, counts=None)
        is_new = state is None
        if state is None:
            state = SyncState.start(
                account_id=account.id,
                organization_id=account.organization_id,
                brand_id=account.brand_id,
                platform=account.platform,
                now=now,
            )
        counts = None
        if batch is not None:
            mapped = to_samples(account, batch.readings, loaded.objects)
            window = deps.analytics.window(now)
            stored = await uow.metric_samples.write(mapped.samples, window=window)
            counts = SyncCounts(readings=len(batch.readings), stored=stored, skipped=mapped.skipped)
            state.succeeded(
                cursor=batch.cursor, counts=counts, now=now, interval=deps.config.interval
            )
        elif error is not None:
            state.failed(
                reason=error.reason.value,
                message=error.message,
                now=now,
                retry_after=_retry_after(error),
            )
        try:
            await (uow.sync_states.add(state) if is_new else uow.sync_states.save(state))
        except (StaleVersion, Conflict):  # another sync saved it since our read
            return SyncOutcome(state=state, counts=None)
        await uow.commit()
    return SyncOutcome(state=state, counts=counts)


def _changed_meanwhile(before: SyncState | None, now: SyncState | None) -> bool:
    if now is None:
        return False
    return before is None or before.version != now.version


def _retry_after(error: PlatformError) -> timedelta | None:
    if isinstance(error, RateLimited | QuotaExceeded) and error.retry_after_seconds:
        return timedelta(seconds=error.retry_after_seconds)
    return None
