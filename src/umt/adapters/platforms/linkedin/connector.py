"""LinkedIn: members and organization pages, through 3-legged OAuth 2.0 and the LinkedIn APIs.

Endpoints (https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow):

- Authorize ``https://www.linkedin.com/oauth/v2/authorization``: ``response_type=code``,
  ``client_id``, ``redirect_uri``, ``state``, space-separated ``scope``.
- Token ``POST https://www.linkedin.com/oauth/v2/accessToken`` (form): ``grant_type``, ``code``,
  ``redirect_uri``, ``client_id``, ``client_secret`` in the body. Access tokens live 60 days.
  Refresh tokens (``refresh_token``, ``refresh_token_expires_in``, 365 days from the first
  consent, not extended by a refresh) exist only for apps LinkedIn approved for programmatic
  refresh (https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens);
  without one, ``refresh`` says TokenExpired and the member consents again.
- PKCE: LinkedIn documents PKCE only for its native-client flow; the 3-legged flow for a
  confidential web client defines neither ``code_challenge`` nor ``code_verifier``. umt therefore
  sends neither (the code is bound by ``state``, the registered redirect URI and the client
  secret); the ``pkce`` option (``true``) turns them on for an app LinkedIn enabled for PKCE.
- Granted scopes: ``POST https://www.linkedin.com/oauth/v2/introspectToken`` (form ``client_id``,
  ``client_secret``, ``token``) -> ``{"active", "status": "active"|"revoked"|"expired", "scope":
  "a,b", "expires_at"}`` (https://learn.microsoft.com/en-us/linkedin/shared/authentication/token-introspection).
- Connection test: ``GET https://api.linkedin.com/v2/userinfo`` (OpenID Connect, scopes ``openid``
  ``profile``) -> ``{"sub", "name", "given_name", "family_name", ...}``, then the introspection;
  with an organization scope granted, ``GET https://api.linkedin.com/rest/organizationAcls?
  q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`` (headers ``LinkedIn-Version`` and
  ``X-Restli-Protocol-Version: 2.0.0``) lists the pages the member administers
  (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role).
- Revocation: LinkedIn documents no token revocation endpoint for 3-legged tokens; ``revoke``
  does nothing and the member removes the app under Settings > Data privacy > Permitted services
  (the token then introspects as ``revoked``).

Scopes: ``openid``, ``profile`` (userinfo), ``w_member_social`` (post as the member); with the
``organization_pages`` option (Community Management API approval) also
``r_organization_social``, ``w_organization_social`` (post as the page) and
``rw_organization_admin`` (page administration and analytics).
Capabilities: text, image and video posts (Posts API with Images/Videos API uploads) and
analytics (organization share and follower statistics). LinkedIn has no native scheduling.

Errors: ``errors`` (401 expired or revoked, 403 missing scope, 426 a retired version, 429 with
no Retry-After, 422 duplicates).

Discovery (``ChannelDiscovery``): the member (``/v2/userinfo`` -> LINKEDIN_MEMBER
``urn:li:person:{sub}``) and, when the grant holds an organization admin scope, each
administered organization (``GET /rest/organizations/{id}`` -> ``localizedName``) as a
LINKEDIN_ORGANIZATION ``urn:li:organization:{id}``. Publishing: ``posts``; metrics:
``statistics``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import httpx

from umt.adapters.platforms.http import PlatformHttp, json_or_empty
from umt.adapters.platforms.linkedin.errors import (
    linkedin_error,
)
from umt.adapters.platforms.linkedin.posts import LinkedInPosts
from umt.adapters.platforms.linkedin.statistics import LinkedInStatistics
from umt.adapters.platforms.oauth2 import OAuth2Client, OAuth2Provider, OAuthApp, oauth_error
from umt.adapters.platforms.oauth_connector import (
    Clock,
    OAuth2Connector,
    account_info,
    bearer,
    flag_option,
    get_json,
    utc_now,
)
from umt.domain.integration.errors import (
    PlatformRejected,
    TokenExpired,
    TokenRevoked,
)
from umt.domain.integration.platforms import Capability, Platform
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.channel_discovery import ChannelDiscovery, DiscoveredAccount
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricBatch, MetricSource
from umt.ports.platform_connector import AccountInfo, Credentials
from umt.ports.publisher import OutgoingPost, PublishedPost, Publisher, RecentPosts

API_BASE_URL = "https://api.linkedin.com"
AUTH_BASE_URL = "https://www.linkedin.com"
DEFAULT_API_VERSION = "202610"  # LinkedIn-Version of the versioned /rest APIs (YYYYMM)
PLATFORM = Platform.LINKEDIN.value
MEMBER_SCOPES = ("openid", "profile", "w_member_social")
ORGANIZATION_SCOPES = ("r_organization_social", "w_organization_social", "rw_organization_admin")
ORGANIZATION_ADMIN_SCOPES = frozenset({"rw_organization_admin", "r_organization_admin"})


class LinkedInConnector(OAuth2Connector, ChannelDiscovery, Publisher, MetricSource):
    PLATFORM = Platform.LINKEDIN
    CAPABILITIES = frozenset(
        {
            Capability.PUBLISH_TEXT,
            Capability.PUBLISH_IMAGES,
            Capability.PUBLISH_VIDEO,
            Capability.ANALYTICS,
        }
    )
    DEFAULT_SCOPES = MEMBER_SCOPES

    def __init__(
        self,
        client: httpx.AsyncClient,
        app: OAuthApp,
        *,
        api_base_url: str | None = None,
        auth_base_url: str | None = None,
        options: Mapping[str, str] | None = None,
        now: Clock | None = None,
    ) -> None:
        clock = now or utc_now
        options = dict(options or {})
        api = (api_base_url or API_BASE_URL).rstrip("/")
        auth = (auth_base_url or AUTH_BASE_URL).rstrip("/")
        http = PlatformHttp(
            platform=PLATFORM, client=client, classify=lambda r, b: linkedin_error(r, b, now=clock)
        )
        oauth = OAuth2Client(
            http=http,
            app=app,
            provider=OAuth2Provider(
                authorize_url=f"{auth}/oauth/v2/authorization",
                token_url=f"{auth}/oauth/v2/accessToken",
                client_auth="body",
                pkce=flag_option(options, "pkce", default=False),
            ),
            now=clock,
        )
        if flag_option(options, "organization_pages", default=False) and "scopes" not in options:
            options["scopes"] = " ".join((*MEMBER_SCOPES, *ORGANIZATION_SCOPES))
        super().__init__(http=http, oauth=oauth, options=options, now=clock)
        self._app = app
        self._api = api
        self._introspect_url = f"{auth}/oauth/v2/introspectToken"
        self._api_version = options.get("api_version", DEFAULT_API_VERSION)
        self.posts = LinkedInPosts(http=http, api=api, version=lambda: self._api_version)
        self.statistics = LinkedInStatistics(http=http, api=api, headers=self.posts.headers)

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        member = await get_json(self._http, f"{self._api}/v2/userinfo", credentials)
        scopes = await self.granted_scopes(credentials)
        if scopes & ORGANIZATION_ADMIN_SCOPES:
            await self.administered_organizations(credentials)  # proves the page access
        return account_info(
            PLATFORM,
            external_id=member.get("sub"),
            name=member.get("name")
            or " ".join(str(member.get(k, "")) for k in ("given_name", "family_name")).strip(),
            granted_scopes=scopes,
        )

    async def granted_scopes(self, credentials: Credentials) -> frozenset[str]:
        """The token's scopes from the introspection endpoint (which also tells a revoked or
        expired token from a live one)."""
        response = await self._http.send(
            "POST",
            self._introspect_url,
            data={
                "client_id": self._app.client_id,
                "client_secret": self._app.client_secret,
                "token": credentials.access_token,
            },
            # An OAuth endpoint: it answers RFC 6749 errors (invalid_client: the app's secret).
            classify=lambda response, body: oauth_error(PLATFORM, response, body),
        )
        body = json_or_empty(response)
        status = str(body.get("status", "")).lower()
        if status == "revoked":
            raise TokenRevoked(f"{PLATFORM} says the grant was revoked", platform=PLATFORM)
        if body.get("active") is False or status == "expired":
            raise TokenExpired(f"{PLATFORM} says the token is no longer active", platform=PLATFORM)
        raw = str(body.get("scope", "")).replace(",", " ")
        return frozenset(raw.split())

    async def administered_organizations(self, credentials: Credentials) -> tuple[str, ...]:
        """The URNs of the organization pages the member administers (approved roles)."""
        response = await self._http.send(
            "GET",
            f"{self._api}/rest/organizationAcls",
            headers={
                **bearer(credentials),
                "linkedin-version": self._api_version,
                "x-restli-protocol-version": "2.0.0",
            },
            params={"q": "roleAssignee", "role": "ADMINISTRATOR", "state": "APPROVED"},
        )
        elements = json_or_empty(response).get("elements", [])
        return tuple(
            str(element["organization"])
            for element in elements
            if isinstance(element, dict) and "organization" in element
        )

    # -- ChannelDiscovery ----------------------------------------------------------------

    async def discover(self, credentials: Credentials) -> tuple[DiscoveredAccount, ...]:
        member = await self.test_connection(credentials)
        accounts = [
            DiscoveredAccount(
                kind=ChannelKind.LINKEDIN_MEMBER,
                external_id=f"urn:li:person:{member.external_id}",
                name=member.name,
            )
        ]
        if not (member.granted_scopes or frozenset()) & ORGANIZATION_ADMIN_SCOPES:
            return tuple(accounts)
        for urn in await self.administered_organizations(credentials):
            response = await self._http.send(
                "GET",
                f"{self._api}/rest/organizations/{urn.rsplit(':', 1)[-1]}",
                headers=self.posts.headers(credentials),
            )
            name = json_or_empty(response).get("localizedName")
            accounts.append(
                DiscoveredAccount(
                    kind=ChannelKind.LINKEDIN_ORGANIZATION,
                    external_id=urn,
                    name=str(name or urn),
                )
            )
        return tuple(accounts)

    # -- Publisher -------------------------------------------------------------------------

    async def publish(
        self, target: ChannelTarget, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        return await self.posts.publish(_author(target), credentials, post)

    async def find(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        return await self.posts.find(_author(target), credentials, reference)

    async def recent(
        self, target: ChannelTarget, credentials: Credentials, *, cursor: str | None = None
    ) -> RecentPosts:
        return await self.posts.recent(_author(target), credentials, cursor)

    async def delete(self, target: ChannelTarget, credentials: Credentials, remote_id: str) -> None:
        _author(target)
        await self.posts.delete(credentials, remote_id)

    async def comment(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, text: str
    ) -> str:
        return await self.posts.comment(_author(target), credentials, remote_id, text)

    # -- MetricSource ----------------------------------------------------------------------

    async def metrics(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        *,
        cursor: str | None,
        remote_ids: Sequence[str] = (),
        now: datetime,
    ) -> MetricBatch:
        """Lifetime totals of the posts umt published (read per post; the cursor records when)."""
        author = _author(target)
        if target.kind is ChannelKind.LINKEDIN_ORGANIZATION:
            readings = await self.statistics.organization_metrics(
                author, credentials, remote_ids, now
            )
        else:
            readings = []
            for urn in remote_ids:
                readings.extend(await self.statistics.member_metrics(credentials, urn, now))
        return MetricBatch(readings=readings, cursor=now.isoformat())

    async def revoke(self, credentials: Credentials) -> None:
        # No documented revocation endpoint for 3-legged tokens (see the module docstring).
        return


def _author(target: ChannelTarget) -> str:
    """The author URN of a LinkedIn channel account (its external id)."""
    if target.kind not in {ChannelKind.LINKEDIN_MEMBER, ChannelKind.LINKEDIN_ORGANIZATION}:
        raise PlatformRejected(
            f"{PLATFORM} publishes as a member or an organization, not {target.kind.value}",
            platform=PLATFORM,
        )
    return target.external_id
