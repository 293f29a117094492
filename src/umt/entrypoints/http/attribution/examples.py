"""The OpenAPI example of the attribution report: computed by the domain from the example
paths of the request schema (``schemas/attribution.py``), so it always has the shape and the
figures the route answers with."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

from umt.application.attribution.views import AttributionReport
from umt.domain.attribution.models import INTERPRETATION, Model, attribute
from umt.domain.attribution.paths import ConversionPath, Touchpoint
from umt.entrypoints.http.schemas.attribution import (
    EXAMPLE_PATHS,
    AttributionReportOut,
    report_out,
)

_BRAND = UUID("0193a3c2-1111-7c4a-9a51-1f6c0f3e2a10")


def _path(item: dict[str, Any]) -> ConversionPath:
    converted = item.get("converted_at")
    return ConversionPath(
        key=item["path_key"],
        touchpoints=tuple(
            Touchpoint(
                channel=t["channel"],
                campaign=t.get("campaign", ""),
                at=datetime.fromisoformat(t["at"]).astimezone(UTC),
            )
            for t in item["touchpoints"]
        ),
        converted_at=None if converted is None else datetime.fromisoformat(converted),
        value=Decimal(item.get("value") or 0),
    )


def _report(models: tuple[Model, ...]) -> dict[str, Any]:
    found = attribute([_path(p) for p in EXAMPLE_PATHS], models=models)
    report = AttributionReport.of(
        found,
        brand_id=_BRAND,
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        time_zone="Europe/Berlin",
        half_life_hours=168.0,
        interpretation=INTERPRETATION,
    )
    plain: dict[str, Any] = msgspec.to_builtins(report_out(report))
    return plain


REPORT_200 = ResponseSpec(
    data_container=AttributionReportOut,
    generate_examples=False,
    description="Every channel's credit under each model, side by side (association, not "
    "causation)",
    examples=[
        Example(
            id="by-channel",
            summary="The example paths of the request, by channel, under four models",
            value=_report((Model.LAST_TOUCH, Model.LINEAR, Model.POSITION_BASED, Model.MARKOV)),
        )
    ],
)
