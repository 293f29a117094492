"""/api/v1/brands/{brand_id}/analytics/reports/{kind}: a brand's reports over a range of its
days, beside the previous period (``analytics:read``). One route per kind, so each is its own
documented operation; they are made by one function and share the query and the answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Request, Response, get
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, QueryParameter

from umt.application.analytics.reports.export import ExportAnalyticsReport, ReportFile
from umt.application.analytics.reports.get_report import DEFAULT_LIMIT, GetAnalyticsReport
from umt.application.analytics.reports.views import Report, ReportKind
from umt.entrypoints.http.analytics.report_examples import REPORT_200
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.reports import report_out

PATH = "/api/v1/brands/{brand_id:uuid}/analytics/reports"
From = Annotated[
    date | None,
    QueryParameter(name="from", description="First day, the brand's (default: 27 days before to)"),
]
To = Annotated[
    date | None, QueryParameter(description="Last day, included (default: today, the brand's)")
]
Limit = Annotated[int, QueryParameter(ge=1, le=1000, description="Rows shown (totals: all)")]
Format = Annotated[
    Literal["json", "csv", "xlsx"] | None,
    QueryParameter(name="format", description="json, csv or xlsx (default: by Accept; else json)"),
]
# what an Accept header may ask for besides JSON
ACCEPTED = {
    "text/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
RANGE = (
    " Read from the daily rollups (the brand's days), at most 400 days, each figure beside "
    "the previous period as long; a ratio over zero is null. format=csv or xlsx (or Accept: "
    "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) answers a "
    "file (Content-Disposition: attachment): a column per label and three per figure (value, "
    "previous, change), the totals last; text that a spreadsheet would run as a formula is "
    "prefixed with an apostrophe."
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
        media_type="application/json",
        opt=requires_for(GetAnalyticsReport),
    )
    async def report(
        brand_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        principal: Caller,
        bus: Bus,
        since: From = None,
        to: To = None,
        limit: Limit = DEFAULT_LIMIT,
        file_format: Format = None,
    ) -> Response[Any]:
        chosen = file_format or _accepted(request.headers.get("accept", ""))
        if chosen == "json":
            query = GetAnalyticsReport(
                brand_id=brand_id, kind=kind.value, start=since, end=to, limit=limit
            )
            return Response(report_out(await bus.ask(query, Report, principal)))
        command = ExportAnalyticsReport(
            brand_id=brand_id, kind=kind.value, format=chosen, start=since, end=to, limit=limit
        )
        file = await bus.ask(command, ReportFile, principal)
        return Response(
            file.content,
            media_type=file.media_type,
            headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
        )

    return report


def _accepted(accept: str) -> str:
    """The first format the Accept header names, in its order (JSON for anything else)."""
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in ACCEPTED:
            return ACCEPTED[media]
        if media in ("application/json", "application/*", "*/*"):
            return "json"
    return "json"


REPORT_ROUTES = tuple(report_route(kind) for kind in ReportKind)
