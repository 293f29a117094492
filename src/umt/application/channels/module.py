"""The channel accounts context: discovering a brand's destinations from its integrations,
their settings, and reading them."""

from __future__ import annotations

from umt.application.channels import (
    account_queries,
    discover_accounts,
    remove_account,
    update_account,
)
from umt.application.context_module import ContextModule

MODULE = ContextModule(
    name="channels",
    handlers=(
        discover_accounts.discover_channel_accounts,
        update_account.update_channel_account,
        remove_account.remove_channel_account,
        account_queries.get_channel_account,
        account_queries.list_channel_accounts,
    ),
)
