"""What the sandbox network keeps: accounts, grants and tokens, posts, campaigns and ads.

msgspec structs, stored as JSON documents by a ``SandboxStore``. Tokens and codes are kept
only as SHA-256 digests: the store never holds a usable credential.
"""

from __future__ import annotations

from datetime import datetime

import msgspec


class SandboxAccount(msgspec.Struct, frozen=True, kw_only=True):
    """A sandbox user: a social profile, an email list and an ad account in one."""

    id: str
    name: str
    created_at: datetime
    followers: int  # the social profile's audience
    subscribers: int  # the email list
    ad_audience: int  # people the ad account can target
    ad_budget_cents: int  # the ad account's total budget; ads commit parts of it
    # the ad account's currency (budgets and spend) and the IANA zone it reports in; records
    # stored before these existed read as the defaults
    currency: str = "USD"
    time_zone: str = "UTC"


class Grant(msgspec.Struct, frozen=True, kw_only=True):
    """An account's consent to a client, with the scopes it granted."""

    id: str
    client_id: str
    account_id: str
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None = None


class AuthorizationCode(msgspec.Struct, frozen=True, kw_only=True):
    client_id: str
    redirect_uri: str
    code_challenge: str  # S256 of the client's verifier
    account_id: str
    scopes: list[str]
    expires_at: datetime


class IssuedToken(msgspec.Struct, frozen=True, kw_only=True):
    """An access or refresh token, stored under its digest."""

    grant_id: str
    expires_at: datetime


class Post(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    account_id: str
    text: str
    image_refs: list[str]
    video_refs: list[str]
    created_at: datetime
    published_at: datetime  # the scheduled time when natively scheduled, else creation
    scheduled: bool
    reference: str | None = None  # the client's own reference, kept and searchable
    title: str | None = None
    link: str | None = None
    deleted_at: datetime | None = None
    # what seeds its simulated counts instead of its id (a demo history's post: history.py)
    simulation_key: str | None = None


class Comment(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    post_id: str
    account_id: str
    text: str
    created_at: datetime


class Campaign(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    account_id: str
    subject: str
    body: str
    recipients: int
    created_at: datetime
    send_at: datetime


class Ad(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    account_id: str
    creative: str
    image_refs: list[str]
    video_refs: list[str]
    budget_cents: int
    bid_cpm_cents: int  # the most it pays for a thousand impressions
    days: int
    created_at: datetime
    start_at: datetime


class StatusChange(msgspec.Struct, frozen=True):
    """An ad object's delivery status from ``at`` on."""

    at: datetime
    status: str  # "paused", "active", "archived", "deleted"


class BudgetChange(msgspec.Struct, frozen=True):
    """An ad set's budget (in the account currency's minor unit) from ``at`` on."""

    at: datetime
    minor: int


class AdCampaign(msgspec.Struct, frozen=True, kw_only=True):
    """The top of an ad tree (campaign → ad sets → ads); ``statuses`` is its history."""

    id: str
    account_id: str
    name: str
    reference: str | None
    objective: str
    created_at: datetime
    statuses: list[StatusChange]
    starts_at: datetime | None = None
    ends_at: datetime | None = None


class AdSet(msgspec.Struct, frozen=True, kw_only=True):
    """Where the money is: a daily or lifetime budget (history kept), bid and targeting."""

    id: str
    account_id: str
    campaign_id: str
    name: str
    reference: str | None
    currency: str
    budget_kind: str  # "daily" or "lifetime"
    budgets: list[BudgetChange]
    bid_strategy: str
    bid_minor: int | None  # a CPM cap in the minor unit, for the strategies with a bid
    countries: list[str]
    created_at: datetime
    statuses: list[StatusChange]
    starts_at: datetime | None = None
    ends_at: datetime | None = None


class CampaignAd(msgspec.Struct, frozen=True, kw_only=True):
    """An ad of an ad set: its creative and status history."""

    id: str
    account_id: str
    ad_set_id: str
    name: str
    reference: str | None
    headline: str
    body: str
    link: str
    image_refs: list[str]
    video_refs: list[str]
    created_at: datetime
    statuses: list[StatusChange]
