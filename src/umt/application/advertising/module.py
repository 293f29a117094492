"""The advertising context: campaigns on ad networks, their budgets, pacing and rules."""

from __future__ import annotations

from umt.application.advertising import campaign_queries, lifecycle, plan_campaign
from umt.application.context_module import ContextModule

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
        campaign_queries.get_campaign,
        campaign_queries.list_campaigns,
    ),
)
