"""Publishing on LinkedIn: the versioned Posts API, comments and post statistics.

Every call sends ``LinkedIn-Version: YYYYMM`` and ``X-Restli-Protocol-Version: 2.0.0``
(https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api).

- Create ``POST /rest/posts`` with ``author`` (``urn:li:person:…`` or ``urn:li:organization:…``),
  ``commentary`` (little text format: the reserved characters ``\\ | { } @ [ ] ( ) < > # * _ ~``
  are backslash-escaped, or LinkedIn cuts the text at the first one; ``#word`` stays a hashtag
  and URLs stay intact), ``visibility: PUBLIC``, ``distribution`` (main feed),
  ``lifecycleState: PUBLISHED`` and, for a link, ``content.article``; images through the Images
  API (``POST /rest/images?action=initializeUpload`` ``{"initializeUploadRequest": {"owner"}}``
  -> ``{"value": {"uploadUrl", "image": "urn:li:image:…"}}``, then ``PUT`` the bytes to
  ``uploadUrl``) as ``content.media`` (one) or ``content.multiImage`` (2-20). Video is refused
  (the Videos API's multi-part upload is not implemented). 201 Created, no body: the
  post's URN is the ``x-restli-id`` header. A 201 without it may still have created the post,
  so it is an unknown outcome.
- Duplicates: 422 "Content is a duplicate of urn:li:share:…" -> ContentRejected DUPLICATE;
  other 400/422 answers to a create -> ContentRejected VALIDATION. A version LinkedIn has sunset
  answers 426 -> ``ApiVersionRetired`` (set the ``api_version`` option to a live one).
- Find and list ``GET /rest/posts?q=author&author={urn}&sortBy=CREATED&count=50&start=…``
  (``X-RestLi-Method: FINDER``) -> ``{"elements": [{"id", "commentary", "createdAt",
  "publishedAt", …}]}``. LinkedIn keeps no client reference on a post: the commentary carries
  our invisible marker (``reference_marker``) and ``find`` matches it in the newest posts;
  ``recent`` stops at the cursor (``createdAt`` in epoch milliseconds of the newest post seen).
- Delete ``DELETE /rest/posts/{encoded urn}`` -> 204 (404: already gone).
- Comment ``POST /rest/socialActions/{encoded urn}/comments`` with ``actor``, ``object`` and
  ``message.text`` -> 201 and the comment's URN in ``x-restli-id``.
- Metrics: ``statistics``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from umt.adapters.platforms.http import Classifier, PlatformHttp, json_or_empty, short_text
from umt.adapters.platforms.media_fetch import fetch_media
from umt.adapters.platforms.oauth_connector import bearer
from umt.adapters.platforms.reference_marker import carries, with_marker
from umt.domain.integration.errors import (
    ContentRejected,
    OutcomeUnknown,
    PlatformError,
    PlatformRejected,
    Rejection,
)
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaItem, MediaKind, OutgoingPost, PublishedPost, RecentPosts

PLATFORM = "linkedin"
PAGE_SIZE = 50
FIND_PAGES = 4
MAX_IMAGES = 20
RECENT_PAGES = 10
RESERVED = re.compile(r"[\\|{}@\[\]()<>#*_~]")
VERBATIM = re.compile(r"https?://\S+|#\w+")  # URLs and hashtags stay as they are


def little_text(text: str) -> str:
    """``text`` in LinkedIn's little text format: reserved characters escaped outside URLs,
    ``#word`` kept as a hashtag."""
    parts = []
    last = 0
    for url in VERBATIM.finditer(text):
        parts.append(RESERVED.sub(lambda m: "\\" + m.group(0), text[last : url.start()]))
        parts.append(url.group(0))
        last = url.end()
    parts.append(RESERVED.sub(lambda m: "\\" + m.group(0), text[last:]))
    return "".join(parts)


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"


