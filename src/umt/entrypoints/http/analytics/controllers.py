"""/api/v1/brands/{brand_id}/analytics: ingest a brand's metric samples (a JSON batch or a
CSV file; ``analytics:manage``) and read its dashboard from the daily rollups
(``analytics:read``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from umt.application.analytics.dashboard import BrandDashboard, GetBrandDashboard
from umt.application.analytics.ingest_csv import IngestSampleCsv
from umt.application.analytics.ingest_samples import IngestReport, IngestSamples
from umt.domain.brand.channels import Channel
from umt.domain.shared.metrics import Metric
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.analytics import (
    DashboardOut,
    IngestReportOut,
    SampleBatch,
    dashboard_out,
    ingest_report_out,
)
from umt.entrypoints.http.schemas.brands import ChannelName
from umt.entrypoints.http.schemas.metrics import MetricName

CsvSource = Annotated[
    str,
    QueryParameter(min_length=1, max_length=40, description="Where the file comes from"),
]
From = Annotated[
    date | None,
    QueryParameter(
        name="from", description="First day, in the brand's time zone (default: 29 days before to)"
    ),
]
To = Annotated[
    date | None, QueryParameter(description="Last day, included (default: today, the brand's)")
]
Metrics = Annotated[
    list[MetricName] | None,
    QueryParameter(
        description=(
            "Metrics to show, repeatable (default: impressions, reach, clicks, likes, "
            "comments, shares)"
        )
    ),
]
Channels = Annotated[
    list[ChannelName] | None, QueryParameter(description="Only these channels, repeatable")
]


class AnalyticsController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/analytics"
    tags = ["analytics"]
    security = BEARER

    @post(
        "/samples",
        status_code=HTTP_200_OK,
        summary="Ingest a brand's metric samples (idempotent by the sample key)",
        description=(
            "All or nothing: a 422 lists every bad row. Samples already stored change "
            "nothing; the daily rollups of every series the new ones touch are recomputed."
        ),
        responses=PROTECTED_ERRORS,
        opt=requires_for(IngestSamples),
    )
    async def ingest(
        self, brand_id: FromPath[UUID], data: JSONBody[SampleBatch], principal: Caller, bus: Bus
    ) -> IngestReportOut:
        command = IngestSamples(brand_id=brand_id, samples=data.samples, source=data.source)
        return ingest_report_out(await bus.ask(command, IngestReport, principal))

    @post(
        "/samples/csv",
        status_code=HTTP_200_OK,
        summary="Ingest a CSV file of a brand's metric samples (platforms umt does not connect)",
        description=(
            "The body is the file (UTF-8, e.g. Content-Type text/csv); its first line names "
            "the columns: "
            "subject_kind, subject_id, channel, metric, value, observed_at, and optionally "
            "raw_name and currency. Checked like a JSON batch: a 422 names every bad line."
        ),
        responses=PROTECTED_ERRORS,
        opt=requires_for(IngestSampleCsv),
    )
    async def ingest_csv(
        self,
        brand_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        principal: Caller,
        bus: Bus,
        source: CsvSource = "csv",
    ) -> IngestReportOut:
        content = await request.body()  # bounded by UMT_MAX_REQUEST_BYTES
        command = IngestSampleCsv(brand_id=brand_id, content=content, source=source)
        return ingest_report_out(await bus.ask(command, IngestReport, principal))

    @get(
        "/dashboard",
        summary="A brand's metrics per day and channel, beside the previous period",
        description=(
            "Read from the daily rollups (the brand's days; money per currency). Days from "
            "provisional_from on may still change as late samples arrive."
        ),
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetBrandDashboard),
    )
    async def dashboard(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        since: From = None,
        to: To = None,
        metric: Metrics = None,
        channel: Channels = None,
    ) -> DashboardOut:
        query = GetBrandDashboard(
            brand_id=brand_id,
            since=since,
            until=to,
            metrics=tuple(Metric(m) for m in metric or ()),
            channels=tuple(Channel(c) for c in channel or ()),
        )
        return dashboard_out(await bus.ask(query, BrandDashboard, principal))
