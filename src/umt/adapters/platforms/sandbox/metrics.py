"""The ``MetricSource`` capability of the sandbox connector: cumulative totals since a cursor.

A mixin of ``SandboxConnector``. The cursor is the time of the previous sync (opaque to the
caller); a sync reads every object whose totals may have changed since then, at ``now``:

- the sandbox account (``SANDBOX_ACCOUNT``): its posts (``remote_ids`` when given, else every
  live post) still within their two weeks of attention, and its email campaigns within their
  week; raw names ``impressions reach likes comments shares saves clicks`` (posts) and
  ``recipients delivered opens clicks unsubscribes`` (email; ``recipients`` has no
  normalized metric and comes back with ``metric=None``);
- the ad account (``SANDBOX_AD_ACCOUNT``): every ad set whose delivery grew since the cursor,
  its ads whose delivery grew, and its campaign (the sum of the campaign's ad sets):
  ``spend impressions clicks conversions conversion_value``, money in the account currency.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from umt.adapters.platforms.sandbox.delivery import Delivery
from umt.adapters.platforms.sandbox.errors import NotFound, SandboxError
from umt.adapters.platforms.sandbox.mapping import PLATFORM, mapped, to_platform_error
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.records import AdSet
from umt.adapters.platforms.sandbox.simulation import (
    EMAIL_HORIZON_HOURS,
    SOCIAL_HORIZON_HOURS,
    CampaignMetrics,
    PostMetrics,
)
from umt.domain.integration.errors import PlatformRejected
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.domain.shared.money import Money
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricBatch, MetricReading
from umt.ports.platform_connector import Credentials

POST_METRICS: dict[str, Metric | None] = {
    "impressions": Metric.IMPRESSIONS,
    "reach": Metric.REACH,
    "likes": Metric.LIKES,
    "comments": Metric.COMMENTS,
    "shares": Metric.SHARES,
    "saves": Metric.SAVES,
    "clicks": Metric.CLICKS,
}
EMAIL_METRICS: dict[str, Metric | None] = {
    "recipients": None,  # the list size at sending: no normalized metric
    "delivered": Metric.DELIVERED,
    "opens": Metric.OPENS,
    "clicks": Metric.CLICKS,
    "unsubscribes": Metric.UNSUBSCRIBES,
}
AD_METRICS: dict[str, Metric] = {
    "spend": Metric.SPEND,
    "impressions": Metric.IMPRESSIONS,
    "clicks": Metric.CLICKS,
    "conversions": Metric.CONVERSIONS,
    "conversion_value": Metric.CONVERSION_VALUE,
}
_PREFIX = "sbxm1:"


def encode_cursor(at: datetime) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{at.isoformat()}".encode()).decode()


def decode_cursor(cursor: str) -> datetime:
    try:
        text = base64.urlsafe_b64decode(cursor).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(cursor)
        at = datetime.fromisoformat(text.removeprefix(_PREFIX))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        at = None
    if at is None or at.tzinfo is None:
        raise PlatformRejected(
            "the cursor is not one the sandbox gave", platform=PLATFORM, field="cursor"
        )
    return at


def _readings(
    kind: SubjectKind,
    remote_id: str,
    names: dict[str, Metric | None],
    values: dict[str, Decimal],
    at: datetime,
    currency: str | None = None,
) -> list[MetricReading]:
    return [
        MetricReading(
            subject_kind=kind,
            subject_remote_id=remote_id,
            metric=names[name],
            raw_name=name,
            value=values[name],
            observed_at=at,
            currency=currency if name in {"spend", "conversion_value"} else None,
        )
        for name in names
    ]


def _counts(metrics: PostMetrics | CampaignMetrics) -> dict[str, Decimal]:
    return {name: Decimal(getattr(metrics, name)) for name in metrics.__dataclass_fields__}


def _ad_values(delivery: Delivery, currency: str) -> dict[str, Decimal]:
    return {
        "spend": Money.from_minor(delivery.spend_minor, currency).amount,
        "impressions": Decimal(delivery.impressions),
        "clicks": Decimal(delivery.clicks),
        "conversions": Decimal(delivery.conversions),
        "conversion_value": Money.from_minor(delivery.conversion_value_minor, currency).amount,
    }


class SandboxMetrics:
    _network: SandboxNetwork

    async def metrics(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        *,
        cursor: str | None,
        remote_ids: Sequence[str] = (),
        now: datetime,
    ) -> MetricBatch:
        """Totals at ``now`` of what may have changed since ``cursor``; the next cursor."""
        if now.tzinfo is None:
            raise PlatformRejected("now must be timezone-aware", platform=PLATFORM, field="now")
        since = None if cursor is None else decode_cursor(cursor)
        if target.kind is ChannelKind.SANDBOX_AD_ACCOUNT:
            readings = await self._ad_readings(credentials, since, now)
        elif target.kind is ChannelKind.SANDBOX_ACCOUNT:
            readings = await self._post_readings(credentials, since, now, remote_ids)
            readings += await self._email_readings(credentials, since, now)
        else:
            raise PlatformRejected(
                f"the sandbox has no metrics for a {target.kind.value}", platform=PLATFORM
            )
        return MetricBatch(readings=readings, cursor=encode_cursor(now))

    async def _post_readings(
        self,
        credentials: Credentials,
        since: datetime | None,
        now: datetime,
        remote_ids: Sequence[str],
    ) -> list[MetricReading]:
        token = credentials.access_token
        network = self._network
        if remote_ids:
            posts = []
            for remote_id in remote_ids:
                try:
                    posts.append(await network.get_post(token, remote_id))
                except NotFound:  # deleted on the platform side, or never ours: skipped
                    continue
                except SandboxError as exc:
                    raise to_platform_error(exc) from exc
        else:
            posts = [p for p in await mapped(network.list_posts(token)) if p.deleted_at is None]
        readings: list[MetricReading] = []
        horizon = timedelta(hours=SOCIAL_HORIZON_HOURS)
        for post in posts:
            if post.published_at > now or (since and post.published_at + horizon < since):
                continue  # not out yet, or its totals were final at the previous sync
            counts = await mapped(network.post_metrics(token, post.id, at=now))
            readings += _readings(
                SubjectKind.PUBLICATION, post.id, POST_METRICS, _counts(counts), now
            )
        return readings

    async def _email_readings(
        self, credentials: Credentials, since: datetime | None, now: datetime
    ) -> list[MetricReading]:
        token = credentials.access_token
        if "email" not in credentials.scopes and "analytics" not in credentials.scopes:
            return []  # a grant without email has no campaigns to read
        readings: list[MetricReading] = []
        horizon = timedelta(hours=EMAIL_HORIZON_HOURS)
        for campaign in await mapped(self._network.list_campaigns(token)):
            if campaign.send_at > now or (since and campaign.send_at + horizon < since):
                continue
            counts = await mapped(self._network.campaign_metrics(token, campaign.id, at=now))
            readings += _readings(
                SubjectKind.EMAIL_CAMPAIGN, campaign.id, EMAIL_METRICS, _counts(counts), now
            )
        return readings

    async def _ad_readings(
        self, credentials: Credentials, since: datetime | None, now: datetime
    ) -> list[MetricReading]:
        token = credentials.access_token
        ads = self._network.ads
        account = await mapped(ads.ad_account(token))
        totals: dict[str, list[Delivery]] = {}
        changed: set[str] = set()
        readings: list[MetricReading] = []
        currency = account.currency
        for ad_set in await mapped(ads.list_objects(token, "ad_set")):
            assert isinstance(ad_set, AdSet)  # noqa: S101 - list_objects("ad_set") gives ad sets
            delivered = await mapped(ads.deliveries(token, ad_set.id, at=now))
            totals.setdefault(ad_set.campaign_id, []).append(delivered.total)
            before = None
            if since is not None:
                before = await mapped(ads.deliveries(token, ad_set.id, at=min(since, now)))
                if before.total == delivered.total:
                    continue
            changed.add(ad_set.campaign_id)
            readings += _readings(
                SubjectKind.AD_SET,
                ad_set.id,
                dict(AD_METRICS),
                _ad_values(delivered.total, currency),
                now,
                currency,
            )
            for ad_id, delivery in delivered.per_ad.items():
                if before is not None and before.per_ad.get(ad_id) == delivery:
                    continue
                readings += _readings(
                    SubjectKind.AD,
                    ad_id,
                    dict(AD_METRICS),
                    _ad_values(delivery, currency),
                    now,
                    currency,
                )
        for campaign_id in sorted(changed):
            parts = totals[campaign_id]
            total = Delivery(
                *(sum(getattr(d, f) for d in parts) for f in Delivery.__dataclass_fields__)
            )
            readings += _readings(
                SubjectKind.CAMPAIGN,
                campaign_id,
                dict(AD_METRICS),
                _ad_values(total, account.currency),
                now,
                account.currency,
            )
        return readings
