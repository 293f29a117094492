"""The analytics context: metric samples ingested from outside the syncs, their daily
rollups, the upkeep of the samples' storage, and the brand dashboard."""

from __future__ import annotations

from umt.application.agents.names import Agent
from umt.application.analytics import dashboard, ingest_csv, ingest_samples
from umt.application.analytics.insights import (
    alert_rules,
    detect_insights,
    mark_insight,
    performers,
    queries,
)
from umt.application.analytics.insights.loop import run_insight_detection
from umt.application.analytics.maintenance import run_sample_maintenance
from umt.application.analytics.reports import (
    export,
    get_report,
    schedule_commands,
    schedule_queries,
)
from umt.application.analytics.reports.delivery import run_report_deliveries
from umt.application.analytics.rollup_refresh import run_rollup_refresh
from umt.application.context_module import BackgroundLoop, ContextModule

MODULE = ContextModule(
    name="analytics",
    handlers=(
        ingest_samples.ingest_samples,
        ingest_csv.ingest_sample_csv,
        dashboard.get_brand_dashboard,
        get_report.get_analytics_report,
        export.export_analytics_report,
        # insights (application/analytics/insights/)
        detect_insights.detect_insights,
        queries.list_insights,
        queries.get_insight,
        mark_insight.mark_insight,
        performers.get_performers,
        alert_rules.create_alert_rule,
        alert_rules.update_alert_rule,
        alert_rules.delete_alert_rule,
        alert_rules.get_alert_rule,
        alert_rules.list_alert_rules,
        # scheduled reports (application/analytics/reports/)
        schedule_commands.create_report_schedule,
        schedule_commands.update_report_schedule,
        schedule_commands.delete_report_schedule,
        schedule_queries.get_report_schedule,
        schedule_queries.list_report_schedules,
        schedule_queries.get_report_delivery,
    ),
    loops=(
        BackgroundLoop("sample-maintenance", Agent.CONTENT_STRATEGY, run_sample_maintenance),
        BackgroundLoop("rollup-refresh", Agent.CONTENT_STRATEGY, run_rollup_refresh),
        BackgroundLoop("insight-detection", Agent.CONTENT_STRATEGY, run_insight_detection),
        BackgroundLoop("report-deliveries", Agent.CONTENT_STRATEGY, run_report_deliveries),
    ),
)
