"""Meta: Facebook Pages and Instagram Business accounts, through Facebook Login and the Graph API.

Login, tokens, appsecret_proof and the error mapping are in ``graph`` (with their documentation
pages). What this connector adds:

- Scopes (https://developers.facebook.com/docs/permissions): ``pages_show_list`` (list the Pages),
  ``pages_read_engagement``, ``pages_manage_posts`` (publish to a Page), ``read_insights`` (Page
  insights), ``instagram_basic``, ``instagram_content_publish``, ``instagram_manage_insights``,
  ``business_management`` (Pages owned through a business portfolio).
- Capabilities: a Page publishes text, photos and videos (``/{page-id}/feed``, ``/photos``,
  ``/videos``) and schedules natively (``published=false`` + ``scheduled_publish_time``,
  10 minutes to 30 days ahead) (https://developers.facebook.com/docs/pages-api/posts); an
  Instagram Business account publishes images and video (Reels) through media containers; both
  have insights (``/{page-id}/insights``, ``/{ig-user-id}/insights``).
- Connection test: ``GET /me?fields=id,name``, ``GET /me/permissions`` (granted scopes) and
  ``GET /me/accounts?fields=id,name,instagram_business_account`` (the Pages the person manages,
  each with its Instagram Business account).
- Discovery (``ChannelDiscovery``): ``GET /me/accounts?fields=id,name,access_token,
  instagram_business_account{id,username,name}`` page by page: each Page becomes a
  FACEBOOK_PAGE account whose own credentials are the Page access token (a Page token obtained
  from a long-lived user token does not expire), and its Instagram professional account an
  INSTAGRAM_ACCOUNT (``details["page_id"]``) that acts with the integration's user token.
- Publishing (``Publisher``) and metrics (``MetricSource``): ``pages`` (Facebook Pages) and
  ``instagram`` (containers, status polling, ``media_publish``, the 50-per-24 h limit). Our
  reference travels as an invisible marker in the message or caption (``reference_marker``).
  Options: ``instagram_poll_seconds`` (default 5) and ``instagram_poll_attempts`` (default 60)
  bound how long a container may stay ``IN_PROGRESS``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from umt.adapters.platforms.meta.base import GraphConnector
from umt.adapters.platforms.meta.instagram import InstagramPublisher
from umt.adapters.platforms.meta.pages import PagePublisher
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.oauth_connector import Clock
from umt.domain.integration.errors import PlatformRejected
from umt.domain.integration.platforms import Capability, Platform
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.channel_discovery import ChannelDiscovery, DiscoveredAccount
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricBatch, MetricSource
from umt.ports.platform_connector import AccountInfo, Credentials
from umt.ports.publisher import OutgoingPost, PublishedPost, Publisher, RecentPosts

DISCOVERY_FIELDS = "id,name,access_token,instagram_business_account{id,username,name}"
MAX_PAGE_LISTS = 20  # 20 x 100 Pages


@dataclass(frozen=True, slots=True, kw_only=True)
class MetaPage:
    """A Facebook Page the connected person manages, with its Instagram Business account."""

    id: str
    name: str
    instagram_business_account_id: str | None = None
    instagram_username: str | None = None
    access_token: str | None = field(default=None, repr=False, compare=False)


class MetaConnector(GraphConnector, ChannelDiscovery, Publisher, MetricSource):
    PLATFORM = Platform.META
    CAPABILITIES = frozenset(
        {
            Capability.PUBLISH_TEXT,
            Capability.PUBLISH_IMAGES,
            Capability.PUBLISH_VIDEO,
            Capability.SCHEDULE_NATIVELY,
            Capability.ANALYTICS,
        }
    )
    DEFAULT_SCOPES = (
        "pages_show_list",
        "pages_read_engagement",
        "pages_manage_posts",
        "read_insights",
        "instagram_basic",
        "instagram_content_publish",
        "instagram_manage_insights",
        "business_management",
    )

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
        super().__init__(
            client,
            app,
            api_base_url=api_base_url,
            auth_base_url=auth_base_url,
            options=options,
            now=now,
        )
        self._pages = PagePublisher(self._graph)
        self._instagram = InstagramPublisher(
            self._graph,
            poll_seconds=float(self._options.get("instagram_poll_seconds", "5")),
            poll_attempts=int(self._options.get("instagram_poll_attempts", "60")),
        )

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        account = await self.me(credentials)
        await self.pages(credentials)  # proves the Page list is readable with this grant
        return account

    async def pages(self, credentials: Credentials) -> tuple[MetaPage, ...]:
        """The Pages the person manages (first page of ``/me/accounts``)."""
        body = await self._graph.call(
            "GET", "me/accounts", credentials, fields="id,name,instagram_business_account"
        )
        return tuple(_pages_of(body))

    async def pages_with_tokens(self, credentials: Credentials) -> tuple[MetaPage, ...]:
        """Every Page the person manages (all pages of ``/me/accounts``), each with its Page
        access token and Instagram professional account."""
        pages: list[MetaPage] = []
        params = {"fields": DISCOVERY_FIELDS, "limit": "100"}
        for _ in range(MAX_PAGE_LISTS):
            body = await self._graph.call("GET", "me/accounts", credentials, **params)
            pages.extend(_pages_of(body))
            after = _after(body)
            if after is None:
                break
            params["after"] = after
        return tuple(pages)

    # -- ChannelDiscovery ----------------------------------------------------------------

    async def discover(self, credentials: Credentials) -> tuple[DiscoveredAccount, ...]:
        accounts: list[DiscoveredAccount] = []
        for page in await self.pages_with_tokens(credentials):
            own = (
                Credentials(access_token=page.access_token, scopes=credentials.scopes)
                if page.access_token
                else None
            )
            accounts.append(
                DiscoveredAccount(
                    kind=ChannelKind.FACEBOOK_PAGE,
                    external_id=page.id,
                    name=page.name or page.id,
                    credentials=own,
                )
            )
            if page.instagram_business_account_id:
                accounts.append(
                    DiscoveredAccount(
                        kind=ChannelKind.INSTAGRAM_ACCOUNT,
                        external_id=page.instagram_business_account_id,
                        name=page.instagram_username or page.name or page.id,
                        details={"page_id": page.id},
                    )
                )
        return tuple(accounts)

    # -- Publisher -------------------------------------------------------------------------

    async def publish(
        self, target: ChannelTarget, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        if _is_instagram(target):
            return await self._instagram.publish(target.external_id, credentials, post)
        return await self._pages.publish(target.external_id, credentials, post)

    async def find(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        if _is_instagram(target):
            return await self._instagram.find(target.external_id, credentials, reference)
        return await self._pages.find(target.external_id, credentials, reference)

    async def recent(
        self, target: ChannelTarget, credentials: Credentials, *, cursor: str | None = None
    ) -> RecentPosts:
        if _is_instagram(target):
            return await self._instagram.recent(target.external_id, credentials, cursor)
        return await self._pages.recent(target.external_id, credentials, cursor)

    async def delete(self, target: ChannelTarget, credentials: Credentials, remote_id: str) -> None:
        if _is_instagram(target):
            await self._instagram.delete()
        else:
            await self._pages.delete(credentials, remote_id)

    async def comment(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, text: str
    ) -> str:
        if _is_instagram(target):
            return await self._instagram.comment(credentials, remote_id, text)
        return await self._pages.comment(credentials, remote_id, text)

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
        """Lifetime insights of each post umt published (Graph reads them per object, so the
        cursor only records when they were read)."""
        readings = []
        for remote_id in remote_ids:
            if _is_instagram(target):
                readings.extend(await self._instagram.metrics(credentials, remote_id, now))
            else:
                readings.extend(await self._pages.metrics(credentials, remote_id, now))
        return MetricBatch(readings=readings, cursor=now.isoformat())


def _is_instagram(target: ChannelTarget) -> bool:
    if target.kind is ChannelKind.INSTAGRAM_ACCOUNT:
        return True
    if target.kind is ChannelKind.FACEBOOK_PAGE:
        return False
    raise PlatformRejected(
        f"meta publishes to Pages and Instagram accounts, not {target.kind.value}",
        platform=Platform.META.value,
    )


def _pages_of(body: dict[str, Any]) -> list[MetaPage]:
    pages = []
    for entry in body.get("data", []):
        if not isinstance(entry, dict) or "id" not in entry:
            continue
        instagram = entry.get("instagram_business_account")
        instagram = instagram if isinstance(instagram, dict) and "id" in instagram else {}
        token = entry.get("access_token")
        pages.append(
            MetaPage(
                id=str(entry["id"]),
                name=str(entry.get("name", "")),
                instagram_business_account_id=str(instagram["id"]) if instagram else None,
                instagram_username=(
                    str(instagram["username"]) if instagram.get("username") else None
                ),
                access_token=token if isinstance(token, str) and token else None,
            )
        )
    return pages


def _after(body: dict[str, Any]) -> str | None:
    paging = body.get("paging")
    if not isinstance(paging, dict) or not paging.get("next"):
        return None
    cursors = paging.get("cursors")
    after = cursors.get("after") if isinstance(cursors, dict) else None
    return after if isinstance(after, str) and after else None
