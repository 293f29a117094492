"""The advertising context: campaigns on ad networks, their budgets, pacing and rules."""

from __future__ import annotations

from umt.application.advertising import (
    budget_caps,
    campaign_queries,
    evaluate_rule,
    lifecycle,
    manage_rules,
    pacing_query,
    plan_campaign,
    revise_campaign,
    rule_queries,
    winners,
)
from umt.application.advertising.review import run_ad_review
from umt.application.agents.names import Agent
from umt.application.context_module import BackgroundLoop, ContextModule, Subscription

MODULE = ContextModule(
    name="advertising",
    handlers=(
        plan_campaign.create_campaign,
        plan_campaign.add_ad_set,
        plan_campaign.add_ad,
        lifecycle.launch_campaign,
        lifecycle.pause_campaign,
        lifecycle.resume_campaign,
        lifecycle.archive_campaign,
        lifecycle.update_budget,
        revise_campaign.update_campaign,
        budget_caps.list_budget_caps,
        budget_caps.set_budget_cap,
        budget_caps.remove_budget_cap,
        campaign_queries.get_campaign,
        campaign_queries.list_campaigns,
        pacing_query.get_campaign_pacing,
        manage_rules.create_ad_rule,
        manage_rules.update_ad_rule,
        manage_rules.delete_ad_rule,
        rule_queries.get_ad_rule,
        rule_queries.list_ad_rules,
        rule_queries.list_rule_evaluations,
        evaluate_rule.evaluate_ad_rule,
    ),
    subscriptions=(
        Subscription(
            Agent.CONTENT_AD_MANAGEMENT, winners.PATTERNS, winners.on_experiment_concluded
        ),
    ),
    loops=(BackgroundLoop("ad-review", Agent.CONTENT_AD_MANAGEMENT, run_ad_review),),
)
