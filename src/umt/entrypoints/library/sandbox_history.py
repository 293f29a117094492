"""A brand's demo history on the sandbox (``platform.sandbox.seed_history``, ``umt sandbox
seed-history``): weeks of published posts and their metrics, so that reports, anomaly
detection and best-time suggestions have something to show. Development only.

Each run connects a new sandbox account to the brand, and then, for each planned post
(``application/sandbox_demo/plan.py``): a draft piece of the brand's content, a sandbox
post back-dated to its time (``adapters/platforms/sandbox/history.py``), and a publication
recorded as published (``RecordPublishedHistory``). Each post's cumulative counts, as the
sandbox's simulation gives them, are read at the end of each of the brand's days it earned
on (and now), and ingested through the analytics ingestion (``IngestSamples``, source
``sandbox-history``), which rolls them up by day. On the latest complete day every post
earned ``anomaly_factor`` times what it was simulated to earn: the planted anomaly.
The same seed, brand time zone, weeks and day give the same history.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.adapters.platforms.sandbox.history import backdated_post, counts_at
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.records import Post
from umt.adapters.platforms.sandbox.simulation import PostMetrics
from umt.application.analytics.ingest_samples import IngestReport, IngestSamples
from umt.application.bus import MessageBus
from umt.application.sandbox_demo.plan import (
    PlannedPost,
    anomaly_day,
    history_plan,
    planted,
    reading_times,
)
from umt.application.sandbox_demo.record_history import PastPost, RecordPublishedHistory
from umt.domain.publishing.publication import Publication
from umt.domain.shared.errors import Conflict
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.entrypoints.library.brands import BrandsApi
from umt.entrypoints.library.channels import ChannelAccountsApi
from umt.entrypoints.library.content import ContentApi
from umt.entrypoints.library.session import Session
from umt.ports.clock import Clock

SOURCE = "sandbox-history"
# Samples per ingested batch (never more than the ingestion takes). Each batch is one write
# transaction: on SQLite, 5,000 samples held the write lock about 5 s, the busy timeout, so the
# server's loops sharing the file (and this CLI's own outbox relay) failed with "database is
# locked" while a seed ran; 1,000 hold it under a second, and the seed takes no longer.
BATCH = 1000
METRICS = {
    Metric.IMPRESSIONS: "impressions",
    Metric.REACH: "reach",
    Metric.LIKES: "likes",
    Metric.COMMENTS: "comments",
    Metric.SHARES: "shares",
    Metric.CLICKS: "clicks",
    Metric.SAVES: "saves",
}


class DemoOnly(Conflict):
    """A demo history is for development and embedded use, never a production deployment."""

    code = "demo_only"


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryReport:
    integration_id: UUID
    channel_account_id: UUID
    publications: int
    samples: int  # stored
    first_day: date  # the brand's day of the first post
    anomaly_day: date  # the latest complete day, where the anomaly is planted
    anomaly_factor: float


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryTools:
    """What a history is written with (the facade's parts, the bus, the sandbox)."""

    bus: MessageBus
    brands: BrandsApi
    channel_accounts: ChannelAccountsApi
    content: ContentApi
    network: SandboxNetwork
    clock: Clock
    production: bool
    max_batch: int  # UMT_ANALYTICS_MAX_BATCH


async def seed_history(
    tools: HistoryTools,
    session: Session,
    brand_id: UUID,
    integration_id: UUID,
    *,
    seed: str,
    weeks: int,
    anomaly_factor: float,
) -> HistoryReport:
    """Write the history on the sandbox account the integration ``integration_id`` (a new
    sandbox connection of the session's organization) offers the brand."""
    brand = await tools.brands.get(session, brand_id)
    zone = ZoneInfo(brand.time_zone)
    now = tools.clock.now()
    today = now.astimezone(zone).date()
    plan = history_plan(seed, weeks=weeks, zone=zone, today=today)
    found = await tools.channel_accounts.discover(session, brand_id, integration_id=integration_id)
    account = next(a for a in found.accounts if a.kind == "sandbox_account")
    posts: list[tuple[PlannedPost, Post, UUID]] = []
    for planned in plan:
        piece = await tools.content.create(
            session,
            brand_id,
            content_type="social_post",
            channel=account.channel,
            title=f"Demo post {planned.number + 1}",
            body=planned.text,
        )
        post = await backdated_post(
            tools.network,
            account.external_id,
            history=f"{seed}:{brand_id}",
            seed=seed,
            number=planned.number,
            text=planned.text,
            published_at=planned.published_at,
            reference=f"demo-{planned.number}",
        )
        posts.append((planned, post, piece.id))
    past = [
        PastPost(content_id=piece, published_at=p.published_at, text=p.text, remote_id=post.id)
        for p, post, piece in posts
    ]
    made = await tools.bus.ask(
        RecordPublishedHistory(brand_id=brand_id, channel_account_id=account.id, posts=past),
        list[Publication],
        session.principal,
    )
    spike = anomaly_day(today=today)
    spike_end = datetime.combine(spike, time(23, 59, 59), tzinfo=zone).astimezone(UTC)
    rows: list[dict[str, Any]] = []
    for (planned, post, _), publication in zip(posts, made, strict=True):
        readings = [
            (at, _counts(await counts_at(tools.network, post, at)))
            for at in reading_times(planned.published_at, zone=zone, now=now)
        ]
        for at, counts in planted(readings, day_end=spike_end, factor=anomaly_factor):
            rows += _rows(publication, account.channel, counts, at)
    stored = 0
    batch = min(BATCH, tools.max_batch)
    for start in range(0, len(rows), batch):
        report = await tools.bus.ask(
            IngestSamples(brand_id=brand_id, samples=rows[start : start + batch], source=SOURCE),
            IngestReport,
            session.principal,
        )
        stored += report.stored
    return HistoryReport(
        integration_id=integration_id,
        channel_account_id=account.id,
        publications=len(made),
        samples=stored,
        first_day=plan[0].published_at.astimezone(zone).date(),
        anomaly_day=spike,
        anomaly_factor=anomaly_factor,
    )


def followers_for(seed: str) -> int:
    """The demo account's audience, drawn from the seed (not from the store's next id)."""
    return random.Random(f"{seed}:followers").randint(4000, 9000)  # noqa: S311 - demo data


def _counts(metrics: PostMetrics) -> dict[str, int]:
    return {field: getattr(metrics, field) for field in METRICS.values()}


def _rows(
    publication: Publication, channel: str, counts: dict[str, int], at: datetime
) -> list[dict[str, Any]]:
    return [
        {
            "subject_kind": SubjectKind.PUBLICATION.value,
            "subject_id": str(publication.id),
            "channel": channel,
            "metric": metric.value,
            "value": counts[field],
            "observed_at": at.isoformat(),
            "raw_name": field,
        }
        for metric, field in METRICS.items()
    ]
