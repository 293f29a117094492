"""The RollupTotalsReader port: what each of a brand's subjects did over a range of days, summed
from the daily rollups (the reports' read; nothing here reads a raw sample)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol
from uuid import UUID

from umt.domain.brand.channels import Channel
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind


@dataclass(frozen=True, slots=True, kw_only=True)
class TotalsQuery:
    """A brand's buckets of some metrics over the days ``since`` to ``until`` (both
    included), optionally of some kinds of subject only."""

    organization_id: OrganizationId
    brand_id: BrandId
    since: date
    until: date
    metrics: frozenset[Metric]
    subject_kinds: frozenset[SubjectKind] | None = None


class SubjectTotal(NamedTuple):
    """The change of one subject's metric over the days asked (the sum of its daily buckets),
    per channel and currency (money in two currencies is never added up)."""

    subject_kind: SubjectKind
    subject_id: UUID
    channel: Channel
    metric: Metric
    currency: str | None
    value: Decimal


class RollupTotalsReader(Protocol):
    async def subject_totals(self, query: TotalsQuery) -> Sequence[SubjectTotal]:
        """The sums of the matching buckets per subject, channel, metric and currency,
        ordered by subject kind, subject id (as text), channel, metric, then currency (a
        missing currency first); a subject without a bucket in the days is absent."""
        ...


def total_key(item: SubjectTotal) -> tuple[str, str, str, str, str]:
    """The order ``subject_totals`` answers in."""
    return (
        item.subject_kind.value,
        str(item.subject_id),
        item.channel.value,
        item.metric.value,
        item.currency or "",
    )
