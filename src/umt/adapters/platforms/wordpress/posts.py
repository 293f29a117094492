"""WordPress posts through the REST API (``/wp-json/wp/v2``): the capability ports.

The connected site is the one channel account (``WORDPRESS_SITE``); discovery reads its name
and time zone from the REST index (``GET /wp-json/``). Every call authenticates with the
application password (HTTP Basic) and goes to the site address the connection validated
(``site_url.py``), through the egress guard.

- Publish ``POST /wp-json/wp/v2/posts`` with ``title``, ``content``, ``status`` (``publish``,
  or ``future`` with ``date_gmt`` when ``send_at`` is ahead: WordPress schedules natively) and
  ``meta``. ``201`` answers the post (``id``, ``link``, ``slug``, ``status``, ``date_gmt``). umt
  never sends a slug: WordPress derives one from the title and appends ``-2``, ``-3`` ... on a
  collision, which is not an error, and umt never looks a post up by slug.
- Our reference, twice: in the post meta key ``umt_reference`` and in a hidden HTML comment at
  the end of the content (``<!-- umt:reference=... -->``). WordPress ignores meta keys a site
  has not registered for the REST API, so the meta key only sticks on a site that registers it,
  for instance in a small plugin::

      register_post_meta('post', 'umt_reference', [
          'type' => 'string', 'single' => true, 'show_in_rest' => true,
          'auth_callback' => fn() => current_user_can('edit_posts'),
      ]);

  The comment needs nothing: it is kept in ``content.raw`` and is invisible to readers.
- ``find`` searches for the reference (``GET /wp/v2/posts?search=<reference>&context=edit``,
  which matches the raw content) and, when the search finds nothing (a search plugin may
  replace it), lists the most recently modified posts; either way a post matches only when its
  ``meta.umt_reference`` or its content marker carries the reference.
- ``recent`` lists published posts newest first. WordPress compares ``after`` with the
  site-local post date, so umt asks from a day before the cursor and keeps the posts whose
  ``date_gmt`` is after it; the cursor is the newest ``date_gmt`` seen.
- Delete ``DELETE /wp/v2/posts/{id}?force=true`` (or into the trash with the connector option
  ``trash_on_delete``); ``404 rest_post_invalid_id`` means it is already gone.
- Comments ``POST /wp/v2/comments`` (``post``, ``content``).

WordPress has no metrics API: the connector is not a ``MetricSource`` and does not declare the
``analytics`` capability. 401 is ``InvalidCredentials``; a write with no answer (timeout after
sending, dropped connection, 5xx) is ``OutcomeUnknown``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from umt.adapters.platforms.http import PlatformHttp, json_or_empty, short_text
from umt.domain.integration.errors import (
    AddressRefused,
    ContentRejected,
    PlatformError,
    PlatformRejected,
    Rejection,
)
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.channel_discovery import DiscoveredAccount
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import OutgoingPost, PublishedPost, RecentPosts

PLATFORM = "wordpress"
META_KEY = "umt_reference"
STATUSES = "publish,future,draft,pending,private"  # every status but trash
SEARCH_PAGE = 20
RECENT_PAGE = 100  # the REST API's maximum per_page
MARKER = re.compile(r"<!--\s*umt:reference=([A-Za-z0-9._:-]{1,200})\s*-->")
INVALID_PARAMS = frozenset({"rest_invalid_param", "rest_missing_callback_param", "empty_content"})


def marker(reference: str) -> str:
    """The hidden HTML comment that carries our reference in a post's content."""
    if MARKER.fullmatch(f"<!-- umt:reference={reference} -->") is None:
        raise PlatformRejected(
            f"reference {short_text(reference)!r} cannot be carried by a post", platform=PLATFORM
        )
    return f"<!-- umt:reference={reference} -->"


