"""The metrics context's reads: an account's sync state, and a subject's samples (its latest
totals per metric and the series, keyset-paged)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.metrics.sync_state import SyncState
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import ChannelAccountId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.clock import Clock
from umt.ports.metric_sample_reader import SamplePosition, SampleQuery
from umt.ports.metric_sink import MetricSample
from umt.ports.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSyncState:
    use_case: ClassVar = UseCase(Permission.METRICS_READ)
    channel_account_id: UUID


async def get_sync_state(cmd: GetSyncState, ctx: Context, *, clock: Clock) -> SyncState:
    """The account's sync state; an account never synced yet shows as due now, no cursor."""
    actor = ctx.actor()
    actor.require(GetSyncState.use_case.permission)
    account_id = ChannelAccountId(cmd.channel_account_id)
    async with ctx.uow as uow:
        account = await uow.channel_accounts.get(actor.organization_id, account_id)
        if account is None or not actor.can_access_brand(account.brand_id):
            raise NotFound("channel account not found")
        state = await uow.sync_states.get(actor.organization_id, account_id)
    if state is not None:
        return state
    return SyncState.start(
        account_id=account.id,
        organization_id=account.organization_id,
        brand_id=account.brand_id,
        platform=account.platform,
        now=clock.now(),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GetMetricSamples:
    use_case: ClassVar = UseCase(Permission.METRICS_READ)
    subject_kind: SubjectKind
    subject_id: UUID
    metric: Metric | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricSamplesView:
    """The latest total per metric (and source) within the window, and one page of the
    series in time order; ``next_cursor`` fetches the next page."""

    latest: list[MetricSample]
    series: list[MetricSample]
    next_cursor: str | None


async def get_metric_samples(cmd: GetMetricSamples, ctx: Context) -> MetricSamplesView:
    actor = ctx.actor()
    actor.require(GetMetricSamples.use_case.permission)
    if not 1 <= cmd.limit <= MAX_PAGE_SIZE:
        raise InvalidValue(f"limit must be between 1 and {MAX_PAGE_SIZE}", field="limit")
    if cmd.since is not None and cmd.until is not None and cmd.since >= cmd.until:
        raise InvalidValue("from must be before to", field="from")
    for name, at in (("from", cmd.since), ("to", cmd.until)):
        if at is not None and at.tzinfo is None:
            raise InvalidValue(f"{name} needs a time zone (e.g. Z)", field=name)
    after = decode_position(cmd.cursor) if cmd.cursor else None
    query = SampleQuery(
        organization_id=actor.organization_id,
        subject_kind=SubjectKind(cmd.subject_kind),
        subject_id=cmd.subject_id,
        metric=cmd.metric,
        since=cmd.since,
        until=cmd.until,
        brand_ids=actor.brand_scope,
    )
    async with ctx.uow as uow:
        latest = await uow.metric_readings.latest(query)
        page = await uow.metric_readings.series(query, after=after, limit=cmd.limit)
    return MetricSamplesView(
        latest=list(latest),
        series=list(page.samples),
        next_cursor=None if page.next is None else encode_position(page.next),
    )


_CURSOR_VERSION = "ms1"


def encode_position(position: SamplePosition) -> str:
    raw = json.dumps(
        [_CURSOR_VERSION, position.observed_at.isoformat(), position.metric.value, position.source],
        separators=(",", ":"),
    )
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_position(cursor: str) -> SamplePosition:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        version, at, metric, source = json.loads(base64.urlsafe_b64decode(padded))
        if version != _CURSOR_VERSION or not isinstance(source, str):
            raise ValueError("not a samples cursor")
        observed_at = datetime.fromisoformat(at)
        if observed_at.tzinfo is None:
            raise ValueError("a cursor time without a time zone")
        return SamplePosition(observed_at=observed_at, metric=Metric(metric), source=source)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError) as exc:
        raise InvalidValue(f"invalid cursor: {exc}", field="cursor") from None
