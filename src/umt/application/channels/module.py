"""The channel accounts context: discovering a brand's destinations from its integrations,
their settings, reading them, and disabling them when their integration is disconnected."""

from __future__ import annotations

from umt.application.agents.names import Agent
from umt.application.channels import (
    account_queries,
    brand_channels,
    discover_accounts,
    integration_revoked,
    remove_account,
    update_account,
)
from umt.application.context_module import ContextModule, Subscription

MODULE = ContextModule(
    name="channels",
    handlers=(
        discover_accounts.discover_channel_accounts,
        update_account.update_channel_account,
        remove_account.remove_channel_account,
        account_queries.get_channel_account,
        account_queries.list_channel_accounts,
        brand_channels.list_brand_channels,
    ),
    subscriptions=(
        Subscription(
            Agent.CONTENT_AD_MANAGEMENT,
            integration_revoked.PATTERNS,
            integration_revoked.on_integration_revoked,
        ),
    ),
)