def content_html(post: OutgoingPost) -> str:
    """The post's content: its text (HTML kept as is, plain text as paragraphs), its images
    and link, then our marker."""
    text = post.text.strip()
    if text.startswith("<"):
        parts = [text]
    else:
        parts = [
            f"<p>{html.escape(block).replace(chr(10), '<br />')}</p>"
            for block in re.split(r"\n\s*\n", text)
            if block.strip()
        ]
    for item in post.media:
        alt = html.escape(item.alt_text or "", quote=True)
        parts.append(f'<p><img src="{html.escape(item.url, quote=True)}" alt="{alt}" /></p>')
    if post.link:
        url = html.escape(post.link, quote=True)
        parts.append(f'<p><a href="{url}">{html.escape(post.link)}</a></p>')
    parts.append(marker(post.reference))
    return "\n".join(parts)


def reference_of(post: dict[str, Any]) -> str | None:
    meta = post.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get(META_KEY), str) and meta[META_KEY]:
        return str(meta[META_KEY])
    content = post.get("content")
    raw = content.get("raw") if isinstance(content, dict) else None
    if isinstance(raw, str):
        found = MARKER.search(raw)
        if found:
            return found.group(1)
    return None


def gmt_time(value: object) -> datetime | None:
    """A post's ``date_gmt`` (ISO 8601 without an offset, in UTC)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def published(post: dict[str, Any]) -> PublishedPost:
    return PublishedPost(
        remote_id=str(post["id"]),
        url=str(post["link"]) if post.get("link") else None,
        published_at=gmt_time(post.get("date_gmt")),
        reference=reference_of(post),
    )


def refused_post(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
    """A 400 to a post write is about the post itself (``rest_invalid_param`` ...)."""
    code = str(body.get("code", ""))
    if response.status_code == httpx.codes.BAD_REQUEST or code in INVALID_PARAMS:
        return ContentRejected(
            f"wordpress refused the post: {short_text(body.get('message') or code)}",
            platform=PLATFORM,
            rejection=Rejection.VALIDATION,
            status=response.status_code,
        )
    return None


class WordPressPosts:
    """``ChannelDiscovery`` and ``Publisher`` for a WordPress site; mixed into
    ``WordPressConnector``, which provides the typed client, site validation and options."""

    _http: PlatformHttp
    _trash_on_delete: bool
    _now: Callable[[], datetime]

    def _site_url(self, raw: str) -> str:
        raise NotImplementedError  # the connector's (SSRF-checked)

    async def discover(self, credentials: Credentials) -> tuple[DiscoveredAccount, ...]:
        site = self._site_url(credentials.extra.get("site_url", ""))
        response = await self._call(credentials, "GET", f"{site}/wp-json/")
        index = json_or_empty(response)
        zone = index.get("timezone_string")
        return (
            DiscoveredAccount(
                kind=ChannelKind.WORDPRESS_SITE,
                external_id=site,
                name=short_text(index.get("name") or site),
                time_zone=zone if isinstance(zone, str) and zone else None,
                details={"site_url": site},
            ),
        )

    async def publish(
        self, target: ChannelTarget, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        if not (post.title or "").strip() and not post.text.strip() and not post.media:
            raise ContentRejected(
                "a wordpress post needs a title, text or an image: this one is empty",
                platform=PLATFORM,
                rejection=Rejection.VALIDATION,
            )
        body: dict[str, Any] = {
            "title": post.title or "",
            "content": content_html(post),
            "status": "publish",
            "meta": {META_KEY: post.reference},
        }
        if post.preview_text:
            body["excerpt"] = post.preview_text
        if post.send_at is not None and post.send_at > self._now():
            body["status"] = "future"
            body["date_gmt"] = (
                post.send_at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
            )
        response = await self._call(
            credentials,
            "POST",
            f"{self._posts(credentials)}",
            json=body,
            classify=self._post_error,
            write=True,
        )
        created = json_or_empty(response)
        if "id" not in created:
            raise PlatformRejected("wordpress answered without a post id", platform=PLATFORM)
        found = published(created)
        return PublishedPost(
            remote_id=found.remote_id,
            url=found.url,
            published_at=found.published_at,
            reference=post.reference,
        )

    async def find(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        marker(reference)  # a reference no post can carry is refused, not searched
        searches = (
            {"search": reference, "per_page": str(SEARCH_PAGE)},
            {"orderby": "modified", "order": "desc", "per_page": str(RECENT_PAGE)},
        )
        for params in searches:
            for post in await self._list(credentials, {**params, "status": STATUSES}):
                if reference_of(post) == reference:
                    return published(post)
        return None

    async def recent(
        self, target: ChannelTarget, credentials: Credentials, *, cursor: str | None = None
    ) -> RecentPosts:
        since = gmt_time(cursor)
        params = {"status": "publish", "orderby": "date", "order": "desc"}
        params["per_page"] = str(RECENT_PAGE)
        if since is not None:
            # ``after`` is compared with the site-local date: ask a day early, filter by GMT.
            local = (since - timedelta(days=1)).replace(tzinfo=None)
            params["after"] = local.isoformat(timespec="seconds")
        posts = [published(p) for p in await self._list(credentials, params)]
        if since is not None:
            posts = [p for p in posts if p.published_at is not None and p.published_at > since]
        times = [p.published_at for p in posts if p.published_at is not None]
        newest = max(times, default=since)
        return RecentPosts(
            posts=posts,
            cursor=newest.replace(tzinfo=None).isoformat() if newest is not None else None,
        )

    async def delete(self, target: ChannelTarget, credentials: Credentials, remote_id: str) -> None:
        params = {} if self._trash_on_delete else {"force": "true"}
        try:
            await self._call(
                credentials,
                "DELETE",
                f"{self._posts(credentials)}/{_post_id(remote_id)}",
                params=params,
                write=True,
            )
        except PlatformRejected as exc:
            # 404 rest_post_invalid_id: gone; 410 rest_already_trashed: already in the trash
            if exc.status not in {httpx.codes.NOT_FOUND, httpx.codes.GONE}:
                raise

    async def comment(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, text: str
    ) -> str:
        site = self._site_url(credentials.extra.get("site_url", ""))
        response = await self._call(
            credentials,
            "POST",
            f"{site}/wp-json/wp/v2/comments",
            json={"post": int(_post_id(remote_id)), "content": text},
            classify=self._post_error,
            write=True,
        )
        comment = json_or_empty(response)
        if "id" not in comment:
            raise PlatformRejected("wordpress answered without a comment id", platform=PLATFORM)
        return str(comment["id"])

    # -- helpers ----------------------------------------------------------------------------

    def _posts(self, credentials: Credentials) -> str:
        return f"{self._site_url(credentials.extra.get('site_url', ''))}/wp-json/wp/v2/posts"

    async def _list(self, credentials: Credentials, params: dict[str, str]) -> list[dict[str, Any]]:
        response = await self._call(
            credentials, "GET", self._posts(credentials), params={**params, "context": "edit"}
        )
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, list):
            raise PlatformRejected(
                "wordpress answered a post list that is not a list", platform=PLATFORM
            )
        return [post for post in body if isinstance(post, dict) and "id" in post]

    async def _call(
        self, credentials: Credentials, method: str, url: str, **kwargs: Any
    ) -> httpx.Response:
        username = credentials.extra.get("username", "")
        try:
            return await self._http.send(
                method, url, auth=(username, credentials.access_token), **kwargs
            )
        except AddressRefused as exc:  # the site's name resolves to an internal address
            raise AddressRefused(exc.message, platform=PLATFORM) from None

    def _post_error(self, response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
        return self._http.classify(response, body) or refused_post(response, body)


def _post_id(remote_id: str) -> str:
    if not remote_id.isdigit():
        raise PlatformRejected(
            f"not a wordpress post id: {short_text(remote_id)!r}", platform=PLATFORM
        )
    return remote_id
