"""IngestSamples: a batch of metric samples from outside the platform syncs (an HTTP batch, an
agent task, the library), validated all or nothing and stored idempotently by the sample key,
with the rollups of every series it touched recomputed in the same transaction.

A batch is one brand's. Each sample's key is (organization, subject, metric, observed_at,
source): a redelivered batch stores nothing and changes no bucket. ``late`` counts the samples
observed on days older than the late-data window: they are stored, and the final buckets of
those days stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.agents.names import Agent
from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.sample_rows import CheckedRows, RowRules, require_source
from umt.application.principal import Principal
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.analytics.errors import InvalidSamples
from umt.domain.analytics.rollups import day_start, first_open_day
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import BrandId
from umt.ports.brand_reader import BrandReader, BrandView
from umt.ports.clock import Clock
from umt.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestSamples:
    """Each sample: ``subject_kind``, ``subject_id``, ``channel``, ``metric``, ``value`` (the
    cumulative total), ``observed_at`` (ISO 8601 with a zone), optionally ``raw_name`` and
    ``currency`` (money metrics). ``source`` names where they come from (default ``api``)."""

    use_case: ClassVar = UseCase(
        Permission.ANALYTICS_MANAGE, task="analytics.ingest", agent=Agent.CONTENT_STRATEGY
    )

    brand_id: UUID
    samples: Sequence[Mapping[str, Any]]
    source: str = "api"


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestReport:
    received: int  # rows in the batch
    stored: int  # samples not stored before
    duplicates: int  # rows whose key was stored already (or repeated in the batch)
    late: int  # rows observed on days whose buckets are final (stored; no bucket changed)


async def ingest_samples(
    cmd: IngestSamples,
    ctx: Context,
    *,
    clock: Clock,
    brand_reader: BrandReader,
    analytics: AnalyticsConfig,
) -> IngestReport:
    actor = ctx.actor()
    actor.require(IngestSamples.use_case.permission)
    brand = await ingesting_brand(actor, cmd.brand_id, cmd.source, brand_reader)
    return await ingest(
        ctx.uow,
        actor,
        brand,
        cmd.samples,
        source=cmd.source,
        label=lambda index: f"samples[{index}]",
        clock=clock,
        analytics=analytics,
    )


async def ingesting_brand(
    actor: Principal, brand_id: UUID, source: str, brand_reader: BrandReader
) -> BrandView:
    """The brand a batch is for, checked before its rows are read (another tenant's is not
    found), and the batch's source."""
    actor.require_brand(brand_id)
    brand = await brand_reader.get(actor.organization_id, BrandId(brand_id))
    if brand is None:
        raise NotFound(f"brand {brand_id} not found")  # another tenant's too
    require_source(source)
    return brand


async def ingest(
    uow: UnitOfWork,
    actor: Principal,
    brand: BrandView,
    rows: Sequence[Any],
    *,
    source: str,
    label: Callable[[int], str],
    clock: Clock,
    analytics: AnalyticsConfig,
) -> IngestReport:
    """Parse and store one brand's batch: the part the JSON and CSV paths share."""
    if not 1 <= len(rows) <= analytics.max_batch_rows:
        raise InvalidSamples(
            f"a batch holds 1 to {analytics.max_batch_rows} samples", field="samples"
        )
    now = clock.now()
    rules = RowRules(
        organization_id=actor.organization_id,
        brand_id=brand.id,
        source=source,
        earliest=analytics.oldest_accepted(now),
        latest=now + analytics.max_clock_skew,
    )
    zone = ZoneInfo(brand.time_zone)
    opens = day_start(first_open_day(now, zone, analytics.late_days), zone)
    # checked as the sink reads them: a bad row raises from inside the write, all rolled back
    samples = CheckedRows(rows, rules, label=label, late_before=opens)
    async with uow:
        stored = await uow.metric_samples.write(samples, window=analytics.window(now))
        await uow.commit()
    return IngestReport(
        received=len(rows), stored=stored, duplicates=len(rows) - stored, late=samples.late
    )
