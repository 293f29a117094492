"""/api/v1/brands/{brand_id}/analytics/insights: a brand's detected insights (list, read,
acknowledge, dismiss, detect now) and its performers, read from the rollups
(``analytics:read``; detecting and marking: ``analytics:manage``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from umt.application.analytics.insights.detect_insights import DetectInsights, DetectionReport
from umt.application.analytics.insights.mark_insight import MarkInsight
from umt.application.analytics.insights.performers import GetPerformers, PerformersReport
from umt.application.analytics.insights.queries import GetInsight, ListInsights
from umt.domain.analytics.insights.insight import Insight
from umt.entrypoints.http.analytics.insight_examples import (
    DETECTED,
    INSIGHT_MARKED,
    INSIGHT_OK,
    INSIGHTS_OK,
    PERFORMERS_OK,
)
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.etags import etag, expected_version
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    IfMatch,
)
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.insights import (
    DetectIn,
    DetectionOut,
    InsightOut,
    InsightPage,
    PerformersOut,
    SubjectKindName,
    detection_out,
    insight_out,
    performers_out,
)
from umt.ports.pagination import MAX_PAGE_SIZE, Page

From = Annotated[date | None, QueryParameter(name="from", description="First day (the brand's)")]
To = Annotated[date | None, QueryParameter(description="Last day, included")]
KindFilter = Annotated[
    Literal["anomaly", "trend_change", "threshold"] | None, QueryParameter(description="Only")
]
StatusFilter = Annotated[
    Literal["open", "acknowledged", "dismissed"] | None, QueryParameter(description="Only")
]
MeasureFilter = Annotated[str | None, QueryParameter(max_length=40, description="Only")]
Sort = Annotated[
    Literal["detected_at", "-detected_at", "day", "-day"],
    QueryParameter(description="Sort field; '-' for descending (default: newest first)"),
]
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE)]
Cursor = Annotated[str | None, QueryParameter(max_length=1000, description="next_cursor")]


def insight_response(insight: Insight) -> Response[InsightOut]:
    return Response(
        insight_out(insight), status_code=HTTP_200_OK, headers={"ETag": etag(insight.version)}
    )


class InsightController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/analytics/insights"
    tags = ["analytics insights"]
    security = BEARER

    @get(
        "/",
        summary="The brand's insights (anomalies, trend changes, threshold alerts)",
        description=(
            "Each with its statistics and the rollup rows behind it (`evidence`: day, metric, "
            "value, and the channel or subject). Filters: kind, status, measure, the day's "
            "range; keyset pages (`next_cursor`)."
        ),
        responses=PROTECTED_ERRORS,
        operation_class=INSIGHTS_OK,
        opt=requires_for(ListInsights),
    )
    async def list_insights(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        kind: KindFilter = None,
        status: StatusFilter = None,
        measure: MeasureFilter = None,
        since: From = None,
        until: To = None,
        sort: Sort = "-detected_at",
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> InsightPage:
        query = ListInsights(
            brand_id=brand_id,
            kind=kind,
            status=status,
            measure=measure,
            since=since,
            until=until,
            limit=limit,
            cursor=cursor,
            sort=sort.lstrip("-"),
            descending=sort.startswith("-"),
        )
        found = await bus.ask(query, Page[Insight], principal)
        return InsightPage(
            items=[insight_out(i) for i in found.items], next_cursor=found.next_cursor
        )

    @post(
        "/detect",
        status_code=HTTP_200_OK,
        summary="Judge the brand's latest complete day now",
        description=(
            "What the insight-detection loop does for every brand: anomalies, trend changes "
            "and the brand's alert rules. New insights are stored and announced "
            "(`insight.detected`) once; `found` also counts those raised before."
        ),
        responses=PROTECTED_ERRORS,
        operation_class=DETECTED,
        opt=requires_for(DetectInsights),
    )
    async def detect(
        self, brand_id: FromPath[UUID], data: JSONBody[DetectIn], principal: Caller, bus: Bus
    ) -> DetectionOut:
        command = DetectInsights(brand_id=brand_id, direction=data.direction)
        return detection_out(await bus.ask(command, DetectionReport, principal))

    @get(
        "/performers",
        summary="Top and bottom subjects by a measure, with intervals and effect sizes",
        description=(
            "Rates get Wilson intervals, counts square-root Poisson ones (95 %); the effect is "
            "against the brand's median subject (`lift`, `difference`); the top is ranked by "
            "the interval's lower bound, the bottom by its upper bound. Each with the rollup "
            "sums behind it."
        ),
        responses=PROTECTED_ERRORS,
        operation_class=PERFORMERS_OK,
        opt=requires_for(GetPerformers),
    )
    async def performers(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        measure: Annotated[str, QueryParameter(max_length=40)] = "engagement_rate",
        since: From = None,
        until: To = None,
        subject_kind: Annotated[
            SubjectKindName, QueryParameter(description="Which subjects to rank")
        ] = "publication",
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 5,
        min_trials: Annotated[int, QueryParameter(ge=0, le=10**9)] = 100,
    ) -> PerformersOut:
        query = GetPerformers(
            brand_id=brand_id,
            measure=measure,
            since=since,
            until=until,
            subject_kind=subject_kind,
            limit=limit,
            min_trials=min_trials,
        )
        return performers_out(await bus.ask(query, PerformersReport, principal))

    @get(
        "/{insight_id:uuid}",
        summary="One insight, with the rollup rows behind it",
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        operation_class=INSIGHT_OK,
        opt=requires_for(GetInsight),
    )
    async def get_insight(
        self, brand_id: FromPath[UUID], insight_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[InsightOut]:
        query = GetInsight(brand_id=brand_id, insight_id=insight_id)
        return insight_response(await bus.ask(query, Insight, principal))

    @post(
        "/{insight_id:uuid}/acknowledge",
        status_code=HTTP_200_OK,
        summary="Acknowledge an insight (If-Match optional: a stale one answers 412)",
        responses=VERSIONED_ERRORS,
        response_headers=ETAG_HEADERS,
        operation_class=INSIGHT_MARKED,
        opt=requires_for(MarkInsight),
    )
    async def acknowledge(
        self,
        brand_id: FromPath[UUID],
        insight_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[InsightOut]:
        return await _mark(bus, principal, brand_id, insight_id, "acknowledged", if_match)

    @post(
        "/{insight_id:uuid}/dismiss",
        status_code=HTTP_200_OK,
        summary="Dismiss an insight (If-Match optional: a stale one answers 412)",
        responses=VERSIONED_ERRORS,
        response_headers=ETAG_HEADERS,
        operation_class=INSIGHT_MARKED,
        opt=requires_for(MarkInsight),
    )
    async def dismiss(
        self,
        brand_id: FromPath[UUID],
        insight_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[InsightOut]:
        return await _mark(bus, principal, brand_id, insight_id, "dismissed", if_match)


async def _mark(
    bus: Bus, principal: Caller, brand_id: UUID, insight_id: UUID, status: str, if_match: str | None
) -> Response[InsightOut]:
    command = MarkInsight(
        brand_id=brand_id,
        insight_id=insight_id,
        status=status,
        expected_version=expected_version(if_match),
    )
    return insight_response(await bus.ask(command, Insight, principal))
