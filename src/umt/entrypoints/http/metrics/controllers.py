"""Metric sync and metric samples: sync now, read a subject's samples, see an account's sync."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from umt.application.metrics.queries import GetMetricSamples, GetSyncState, MetricSamplesView
from umt.application.metrics.sync_metrics import MetricSyncReport, SyncMetrics
from umt.domain.metrics.sync_state import SyncState
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.metrics.examples import SAMPLES_OK, SYNC_OK, SYNC_STATE_OK
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.metrics import (
    MetricName,
    SamplesOut,
    SubjectKindName,
    SyncReportOut,
    SyncRequest,
    SyncStateOut,
    outcome_out,
    sample_out,
    sync_state_out,
)
from umt.ports.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

Kind = Annotated[SubjectKindName, QueryParameter(description="What the samples measure")]
Subject = Annotated[UUID, QueryParameter(description="umt's id of the subject")]
MetricFilter = Annotated[MetricName | None, QueryParameter(description="One metric only")]
Since = Annotated[
    datetime | None,
    QueryParameter(name="from", description="Observed at or after (with a time zone)"),
]
Until = Annotated[
    datetime | None, QueryParameter(name="to", description="Observed before (with a time zone)")
]
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="Series page size")]
Cursor = Annotated[
    str | None, QueryParameter(max_length=500, description="next_cursor of the previous page")
]


class MetricsController(Controller):
    path = "/api/v1/metrics"
    tags = ["metrics"]
    security = BEARER

    @post(
        "/sync",
        status_code=HTTP_200_OK,
        summary="Sync the platforms' metrics of a channel account, or of a brand's accounts, now",
        description=(
            "Failures of the platform (an expired token, an outage) are recorded on each "
            "account's sync state and shown in its outcome; a platform that asked to wait is "
            "a 429 with Retry-After."
        ),
        operation_class=SYNC_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(SyncMetrics),
    )
    async def sync(self, data: JSONBody[SyncRequest], principal: Caller, bus: Bus) -> SyncReportOut:
        command = SyncMetrics(channel_account_id=data.channel_account_id, brand_id=data.brand_id)
        report = await bus.ask(command, MetricSyncReport, principal)
        return SyncReportOut(outcomes=[outcome_out(o) for o in report.outcomes])

    @get(
        "/samples",
        summary="A subject's metric samples: its latest totals and the series",
        operation_class=SAMPLES_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetMetricSamples),
    )
    async def samples(
        self,
        principal: Caller,
        bus: Bus,
        subject_kind: Kind,
        subject_id: Subject,
        metric: MetricFilter = None,
        since: Since = None,
        until: Until = None,
        limit: Limit = DEFAULT_PAGE_SIZE,
        cursor: Cursor = None,
    ) -> SamplesOut:
        query = GetMetricSamples(
            subject_kind=SubjectKind(subject_kind),
            subject_id=subject_id,
            metric=None if metric is None else Metric(metric),
            since=since,
            until=until,
            limit=limit,
            cursor=cursor,
        )
        view = await bus.ask(query, MetricSamplesView, principal)
        return SamplesOut(
            subject_kind=subject_kind,
            subject_id=subject_id,
            latest=[sample_out(s) for s in view.latest],
            series=[sample_out(s) for s in view.series],
            next_cursor=view.next_cursor,
        )


class ChannelAccountSyncController(Controller):
    path = "/api/v1/channel-accounts"
    tags = ["metrics"]
    security = BEARER

    @get(
        "/{account_id:uuid}/sync",
        summary="Where a channel account's metric sync stands",
        operation_class=SYNC_STATE_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetSyncState),
    )
    async def sync_state(
        self, account_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> SyncStateOut:
        query = GetSyncState(channel_account_id=account_id)
        return sync_state_out(await bus.ask(query, SyncState, principal))
