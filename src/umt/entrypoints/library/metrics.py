"""``platform.metrics`` (as /api/v1/metrics and /api/v1/channel-accounts/{id}/sync).

Sync a channel account's (or a brand's accounts') platform metrics now, see where an
account's sync stands, and read a subject's samples: its latest totals per metric and the
series in time order, paged by ``next_cursor``.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from umt.application.metrics.queries import GetMetricSamples, GetSyncState, MetricSamplesView
from umt.application.metrics.sync_metrics import MetricSyncReport, SyncMetrics
from umt.application.metrics.views import SyncReportView, SyncStateView
from umt.domain.metrics.sync_state import SyncState
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.pagination import DEFAULT_PAGE_SIZE

E = TypeVar("E", bound=StrEnum)


class MetricsApi(BusApi):
    """Metric sync (``metrics:sync``) and the synced samples (``metrics:read``)."""

    async def sync(
        self,
        session: Session,
        *,
        channel_account_id: UUID | None = None,
        brand_id: UUID | None = None,
    ) -> SyncReportView:
        """Sync one channel account, or every active account of a brand whose platform
        reports metrics; a platform's failure is in the account's outcome, not raised."""
        command = SyncMetrics(channel_account_id=channel_account_id, brand_id=brand_id)
        return SyncReportView.of(await self._ask(session, command, MetricSyncReport))

    async def sync_state(self, session: Session, channel_account_id: UUID) -> SyncStateView:
        """Where the account's sync stands (one never synced shows as due now)."""
        query = GetSyncState(channel_account_id=channel_account_id)
        return SyncStateView.of(await self._ask(session, query, SyncState))

    async def samples(
        self,
        session: Session,
        subject_kind: SubjectKind | str,
        subject_id: UUID,
        *,
        metric: Metric | str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = DEFAULT_PAGE_SIZE,
        cursor: str | None = None,
    ) -> MetricSamplesView:
        """A subject's latest totals and one page of its series within ``[since, until)``."""
        query = GetMetricSamples(
            subject_kind=named(SubjectKind, subject_kind, "subject_kind"),
            subject_id=subject_id,
            metric=None if metric is None else named(Metric, metric, "metric"),
            since=since,
            until=until,
            limit=limit,
            cursor=cursor,
        )
        return await self._ask(session, query, MetricSamplesView)


def named(kind: type[E], value: E | str, field: str) -> E:
    """``value`` as a member of the enum ``kind``, or ``InvalidValue`` naming ``field``."""
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidValue(f"{field} is one of {allowed}", field=field) from None
