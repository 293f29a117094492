"""The analytics context: ingested metric samples, the brand dashboard, the reports, insights
and alert rules."""

from __future__ import annotations

from umt.domain.analytics.errors import InvalidSamples
from umt.entrypoints.http.analytics.alert_rules import AlertRuleController
from umt.entrypoints.http.analytics.controllers import AnalyticsController
from umt.entrypoints.http.analytics.insights import InsightController
from umt.entrypoints.http.analytics.reports import REPORT_ROUTES
from umt.entrypoints.http.analytics.schedules import (
    BrandReportSchedulesController,
    ReportDeliveriesController,
    ReportSchedulesController,
)
from umt.entrypoints.http.domain_problems import ProblemMapping, field_errors_of
from umt.entrypoints.http.routers import ContextRouter
from umt.entrypoints.http.schemas.common import FieldError


def _row_errors(exc: InvalidSamples) -> list[FieldError]:
    """Every refused row of a batch (or line of a file), by its place."""
    if not exc.errors:
        return field_errors_of(exc)
    return [FieldError(field=field, message=message) for field, message in exc.errors]


router = ContextRouter(
    route_handlers=(
        AnalyticsController,
        *REPORT_ROUTES,
        InsightController,
        AlertRuleController,
        BrandReportSchedulesController,
        ReportSchedulesController,
        ReportDeliveriesController,
    ),
    problems=(ProblemMapping(InvalidSamples, field_errors=_row_errors),),
)
