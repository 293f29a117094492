"""Roles and the one table that maps them to ``resource:action`` permissions.

Use cases check permissions, never role names, so a role can change shape here alone.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    BRAND_MANAGER = "brand_manager"
    CONTENT_CREATOR = "content_creator"
    ANALYST = "analyst"
    VIEWER = "viewer"


class Permission(StrEnum):
    ORGANIZATION_READ = "organization:read"
    ORGANIZATION_MANAGE = "organization:manage"
    MEMBERS_READ = "members:read"
    MEMBERS_MANAGE = "members:manage"
    BRAND_READ = "brand:read"
    BRAND_CREATE = "brand:create"
    BRAND_UPDATE = "brand:update"
    BRAND_ARCHIVE = "brand:archive"
    BRAND_DELETE = "brand:delete"
    PROJECT_READ = "project:read"
    PROJECT_CREATE = "project:create"
    PROJECT_UPDATE = "project:update"
    PROJECT_ARCHIVE = "project:archive"
    PROJECT_DELETE = "project:delete"
    # Owners and admins only (every permission is theirs; no other role lists these).
    API_KEYS_MANAGE = "api_keys:manage"
    AUDIT_READ = "audit:read"
    WEBHOOKS_MANAGE = "webhooks:manage"  # outbound webhook subscriptions (owner, admin)
    # the most a brand (or the organization) may spend on ads a day: brand managers spend
    # within the caps that owners and admins set (docs/advertising.md#budget-caps)
    BUDGET_CAPS_MANAGE = "budget_caps:manage"
    # platform connections and their credentials (docs/integrations.md)
    INTEGRATIONS_READ = "integrations:read"
    INTEGRATIONS_MANAGE = "integrations:manage"
    # the content library and generation (docs/content.md)
    CONTENT_READ = "content:read"
    CONTENT_WRITE = "content:write"  # create and edit pieces, submit for review, comment
    CONTENT_GENERATE = "content:generate"  # spends the organization's model budget
    CONTENT_APPROVE = "content:approve"  # approve or request changes in review
    TEMPLATES_MANAGE = "templates:manage"
    # A/B/n experiments (docs/experiments.md)
    EXPERIMENTS_READ = "experiments:read"
    EXPERIMENTS_MANAGE = "experiments:manage"
    # the content & ad management context: channel accounts, the calendar, ad campaigns
    CHANNELS_READ = "channels:read"
    CHANNELS_MANAGE = "channels:manage"  # discover, assign and configure channel accounts
    PUBLISHING_READ = "publishing:read"
    PUBLISHING_MANAGE = "publishing:manage"  # schedule, reschedule, cancel, retry, reconcile
    ADS_READ = "ads:read"
    ADS_MANAGE = "ads:manage"  # campaigns, budgets and rules: spends the brand's money
    METRICS_READ = "metrics:read"
    METRICS_SYNC = "metrics:sync"  # pull the platforms' metrics now
    # analytics: reports over what was measured (the dashboard, docs/analytics.md; attribution,
    # docs/attribution.md) and the data fed to them (metric samples ingested from outside the
    # platform syncs, conversion paths, tagged clicks and conversions)
    ANALYTICS_READ = "analytics:read"
    ANALYTICS_MANAGE = "analytics:manage"
    # competitor research (docs/research.md): reading what was found, and crawling, which
    # makes umt send requests to the competitors' sites on the organization's behalf
    RESEARCH_READ = "research:read"
    RESEARCH_RUN = "research:run"
    # content strategy (docs/strategy.md): reading the best times, recommendations and
    # calendar proposals, and making them (recommending, proposing, dismissing, accepting)
    STRATEGY_READ = "strategy:read"
    STRATEGY_MANAGE = "strategy:manage"


_READ = frozenset(
    {
        Permission.ORGANIZATION_READ,
        Permission.MEMBERS_READ,
        Permission.BRAND_READ,
        Permission.PROJECT_READ,
        Permission.CONTENT_READ,
        Permission.EXPERIMENTS_READ,
        Permission.CHANNELS_READ,
        Permission.PUBLISHING_READ,
        Permission.ADS_READ,
        Permission.METRICS_READ,
        Permission.ANALYTICS_READ,
        Permission.RESEARCH_READ,
        Permission.STRATEGY_READ,
    }
)
_MANAGE_BRANDS = frozenset(
    {
        Permission.BRAND_CREATE,
        Permission.BRAND_UPDATE,
        Permission.BRAND_ARCHIVE,
        Permission.PROJECT_CREATE,
        Permission.PROJECT_UPDATE,
        Permission.PROJECT_ARCHIVE,
    }
)
_WRITE_CONTENT = frozenset({Permission.CONTENT_WRITE, Permission.CONTENT_GENERATE})
# Brand managers own what goes out under the brand: they approve it and run its experiments.
_REVIEW_AND_TEST = frozenset(
    {Permission.CONTENT_APPROVE, Permission.TEMPLATES_MANAGE, Permission.EXPERIMENTS_MANAGE}
)
_DELETE = frozenset({Permission.BRAND_DELETE, Permission.PROJECT_DELETE})
# Brand managers run the brands' channels, so they connect the accounts those channels use.
_INTEGRATIONS = frozenset({Permission.INTEGRATIONS_READ, Permission.INTEGRATIONS_MANAGE})
# ... and publish under the brand, and spend its advertising budget.
_PUBLISH_AND_ADVERTISE = frozenset(
    {
        Permission.CHANNELS_MANAGE,
        Permission.PUBLISHING_MANAGE,
        Permission.ADS_MANAGE,
        Permission.METRICS_SYNC,
        Permission.ANALYTICS_MANAGE,
        Permission.RESEARCH_RUN,
        Permission.STRATEGY_MANAGE,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.ADMIN: frozenset(Permission) - {Permission.ORGANIZATION_MANAGE},
    Role.BRAND_MANAGER: _READ
    | _MANAGE_BRANDS
    | _DELETE
    | _INTEGRATIONS
    | _WRITE_CONTENT
    | _REVIEW_AND_TEST
    | _PUBLISH_AND_ADVERTISE,
    Role.CONTENT_CREATOR: _READ | {Permission.PROJECT_UPDATE} | _WRITE_CONTENT,
    # analysts design and read experiments, feed the analytics, run competitor research and
    # make the content strategy; shipping content stays with brand managers (accepting a
    # calendar proposal also needs content:write and publishing:manage)
    Role.ANALYST: _READ
    | {
        Permission.EXPERIMENTS_MANAGE,
        Permission.METRICS_SYNC,
        Permission.ANALYTICS_MANAGE,
        Permission.RESEARCH_RUN,
        Permission.STRATEGY_MANAGE,
    },
    Role.VIEWER: _READ,
}


def permissions_for(role: Role) -> frozenset[Permission]:
    """The permissions a membership with ``role`` grants."""
    return ROLE_PERMISSIONS[role]
