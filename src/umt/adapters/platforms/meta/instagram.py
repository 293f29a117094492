"""Publishing to an Instagram professional account through the Instagram API with Facebook Login
(https://developers.facebook.com/docs/instagram-platform/content-publishing).

1. The publishing limit: ``GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config``
   -> ``{"data": [{"quota_usage": 2, "config": {"quota_total": 50, "quota_duration": 86400}}]}``;
   a used-up quota is ``QuotaExceeded`` before anything is created (the publish call answers
   subcode 2207042 for the same reason, mapped in ``graph``).
2. A container: ``POST /{ig-user-id}/media`` with ``image_url`` (and ``alt_text``) or
   ``media_type=REELS`` + ``video_url``, and ``caption``; a carousel is one child container per
   item (``is_carousel_item=true``) then ``media_type=CAROUSEL`` + ``children``. -> ``{"id"}``.
3. Its status: ``GET /{container-id}?fields=status_code,status`` until ``FINISHED``
   (``IN_PROGRESS`` meanwhile); ``ERROR`` (``status`` holds the error subcode) and ``EXPIRED``
   (not published within 24 h) are ``ContentRejected`` media. A container still in progress
   after the polling budget is ``PlatformUnavailable``: nothing was published, a later attempt
   starts again.
4. ``POST /{ig-user-id}/media_publish`` (``creation_id``) -> ``{"id": "<ig-media-id>"}``.

The caption carries our invisible marker; ``find`` lists ``GET /{ig-user-id}/media?fields=id,
caption,permalink,timestamp`` (newest first) and matches it; ``recent`` reads the same edge with
``since``. Comments: ``POST /{ig-media-id}/comments`` (``message``). The API cannot delete
media. Metrics: ``GET /{ig-media-id}/insights?metric=reach,likes,comments,shares,saved,views``.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from datetime import datetime

from umt.adapters.platforms.meta.graph import GraphApi, GraphObjectMissing
from umt.adapters.platforms.meta.posts import (
    FIND_PAGES,
    RECENT_PAGES,
    entries,
    graph_time,
    insight_readings,
    number,
    since_cursor,
)
from umt.adapters.platforms.reference_marker import carries, with_marker
from umt.domain.integration.errors import (
    ContentRejected,
    OutcomeUnknown,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    QuotaExceeded,
    Rejection,
)
from umt.domain.shared.metrics import Metric
from umt.ports.metric_source import MetricReading
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaItem, MediaKind, OutgoingPost, PublishedPost, RecentPosts

PLATFORM = "meta"
MEDIA_FIELDS = "id,caption,permalink,timestamp"
MEDIA_INSIGHTS = {
    "reach": Metric.REACH,
    "likes": Metric.LIKES,
    "comments": Metric.COMMENTS,
    "shares": Metric.SHARES,
    "saved": Metric.SAVES,
    "views": Metric.IMPRESSIONS,  # "views" replaced "impressions" for Instagram media
    "impressions": Metric.IMPRESSIONS,
}
MAX_CAROUSEL = 10


class InstagramPublisher:
    """Instagram media over one ``GraphApi``; ``poll_seconds`` and ``poll_attempts`` bound how
    long a container may stay ``IN_PROGRESS``."""

    def __init__(self, graph: GraphApi, *, poll_seconds: float, poll_attempts: int) -> None:
        self._graph = graph
        self._poll_seconds = poll_seconds
        self._poll_attempts = max(1, poll_attempts)

    async def publish(
        self, ig_user_id: str, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        if not post.media:
            raise ContentRejected("an Instagram post needs an image or a video", platform=PLATFORM)
        if len(post.media) > MAX_CAROUSEL:
            raise ContentRejected(
                f"an Instagram carousel holds at most {MAX_CAROUSEL} items", platform=PLATFORM
            )
        await self.check_quota(ig_user_id, credentials)
        caption = with_marker(post.text, post.reference)
        if len(post.media) == 1:
            fields = _media_fields(post.media[0], carousel_item=False)
        else:
            children = [
                await self._container(
                    ig_user_id, credentials, _media_fields(item, carousel_item=True)
                )
                for item in post.media
            ]
            for child in children:
                await self.wait_until_finished(child, credentials)
            fields = {"media_type": "CAROUSEL", "children": ",".join(children)}
        container = await self._container(ig_user_id, credentials, {**fields, "caption": caption})
        await self.wait_until_finished(container, credentials)
        body = await self._graph.write(
            "POST", f"{ig_user_id}/media_publish", credentials, {"creation_id": container}
        )
        media_id = body.get("id")
        if not isinstance(media_id, str | int) or media_id == "":
            raise OutcomeUnknown(f"{PLATFORM} published without a media id", platform=PLATFORM)
        published = PublishedPost(remote_id=str(media_id), reference=post.reference)
        # The permalink is a convenience: the media id is what must survive, so a failed read
        # here never turns a publication that happened into an error.
        with suppress(PlatformError):
            media = await self._graph.call(
                "GET", str(media_id), credentials, fields="permalink,timestamp"
            )
            published = _published({**media, "id": str(media_id)}, post.reference)
        return published

    async def check_quota(self, ig_user_id: str, credentials: Credentials) -> None:
        body = await self._graph.call(
            "GET",
            f"{ig_user_id}/content_publishing_limit",
            credentials,
            fields="quota_usage,config",
        )
        data = body.get("data")
        usage = data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else {}
        config = usage.get("config")
        used = number(usage.get("quota_usage"))
        total = number(config.get("quota_total")) if isinstance(config, dict) else None
        if used is not None and total is not None and used >= total:
            raise QuotaExceeded(
                f"{PLATFORM}: the Instagram account published {used} of {total} posts "
                "allowed in 24 hours",
                platform=PLATFORM,
            )

    async def wait_until_finished(self, container_id: str, credentials: Credentials) -> None:
        for attempt in range(self._poll_attempts):
            body = await self._graph.call(
                "GET", container_id, credentials, fields="status_code,status"
            )
            status_code = str(body.get("status_code", ""))
            if status_code in {"FINISHED", "PUBLISHED"}:
                return
            if status_code in {"ERROR", "EXPIRED"}:
                raise ContentRejected(
                    f"{PLATFORM}: Instagram could not process the media ({status_code}: "
                    f"{str(body.get('status', ''))[:200]})",
                    platform=PLATFORM,
                    rejection=Rejection.MEDIA,
                )
            if attempt + 1 < self._poll_attempts:
                await asyncio.sleep(self._poll_seconds)
        raise PlatformUnavailable(
            f"{PLATFORM}: the Instagram media container is still being processed; nothing was "
            "published",
            platform=PLATFORM,
        )

    async def find(
        self, ig_user_id: str, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        async for entry in entries(
            self._graph, f"{ig_user_id}/media", credentials, fields=MEDIA_FIELDS, pages=FIND_PAGES
        ):
            if carries(entry.get("caption"), reference):
                return _published(entry, reference)
        return None

    async def recent(
        self, ig_user_id: str, credentials: Credentials, cursor: str | None
    ) -> RecentPosts:
        since = since_cursor(cursor)
        posts = []
        newest = since
        async for entry in entries(
            self._graph,
            f"{ig_user_id}/media",
            credentials,
            fields=MEDIA_FIELDS,
            pages=RECENT_PAGES if since is not None else 1,
            since=since,
        ):
            created = graph_time(entry.get("timestamp"))
            stamp = int(created.timestamp()) if created else None
            if since is not None and (stamp is None or stamp <= since):
                continue
            posts.append(_published(entry, None))
            if stamp is not None and (newest is None or stamp > newest):
                newest = stamp
        return RecentPosts(posts=posts, cursor=str(newest) if posts and newest else None)

    async def comment(self, credentials: Credentials, media_id: str, text: str) -> str:
        body = await self._graph.write(
            "POST", f"{media_id}/comments", credentials, {"message": text}
        )
        comment_id = body.get("id")
        if not isinstance(comment_id, str | int) or comment_id == "":
            raise OutcomeUnknown(f"{PLATFORM} commented without an id", platform=PLATFORM)
        return str(comment_id)

    async def delete(self) -> None:
        raise PlatformRejected(
            "the Instagram API cannot delete media: remove it in the Instagram app",
            platform=PLATFORM,
        )

    async def metrics(
        self, credentials: Credentials, media_id: str, observed_at: datetime
    ) -> list[MetricReading]:
        try:
            body = await self._graph.call(
                "GET", f"{media_id}/insights", credentials, metric=",".join(MEDIA_INSIGHTS)
            )
        except GraphObjectMissing:
            return []
        return insight_readings(body, media_id, MEDIA_INSIGHTS, observed_at)

    async def _container(
        self, ig_user_id: str, credentials: Credentials, fields: dict[str, str]
    ) -> str:
        body = await self._graph.write("POST", f"{ig_user_id}/media", credentials, fields)
        container = body.get("id")
        if not isinstance(container, str | int) or container == "":
            raise PlatformUnavailable(f"{PLATFORM} created no media container", platform=PLATFORM)
        return str(container)


def _media_fields(item: MediaItem, *, carousel_item: bool) -> dict[str, str]:
    if item.kind is MediaKind.VIDEO:
        fields = {"media_type": "VIDEO" if carousel_item else "REELS", "video_url": item.url}
    else:
        fields = {"image_url": item.url}
        if item.alt_text:
            fields["alt_text"] = item.alt_text
    if carousel_item:
        fields["is_carousel_item"] = "true"
    return fields


def _published(entry: dict[str, object], reference: str | None) -> PublishedPost:
    url = entry.get("permalink")
    return PublishedPost(
        remote_id=str(entry["id"]),
        url=url if isinstance(url, str) else None,
        published_at=graph_time(entry.get("timestamp")),
        reference=reference,
    )
