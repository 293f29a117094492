"""Capability port: a platform's metrics, incrementally, since a stored cursor.

Platforms report cumulative totals; a reading is the total as of ``observed_at``. Adapters map
their raw metric names onto ``Metric`` and keep the raw name; a raw name they cannot map is
returned with ``metric=None`` so the caller can log and skip it (never fatal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol, runtime_checkable

from umt.domain.integration.platforms import Platform
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricReading:
    subject_kind: SubjectKind  # publication (a post), email campaign, ad, ad set, campaign
    subject_remote_id: str  # the platform's id of the post, email campaign or ad object
    metric: Metric | None  # None: a raw name with no mapping (logged and skipped)
    raw_name: str
    value: Decimal
    observed_at: datetime
    currency: str | None = None  # money metrics (spend, conversion value)


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricBatch:
    readings: Sequence[MetricReading]
    cursor: str | None  # store it; pass it back next time (None: start over next time)


@runtime_checkable
class MetricSource(Protocol):
    @property
    def platform(self) -> Platform: ...

    async def metrics(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        *,
        cursor: str | None,
        remote_ids: Sequence[str] = (),
        now: datetime,
    ) -> MetricBatch:
        """Readings since ``cursor`` for the account's posts, email campaigns or ads (those
        umt published, ``remote_ids``, when the platform asks per object). Raises the typed
        platform errors."""
        ...
