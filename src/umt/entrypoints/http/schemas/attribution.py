"""Bodies of /api/v1/brands/{brand_id}/attribution: conversion paths in (JSON or CSV), tagged
clicks and conversions in, and the report of the models side by side.

The bodies type only what must be read at all (text, numbers, lists, with generous bounds);
the use cases check the values and list every bad one (a 422 with one entry per value), which
a schema check stopping at the first could not.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.application.attribution.path_rows import MAX_BATCH_PATHS, MAX_CSV_CHARS
from umt.application.attribution.record_paths import PathsRecorded
from umt.application.attribution.tagged_events import (
    MAX_EVENTS,
    MAX_LOOKBACK_DAYS,
    TaggedEventsRecorded,
)
from umt.application.attribution.views import AttributionReport
from umt.entrypoints.http.schemas.common import Input

Text = Annotated[str, Meta(max_length=2048)]
Time = Annotated[
    str, Meta(max_length=64, examples=["2026-03-02T09:00:00Z"], description="ISO 8601 with offset")
]
Amount = Annotated[
    str | float | int,
    Meta(description='The conversion value: a decimal string ("49.90") or a number, 0 or more'),
]


# Examples of the request bodies (in the schemas' ``examples``; the report's example is
# computed from EXAMPLE_PATHS in ``http/attribution/examples.py``)
EXAMPLE_PATHS: list[dict[str, Any]] = [
    {
        "path_key": "order-1042",
        "touchpoints": [
            {"channel": "linkedin", "campaign": "spring", "at": "2026-03-01T09:00:00Z"},
            {"channel": "email", "campaign": "spring", "at": "2026-03-03T08:00:00Z"},
            {"channel": "search", "at": "2026-03-04T17:30:00Z"},
        ],
        "converted_at": "2026-03-04T17:42:00Z",
        "value": "49.90",
    },
    {
        "path_key": "order-1043",
        "touchpoints": [{"channel": "email", "campaign": "spring", "at": "2026-03-05T07:00:00Z"}],
        "converted_at": "2026-03-05T07:10:00Z",
        "value": "20.00",
    },
    {
        "path_key": "visit-7781",  # a journey that did not convert
        "touchpoints": [{"channel": "linkedin", "at": "2026-03-06T12:00:00Z"}],
    },
]
EXAMPLE_CSV = (  # the same paths, one row per touchpoint
    "path_key,touched_at,channel,campaign,content,converted_at,value\n"
    "order-1042,2026-03-01T09:00:00Z,linkedin,spring,,,\n"
    "order-1042,2026-03-03T08:00:00Z,email,spring,,,\n"
    "order-1042,2026-03-04T17:30:00Z,search,,,2026-03-04T17:42:00Z,49.90\n"
    "order-1043,2026-03-05T07:00:00Z,email,spring,,2026-03-05T07:10:00Z,20.00\n"
    "visit-7781,2026-03-06T12:00:00Z,linkedin,,,,\n"
)
EXAMPLE_EVENTS: list[dict[str, Any]] = [  # a click on a link umt tagged, then a purchase
    {
        "event_id": "click-88121",
        "type": "click",
        "visitor": "v-5f2c",
        "at": "2026-03-02T09:14:00Z",
        "url": "https://acme.example/menu?utm_source=linkedin&utm_medium=social"
        "&utm_content=0193a3c2-2222-7c4a-9a51-1f6c0f3e2a10",
    },
    {
        "event_id": "order-1044",
        "type": "conversion",
        "visitor": "v-5f2c",
        "at": "2026-03-02T09:31:00Z",
        "value": "35.00",
    },
]


class TouchpointIn(Input):
    channel: Annotated[Text, Meta(examples=["linkedin"])]
    at: Time
    campaign: Text | UnsetType = UNSET
    content: Text | UnsetType = UNSET


class PathIn(Input):
    """One journey: touchpoints in time order, then a conversion (``converted_at`` and
    ``value``) or none (``converted_at`` null or left out)."""

    path_key: Annotated[Text, Meta(examples=["order-1042"])]
    touchpoints: Annotated[list[TouchpointIn], Meta(max_length=1000)]
    converted_at: Time | UnsetType | None = UNSET
    value: Amount | UnsetType | None = UNSET


class ConversionPathsIn(Input):
    """``paths`` (up to 1,000) or ``csv`` (one row per touchpoint), not both."""

    paths: (
        Annotated[list[PathIn], Meta(max_length=MAX_BATCH_PATHS, examples=[EXAMPLE_PATHS])]
        | UnsetType
    ) = UNSET
    csv: Annotated[str, Meta(max_length=MAX_CSV_CHARS, examples=[EXAMPLE_CSV])] | UnsetType = UNSET


class TaggedEventIn(Input):
    """A click (``type`` click, with ``url`` and/or ``utm_*``) or a conversion (``type``
    conversion, with ``value``) of a visitor."""

    event_id: Annotated[Text, Meta(examples=["click-88121"])]
    type: Annotated[str, Meta(max_length=20, examples=["click"], description="click | conversion")]
    visitor: Annotated[Text, Meta(description="The site's pseudonymous id of the visitor")]
    at: Time
    url: Text | UnsetType = UNSET
    utm_source: Text | UnsetType = UNSET
    utm_medium: Text | UnsetType = UNSET
    utm_campaign: Text | UnsetType = UNSET
    utm_content: Text | UnsetType = UNSET
    utm_term: Text | UnsetType = UNSET
    value: Amount | UnsetType | None = UNSET


class TaggedEventsIn(Input):
    events: Annotated[list[TaggedEventIn], Meta(max_length=MAX_EVENTS, examples=[EXAMPLE_EVENTS])]
    lookback_days: Annotated[int, Meta(ge=1, le=MAX_LOOKBACK_DAYS)] = 30


class PathsRecordedOut(msgspec.Struct):
    stored: int
    already_stored: int


class TaggedEventsRecordedOut(msgspec.Struct):
    clicks_stored: int
    clicks_already_stored: int
    conversions_attributed: int
    conversions_unattributed: int
    conversions_already_stored: int


class CreditOut(msgspec.Struct):
    conversions: float
    value: float


class AttributionRowOut(msgspec.Struct):
    key: str
    credits: dict[str, CreditOut]  # by model


class AttributionReportOut(msgspec.Struct):
    brand_id: str
    start: str
    end: str
    time_zone: str
    dimension: str
    models: list[str]
    half_life_hours: float
    interpretation: str
    paths: int
    unconverted_paths: int
    conversions: float
    value: float
    rows: list[AttributionRowOut]


def recorded_out(found: PathsRecorded) -> PathsRecordedOut:
    return PathsRecordedOut(stored=found.stored, already_stored=found.already_stored)


def events_out(found: TaggedEventsRecorded) -> TaggedEventsRecordedOut:
    return TaggedEventsRecordedOut(
        clicks_stored=found.clicks_stored,
        clicks_already_stored=found.clicks_already_stored,
        conversions_attributed=found.conversions_attributed,
        conversions_unattributed=found.conversions_unattributed,
        conversions_already_stored=found.conversions_already_stored,
    )


def report_out(report: AttributionReport) -> AttributionReportOut:
    return AttributionReportOut(
        brand_id=str(report.brand_id),
        start=report.start.isoformat(),
        end=report.end.isoformat(),
        time_zone=report.time_zone,
        dimension=report.dimension,
        models=list(report.models),
        half_life_hours=report.half_life_hours,
        interpretation=report.interpretation,
        paths=report.paths,
        unconverted_paths=report.unconverted_paths,
        conversions=report.conversions,
        value=report.value,
        rows=[
            AttributionRowOut(
                key=row.key,
                credits={
                    model: CreditOut(conversions=c.conversions, value=c.value)
                    for model, c in row.credits.items()
                },
            )
            for row in report.rows
        ],
    )
