"""/api/v1/brands/{brand_id}/attribution: conversion paths and tagged events in
(``analytics:manage``), the report of the attribution models out (``analytics:read``)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from umt.application.attribution.record_paths import PathsRecorded, RecordConversionPaths
from umt.application.attribution.report import DEFAULT_HALF_LIFE_HOURS, GetAttributionReport
from umt.application.attribution.tagged_events import RecordTaggedEvents, TaggedEventsRecorded
from umt.application.attribution.views import AttributionReport
from umt.entrypoints.http.attribution.examples import REPORT_200
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.attribution import (
    AttributionReportOut,
    ConversionPathsIn,
    PathsRecordedOut,
    TaggedEventsIn,
    TaggedEventsRecordedOut,
    events_out,
    recorded_out,
    report_out,
)
from umt.entrypoints.http.schemas.common import given

Day = Annotated[
    str | None,
    QueryParameter(
        max_length=10, description="A date like 2026-03-01 (default: the 30 days up to today)"
    ),
]
Dimension = Annotated[
    str, QueryParameter(max_length=20, description="channel (default), campaign or content")
]
Models = Annotated[
    str | None,
    QueryParameter(
        max_length=200,
        description="Comma-separated: first_touch, last_touch, linear, position_based, "
        "time_decay, markov, shapley (default: all)",
    ),
]
HalfLife = Annotated[
    float, QueryParameter(gt=0, le=8760, description="The time-decay model's half-life, hours")
]
_BATCH = (
    "All or nothing: every bad value is listed in a 422 `attribution_batch_rejected` (one "
    "entry per value, up to 2,000) and nothing is stored then."
)


class AttributionController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/attribution"
    tags = ["attribution"]
    security = BEARER

    @post(
        "/paths",
        status_code=HTTP_200_OK,
        summary="Record conversion paths: a JSON batch or a CSV upload",
        description=(
            "`paths` (up to 1,000) or `csv` (one row per touchpoint: path_key, touched_at, "
            "channel, campaign, content, converted_at, value). Idempotent by path key: a path "
            "stored already with the same content is counted in `already_stored`; the same "
            "key with other touchpoints is a bad row. " + _BATCH
        ),
        responses=PROTECTED_ERRORS,
        opt=requires_for(RecordConversionPaths),
    )
    async def record_paths(
        self,
        brand_id: FromPath[UUID],
        data: JSONBody[ConversionPathsIn],
        principal: Caller,
        bus: Bus,
    ) -> PathsRecordedOut:
        command = RecordConversionPaths(brand_id=brand_id, **given(data))
        return recorded_out(await bus.ask(command, PathsRecorded, principal))

    @post(
        "/events",
        status_code=HTTP_200_OK,
        summary="Record clicks on UTM-tagged links and conversions of the brand's site",
        description=(
            "A click names its visitor and its UTM parameters (`url` and/or `utm_source`, "
            "`utm_campaign`, `utm_content`; `utm_source` required); a conversion closes the "
            "visitor's open clicks of the last `lookback_days` into a conversion path. "
            "Idempotent by `event_id`. " + _BATCH
        ),
        responses=PROTECTED_ERRORS,
        opt=requires_for(RecordTaggedEvents),
    )
    async def record_events(
        self,
        brand_id: FromPath[UUID],
        data: JSONBody[TaggedEventsIn],
        principal: Caller,
        bus: Bus,
    ) -> TaggedEventsRecordedOut:
        plain = given(data)
        command = RecordTaggedEvents(
            brand_id=brand_id, events=plain["events"], lookback_days=data.lookback_days
        )
        return events_out(await bus.ask(command, TaggedEventsRecorded, principal))

    @get(
        "/report",
        summary="Each channel's (campaign's, content's) credit under the attribution models",
        description=(
            "Whole days `start` to `end` (inclusive, at most 366; default the 30 days up to "
            "today) in the brand's time zone. "
            "Labelled in `interpretation`: an association, not causation. Shapley over more "
            "than 15 keys, or Markov over more than 100, is a 422 "
            "`attribution_too_many_channels`; so is a range of more than 100,000 paths "
            "(`attribution_too_many_paths`)."
        ),
        responses={200: REPORT_200, **PROTECTED_ERRORS},
        opt=requires_for(GetAttributionReport),
    )
    async def report(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        start: Day = None,
        end: Day = None,
        dimension: Dimension = "channel",
        models: Models = None,
        half_life_hours: HalfLife = DEFAULT_HALF_LIFE_HOURS,
    ) -> AttributionReportOut:
        query = GetAttributionReport(
            brand_id=brand_id,
            start=start,
            end=end,
            dimension=dimension,
            models=None if models is None else [m.strip() for m in models.split(",")],
            half_life_hours=half_life_hours,
        )
        return report_out(await bus.ask(query, AttributionReport, principal))
