"""Google's OAuth 2.0 for web server apps, as the Google Ads and Analytics connectors use it.

The user consents at ``accounts.google.com/o/oauth2/v2/auth``; ``access_type=offline`` asks for
a refresh token and ``prompt=consent`` makes Google issue one again on a reconnect (it only
sends one with a consent); ``include_granted_scopes`` keeps earlier grants of the same app.
Tokens come from ``oauth2.googleapis.com/token`` (client secret in the form body); a refresh
answer carries no new refresh token, and ``OAuth2Client`` keeps the held one. Revocation is
``POST oauth2.googleapis.com/revoke``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import httpx

from umt.adapters.platforms.http import Classifier, PlatformHttp
from umt.adapters.platforms.oauth2 import OAuth2Client, OAuth2Provider, OAuthApp
from umt.domain.integration.errors import PlatformRejected

AUTHORIZE_URL = "https://accounts.google.com/o/oauth2/v2/auth"
TOKEN_BASE = "https://oauth2.googleapis.com"  # noqa: S105 - a URL, not a secret


def google_provider(auth_base_url: str | None = None) -> OAuth2Provider:
    """Google's endpoints; ``auth_base_url`` replaces both Google hosts (a fake server)."""
    authorize = f"{auth_base_url.rstrip('/')}/o/oauth2/v2/auth" if auth_base_url else AUTHORIZE_URL
    token_base = auth_base_url.rstrip("/") if auth_base_url else TOKEN_BASE
    return OAuth2Provider(
        authorize_url=authorize,
        token_url=f"{token_base}/token",
        revoke_url=f"{token_base}/revoke",
        client_auth="body",
        scope_separator=" ",
        extra_authorize_params={
            "access_type": "offline",
            "prompt": "consent",
            "include_granted_scopes": "true",
        },
    )


def google_oauth(
    *,
    platform: str,
    client: httpx.AsyncClient,
    classify: Classifier,
    app: OAuthApp,
    auth_base_url: str | None,
    now: Callable[[], datetime] | None,
) -> tuple[PlatformHttp, OAuth2Client]:
    """The platform's HTTP wrapper and its Google OAuth client."""
    http = PlatformHttp(platform=platform, client=client, classify=classify)
    oauth = OAuth2Client(http=http, app=app, provider=google_provider(auth_base_url), now=now)
    return http, oauth


async def revoke_google_token(oauth: OAuth2Client, token: str) -> None:
    """Revoke at Google; a token Google no longer knows is as good as revoked."""
    try:
        await oauth.revoke(token)
    except PlatformRejected as exc:
        if exc.status != httpx.codes.BAD_REQUEST:
            raise


def first_string(values: object) -> str | None:
    """The first string of a JSON list, if any."""
    if isinstance(values, list):
        for value in values:
            if isinstance(value, str) and value:
                return value
    return None
