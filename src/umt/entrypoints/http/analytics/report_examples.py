"""The OpenAPI example of a report: a campaign report computed by the report's own figures
(``ad_figures``) from example totals, so it has the shape and the arithmetic the route
answers with (a campaign without conversions shows a null CPA)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

from umt.application.analytics.dashboard import Period
from umt.application.analytics.reports.campaigns import DIMENSIONS, FIGURES, ad_figures
from umt.application.analytics.reports.views import Report, ReportKind, ReportRow, compared
from umt.domain.shared.metrics import Metric
from umt.entrypoints.http.schemas.reports import ReportOut, report_out

_BRAND = UUID("0193a3c2-1111-7c4a-9a51-1f6c0f3e2a10")
_SPRING = {
    Metric.SPEND: Decimal("400"),
    Metric.IMPRESSIONS: Decimal("52000"),
    Metric.CLICKS: Decimal("1300"),
    Metric.CONVERSIONS: Decimal("32"),
    Metric.CONVERSION_VALUE: Decimal("1600"),
}
_SPRING_BEFORE = {**_SPRING, Metric.SPEND: Decimal("320"), Metric.CONVERSIONS: Decimal("20")}
_TEASER = {Metric.SPEND: Decimal("50"), Metric.IMPRESSIONS: Decimal("9000")}


def _example() -> dict[str, Any]:
    rows = [
        ReportRow(
            labels={
                "campaign_id": "0193a3c2-2222-7c4a-9a51-1f6c0f3e2a10",
                "name": "Spring espresso",
                "currency": "EUR",
            },
            figures=compared(ad_figures(_SPRING), ad_figures(_SPRING_BEFORE), FIGURES),
        ),
        ReportRow(
            labels={
                "campaign_id": "0193a3c2-3333-7c4a-9a51-1f6c0f3e2a10",
                "name": "Teaser",
                "currency": "EUR",
            },
            figures=compared(ad_figures(_TEASER), ad_figures({}), FIGURES),
        ),
    ]
    every = {m: _SPRING.get(m, Decimal(0)) + _TEASER.get(m, Decimal(0)) for m in _SPRING}
    report = Report(
        kind=ReportKind.CAMPAIGNS,
        brand_id=_BRAND,
        time_zone="Europe/Berlin",
        period=Period(since=date(2026, 3, 1), until=date(2026, 3, 28)),
        previous=Period(since=date(2026, 2, 1), until=date(2026, 2, 28)),
        provisional_from=date(2025, 12, 20),
        dimensions=DIMENSIONS,
        figures=FIGURES,
        rows=rows,
        totals=compared(ad_figures(every), ad_figures(_SPRING_BEFORE), FIGURES),
        notes=["ROAS = conversion value / spend, CPA = spend / conversions"],
    )
    plain: dict[str, Any] = msgspec.to_builtins(report_out(report))
    return plain


REPORT_200 = ResponseSpec(
    data_container=ReportOut,
    generate_examples=False,
    description="The report's rows, each figure beside the previous period's",
    examples=[
        Example(
            id="campaigns",
            summary="Two campaigns over March: ROAS, CPA (null without conversions)",
            value=_example(),
        )
    ],
)
