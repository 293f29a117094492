"""/api/v1/brands/{brand_id}/analytics/reports/{kind}: a brand's reports over a range of its
days, beside the previous period (``analytics:read``). One route per kind, so each is its own
documented operation; they are made by one function and share the query and the answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import get
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, QueryParameter

from umt.application.analytics.reports.get_report import DEFAULT_LIMIT, GetAnalyticsReport
from umt.application.analytics.reports.views import Report, ReportKind
from umt.entrypoints.http.analytics.report_examples import REPORT_200
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.reports import ReportOut, report_out

PATH = "/api/v1/brands/{brand_id:uuid}/analytics/reports"
From = Annotated[
    date | None,
    QueryParameter(name="from", description="First day, the brand's (default: 27 days before to)"),
]
To = Annotated[
    date | None, QueryParameter(description="Last day, included (default: today, the brand's)")
]
Limit = Annotated[int, QueryParameter(ge=1, le=1000, description="Rows shown (totals: all)")]
RANGE = (
    " Read from the daily rollups (the brand's days), at most 400 days, each figure beside "
    "the previous period as long; a ratio over zero is null."
)
ABOUT = {
    ReportKind.CONTENT: (
        "Content performance: per content piece and publication",
        "The organic metrics, engagements and engagement rate.",
    ),
    ReportKind.CHANNELS: (
        "Channel comparison",
        "Per channel: the organic metrics and how many subjects were active.",
    ),
    ReportKind.CAMPAIGNS: (
        "Campaign ROI: spend, conversions, ROAS, CPA",
        "Per campaign: spend, impressions, clicks, conversions, conversion value, CTR, ROAS "
        "(value / spend), CPA (spend / conversions), ROI.",
    ),
    ReportKind.TIME_OF_DAY: (
        "Performance by the local weekday and hour of publishing",
        "The publications by when they went out, in the brand's time zone.",
    ),
    ReportKind.EXPERIMENTS: (
        "Experiment outcomes: winner, lift, interval",
        "The experiments concluded in the range, as they were concluded.",
    ),
}


def report_route(kind: ReportKind) -> HTTPRouteHandler:
    summary, description = ABOUT[kind]

    @get(
        f"{PATH}/{kind.value}",
        summary=summary,
        description=description + RANGE,
        tags=["analytics"],
        security=BEARER,
        responses={200: REPORT_200, **PROTECTED_ERRORS},
        opt=requires_for(GetAnalyticsReport),
    )
    async def report(
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        since: From = None,
        to: To = None,
        limit: Limit = DEFAULT_LIMIT,
    ) -> ReportOut:
        query = GetAnalyticsReport(
            brand_id=brand_id, kind=kind.value, start=since, end=to, limit=limit
        )
        return report_out(await bus.ask(query, Report, principal))

    return report


REPORT_ROUTES = tuple(report_route(kind) for kind in ReportKind)
