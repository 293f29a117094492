"""In-memory remote-object index and metric sample reader: the same semantics as the SQL
adapters, staged in the unit of work's transaction and applied on commit (the metric sink is
the analytics context's: ``analytics.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from umt.adapters.memory.store import InMemoryRepository, InMemoryStore, Transaction
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId
from umt.domain.shared.metrics import SubjectKind
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.metric_sample_reader import (
    MetricSampleReader,
    SamplePosition,
    SampleQuery,
    SampleSeries,
)
from umt.ports.metric_sink import MetricSample
from umt.ports.remote_objects import RemoteObject, RemoteObjectIndex


class InMemoryRemoteObjectIndex(InMemoryRepository, RemoteObjectIndex):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._staged: dict[tuple[UUID, str], RemoteObject] = {}

    async def remember(
        self,
        *,
        organization_id: OrganizationId,
        brand_id: BrandId,
        channel_account_id: ChannelAccountId,
        subject_kind: SubjectKind,
        subject_id: UUID,
        remote_id: str,
    ) -> bool:
        key = (channel_account_id, remote_id)
        existing = self._staged.get(key) or self._store.remote_objects.get(key)
        if existing is not None:
            if existing.organization_id != organization_id:
                raise Conflict(f"the remote id {remote_id!r} belongs to another account")
            if (existing.subject_kind, existing.subject_id) != (subject_kind, subject_id):
                raise Conflict(
                    f"the remote id {remote_id!r} already stands for {existing.subject_kind} "
                    f"{existing.subject_id}"
                )
            return False
        remote = RemoteObject(
            organization_id=organization_id,
            brand_id=brand_id,
            channel_account_id=channel_account_id,
            subject_kind=subject_kind,
            subject_id=subject_id,
            remote_id=remote_id,
        )
        self._staged[key] = remote
        self._tx.stage(lambda: self._store.remote_objects.setdefault(key, remote))
        return True

    async def lookup(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        remote_id: str,
    ) -> RemoteObject | None:
        found = self._visible().get((channel_account_id, remote_id))
        return None if found is None or found.organization_id != organization_id else found

    async def remote_ids(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        *,
        subject_kinds: frozenset[SubjectKind] | None = None,
    ) -> Sequence[str]:
        return sorted(
            remote.remote_id
            for remote in self._visible().values()
            if remote.channel_account_id == channel_account_id
            and remote.organization_id == organization_id
            and (subject_kinds is None or remote.subject_kind in subject_kinds)
        )

    async def of_account(
        self, organization_id: OrganizationId, channel_account_id: ChannelAccountId
    ) -> Sequence[RemoteObject]:
        found = [
            remote
            for remote in self._visible().values()
            if remote.channel_account_id == channel_account_id
            and remote.organization_id == organization_id
        ]
        return sorted(found, key=lambda r: r.remote_id)

    async def of_subject(
        self, organization_id: OrganizationId, subject_kind: SubjectKind, subject_id: UUID
    ) -> Sequence[RemoteObject]:
        found = [
            remote
            for remote in self._visible().values()
            if remote.organization_id == organization_id
            and remote.subject_kind == subject_kind
            and remote.subject_id == subject_id
        ]
        return sorted(found, key=lambda r: (str(r.channel_account_id), r.remote_id))

    def _visible(self) -> dict[tuple[UUID, str], RemoteObject]:
        """What this transaction sees: the committed rows and its own staged ones."""
        return {**self._store.remote_objects, **self._staged}


class InMemoryMetricSampleReader(MetricSampleReader):
    """The same queries as the SQL reader, over the committed samples."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    def _matching(self, query: SampleQuery) -> list[MetricSample]:
        return [
            s
            for s in self._store.metric_samples.values()
            if s.subject_id == query.subject_id
            and s.subject_kind == query.subject_kind
            and s.organization_id == query.organization_id
            and (query.metric is None or s.metric == query.metric)
            and (query.since is None or s.observed_at >= query.since)
            and (query.until is None or s.observed_at < query.until)
            and (query.brand_ids is None or s.brand_id in query.brand_ids)
        ]

    async def latest(self, query: SampleQuery) -> Sequence[MetricSample]:
        last: dict[tuple[str, str], MetricSample] = {}
        for sample in self._matching(query):
            key = (sample.metric.value, sample.source)
            if key not in last or sample.observed_at > last[key].observed_at:
                last[key] = sample
        return [last[key] for key in sorted(last)]

    async def series(
        self, query: SampleQuery, *, after: SamplePosition | None, limit: int
    ) -> SampleSeries:
        def position(s: MetricSample) -> tuple[datetime, str, str]:
            return (s.observed_at, s.metric.value, s.source)

        ordered = sorted(self._matching(query), key=position)
        if after is not None:
            marker = (after.observed_at, after.metric.value, after.source)
            ordered = [s for s in ordered if position(s) > marker]
        chosen = ordered[:limit]
        last = chosen[-1] if len(ordered) > limit and chosen else None
        return SampleSeries(
            samples=chosen,
            next=None
            if last is None
            else SamplePosition(
                observed_at=last.observed_at, metric=last.metric, source=last.source
            ),
        )
