"""The whole relational schema: every bounded context's tables on the one shared MetaData.

Each context declares its tables beside its repositories (``adapters/sql/<context>/tables.py``);
importing this module registers them all, so ``metadata`` here is complete. The migration
environment, the constraint lookup of error translation and the tests read it from here.
"""

from __future__ import annotations

from umt.adapters.sql.brand.tables import audiences, brands, competitors, projects
from umt.adapters.sql.content.tables import (
    MIGRATION_ONLY_INDEXES,
    content_comments,
    content_pieces,
    content_templates,
    content_versions,
    generation_budgets,
    generation_usage,
)
from umt.adapters.sql.experiments.tables import (
    METRIC_SLOTS,
    experiment_observations,
    experiment_units,
    experiments,
)
from umt.adapters.sql.identity.tables import (
    api_keys,
    invitations,
    memberships,
    organizations,
    refresh_tokens,
    users,
)
from umt.adapters.sql.integration.tables import integration_credentials, integrations, oauth_states
from umt.adapters.sql.metadata import NAMING_CONVENTION, metadata
from umt.adapters.sql.shared.tables import (
    audit_log,
    idempotency_keys,
    jobs,
    outbox,
    processed_messages,
)
from umt.adapters.sql.webhooks.tables import (
    inbound_webhooks,
    webhook_deliveries,
    webhook_delivery_attempts,
    webhook_subscriptions,
)

ALL_TABLES = (
    organizations,
    users,
    memberships,
    refresh_tokens,
    brands,
    audiences,
    competitors,
    projects,
    outbox,
    idempotency_keys,
    processed_messages,
    jobs,
    api_keys,
    audit_log,
    webhook_subscriptions,
    webhook_deliveries,
    webhook_delivery_attempts,
    inbound_webhooks,
    invitations,
    integrations,
    integration_credentials,
    oauth_states,
    generation_usage,
    generation_budgets,
    content_pieces,
    content_versions,
    content_comments,
    content_templates,
    experiments,
    experiment_observations,
    experiment_units,
)

__all__ = [
    "ALL_TABLES",
    "METRIC_SLOTS",
    "MIGRATION_ONLY_INDEXES",
    "NAMING_CONVENTION",
    "api_keys",
    "audiences",
    "audit_log",
    "brands",
    "competitors",
    "content_comments",
    "content_pieces",
    "content_templates",
    "content_versions",
    "experiment_observations",
    "experiment_units",
    "experiments",
    "generation_budgets",
    "generation_usage",
    "idempotency_keys",
    "inbound_webhooks",
    "integration_credentials",
    "integrations",
    "invitations",
    "jobs",
    "memberships",
    "metadata",
    "oauth_states",
    "organizations",
    "outbox",
    "processed_messages",
    "projects",
    "refresh_tokens",
    "users",
    "webhook_deliveries",
    "webhook_delivery_attempts",
    "webhook_subscriptions",
]
