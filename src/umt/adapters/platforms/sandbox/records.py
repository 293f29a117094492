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
