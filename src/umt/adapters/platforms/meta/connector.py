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
"""

from __future__ import annotations

from dataclasses import dataclass

from umt.adapters.platforms.meta.base import GraphConnector
from umt.domain.integration.platforms import Capability, Platform
from umt.ports.platform_connector import AccountInfo, Credentials


@dataclass(frozen=True, slots=True, kw_only=True)
class MetaPage:
    """A Facebook Page the connected person manages, with its Instagram Business account."""

    id: str
    name: str
    instagram_business_account_id: str | None = None


class MetaConnector(GraphConnector):
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

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        account = await self.me(credentials)
        await self.pages(credentials)  # proves the Page list is readable with this grant
        return account

    async def pages(self, credentials: Credentials) -> tuple[MetaPage, ...]:
        """The Pages the person manages (first page of ``/me/accounts``)."""
        body = await self._graph.call(
            "GET", "me/accounts", credentials, fields="id,name,instagram_business_account"
        )
        pages = []
        for entry in body.get("data", []):
            if not isinstance(entry, dict) or "id" not in entry:
                continue
            instagram = entry.get("instagram_business_account")
            pages.append(
                MetaPage(
                    id=str(entry["id"]),
                    name=str(entry.get("name", "")),
                    instagram_business_account_id=(
                        str(instagram["id"])
                        if isinstance(instagram, dict) and "id" in instagram
                        else None
                    ),
                )
            )
        return tuple(pages)