def create_error(
    classify: Classifier,
) -> Classifier:
    """The classifier of a create: LinkedIn's own mapping, then 400/422 as a content refusal."""

    def classify_create(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
        specific = classify(response, body)
        if specific is not None:
            return specific
        if response.status_code in {400, 422}:
            message = short_text(body.get("message") or response.status_code)
            return ContentRejected(
                f"{PLATFORM} refused the post: {message}",
                platform=PLATFORM,
                rejection=Rejection.VALIDATION,
                status=response.status_code,
            )
        return None

    return classify_create


class LinkedInPosts:
    """The Posts, Social Actions and statistics calls for one connector."""

    def __init__(
        self,
        *,
        http: PlatformHttp,
        api: str,
        version: Callable[[], str],
    ) -> None:
        self._http = http
        self._api = api
        self._version = version

    def headers(self, credentials: Credentials) -> dict[str, str]:
        return {
            **bearer(credentials),
            "linkedin-version": self._version(),
            "x-restli-protocol-version": "2.0.0",
        }

    async def publish(
        self, author: str, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        if any(item.kind is MediaKind.VIDEO for item in post.media):
            raise ContentRejected(
                f"{PLATFORM}: umt posts text, links and images to LinkedIn, not video",
                platform=PLATFORM,
                rejection=Rejection.MEDIA,
            )
        if len(post.media) > MAX_IMAGES:
            raise ContentRejected(
                f"{PLATFORM}: a post holds at most {MAX_IMAGES} images", platform=PLATFORM
            )
        images = [await self.upload_image(author, credentials, item) for item in post.media]
        body: dict[str, Any] = {
            "author": author,
            "commentary": with_marker(little_text(post.text), post.reference),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if len(images) == 1:
            body["content"] = {"media": images[0]}
        elif images:
            body["content"] = {"multiImage": {"images": images}}
        elif post.link:
            body["content"] = {"article": {"source": post.link, "title": post.title or post.link}}
        response = await self._http.send(
            "POST",
            f"{self._api}/rest/posts",
            headers=self.headers(credentials),
            json=body,
            write=True,
            classify=create_error(self._http.classify),
        )
        urn = response.headers.get("x-restli-id")
        if not urn:
            raise OutcomeUnknown(
                f"{PLATFORM} accepted the post but sent no x-restli-id", platform=PLATFORM
            )
        return PublishedPost(remote_id=urn, url=post_url(urn), reference=post.reference)

    async def upload_image(
        self, owner: str, credentials: Credentials, item: MediaItem
    ) -> dict[str, str]:
        """Upload one image through the Images API; the post's media entry for it. An upload
        is invisible until a post uses it, so none of this is a write that needs reconciling."""
        media = await fetch_media(self._http.client, PLATFORM, item)
        response = await self._http.send(
            "POST",
            f"{self._api}/rest/images?action=initializeUpload",
            headers=self.headers(credentials),
            json={"initializeUploadRequest": {"owner": owner}},
        )
        value = json_or_empty(response).get("value")
        upload_url = value.get("uploadUrl") if isinstance(value, dict) else None
        image = value.get("image") if isinstance(value, dict) else None
        if not isinstance(upload_url, str) or not isinstance(image, str):
            raise PlatformRejected(
                f"{PLATFORM} answered the image upload without an uploadUrl", platform=PLATFORM
            )
        await self._http.send(
            "PUT",
            upload_url,
            headers={**bearer(credentials), "content-type": media.content_type},
            content=media.content,
        )
        entry = {"id": image}
        if item.alt_text:
            entry["altText"] = item.alt_text
        return entry

    async def _page(
        self, author: str, credentials: Credentials, start: int
    ) -> list[dict[str, Any]]:
        response = await self._http.send(
            "GET",
            f"{self._api}/rest/posts?q=author&author={quote(author, safe='')}"
            f"&sortBy=CREATED&count={PAGE_SIZE}&start={start}",
            headers={**self.headers(credentials), "x-restli-method": "FINDER"},
        )
        elements = json_or_empty(response).get("elements", [])
        return [e for e in elements if isinstance(e, dict) and isinstance(e.get("id"), str)]

    async def find(
        self, author: str, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        for page in range(FIND_PAGES):
            elements = await self._page(author, credentials, page * PAGE_SIZE)
            for element in elements:
                if carries(element.get("commentary"), reference):
                    return _published(element, reference)
            if len(elements) < PAGE_SIZE:
                return None
        return None

    async def recent(
        self, author: str, credentials: Credentials, cursor: str | None
    ) -> RecentPosts:
        since = int(cursor) if cursor and cursor.isdigit() else None
        posts: list[PublishedPost] = []
        newest = since
        for page in range(RECENT_PAGES if since is not None else 1):
            elements = await self._page(author, credentials, page * PAGE_SIZE)
            for element in elements:
                created = _millis(element.get("createdAt"))
                if since is not None and (created is None or created <= since):
                    return RecentPosts(posts=posts, cursor=_cursor(posts, newest))
                posts.append(_published(element, None))
                if created is not None and (newest is None or created > newest):
                    newest = created
            if len(elements) < PAGE_SIZE:
                break
        return RecentPosts(posts=posts, cursor=_cursor(posts, newest))

    async def delete(self, credentials: Credentials, urn: str) -> None:
        try:
            await self._http.send(
                "DELETE",
                f"{self._api}/rest/posts/{quote(urn, safe='')}",
                headers={**self.headers(credentials), "x-restli-method": "DELETE"},
                write=True,
            )
        except PlatformRejected as error:
            if error.status != httpx.codes.NOT_FOUND:
                raise

    async def comment(self, author: str, credentials: Credentials, urn: str, text: str) -> str:
        response = await self._http.send(
            "POST",
            f"{self._api}/rest/socialActions/{quote(urn, safe='')}/comments",
            headers=self.headers(credentials),
            json={"actor": author, "object": urn, "message": {"text": little_text(text)}},
            write=True,
        )
        comment = response.headers.get("x-restli-id") or json_or_empty(response).get("$URN")
        if not comment:
            raise OutcomeUnknown(f"{PLATFORM} commented without an id", platform=PLATFORM)
        return str(comment)


def _millis(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _cursor(posts: list[PublishedPost], newest: int | None) -> str | None:
    return str(newest) if posts and newest is not None else None


def _published(element: dict[str, Any], reference: str | None) -> PublishedPost:
    urn = str(element["id"])
    when = _millis(element.get("publishedAt")) or _millis(element.get("createdAt"))
    return PublishedPost(
        remote_id=urn,
        url=post_url(urn),
        published_at=datetime.fromtimestamp(when / 1000, UTC) if when else None,
        reference=reference,
    )
