"""Where synced metric samples go. The publishing context's metric sync writes here; the
analytics context owns the storage and the rollups (until it lands, a table of the publishing
context with the same shape)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from umt.domain.brand.channels import Channel
from umt.domain.shared.metrics import Metric, SubjectKind


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricSample:
    """One cumulative total as a platform reported it, on one of umt's subjects."""

    organization_id: UUID
    brand_id: UUID
    subject_kind: SubjectKind
    subject_id: UUID  # umt's id of the publication, ad, ad set, campaign or account
    channel: Channel
    metric: Metric
    value: Decimal
    observed_at: datetime
    source: str  # the platform (``Platform`` value) or "csv", "api"
    raw_name: str
    currency: str | None = None

    @property
    def key(self) -> tuple[UUID, SubjectKind, Metric, datetime, str]:
        """What makes a sample unique: the same reading twice is stored once."""
        return (self.subject_id, self.subject_kind, self.metric, self.observed_at, self.source)


class MetricSink(Protocol):
    async def write(self, samples: Sequence[MetricSample]) -> int:
        """Store the samples not already stored (by ``key``); how many were new. Runs in the
        caller's unit of work where the sink is transactional."""
        ...
