"""The publishing calendar's context: scheduling, rescheduling, cancelling and reading
publications, recurring schedules, evergreen recycling of the brand's winners, the plans
held for pieces not approved yet, and the piece's status following their outcomes."""

from __future__ import annotations

from umt.application.agents.names import Agent
from umt.application.context_module import BackgroundLoop, ContextModule, Subscription
from umt.application.publishing import (
    change_publication,
    content_status,
    evergreen,
    evergreen_rules,
    expansion,
    import_publications,
    plan_queries,
    planned_publications,
    publication_queries,
    schedule_publication,
    schedules,
)

MODULE = ContextModule(
    name="publishing",
    handlers=(
        schedule_publication.schedule_publication,
        import_publications.import_publications,
        change_publication.reschedule_publication,
        change_publication.cancel_publication,
        change_publication.retry_publication,
        publication_queries.get_publication,
        publication_queries.list_publications,
        schedules.create_schedule,
        schedules.update_schedule,
        schedules.delete_schedule,
        schedules.get_schedule,
        schedules.list_schedules,
        plan_queries.list_planned_publications,
        evergreen_rules.create_evergreen_rule,
        evergreen_rules.update_evergreen_rule,
        evergreen_rules.get_evergreen_rule,
        evergreen_rules.delete_evergreen_rule,
        evergreen_rules.recycle_evergreen,
    ),
    subscriptions=(
        Subscription(
            Agent.CONTENT_AD_MANAGEMENT,
            content_status.OUTCOME_EVENTS,
            content_status.on_publication_outcome,
        ),
        Subscription(
            Agent.CONTENT_AD_MANAGEMENT,
            planned_publications.APPROVAL_EVENTS,
            planned_publications.on_content_approved,
        ),
    ),
    loops=(
        BackgroundLoop(
            "schedule-expander", Agent.CONTENT_AD_MANAGEMENT, expansion.run_schedule_expander
        ),
        BackgroundLoop(
            "plan-sweeper", Agent.CONTENT_AD_MANAGEMENT, planned_publications.run_plan_sweeper
        ),
        BackgroundLoop(
            "evergreen-recycler", Agent.CONTENT_AD_MANAGEMENT, evergreen.run_evergreen_recycler
        ),
    ),
)
