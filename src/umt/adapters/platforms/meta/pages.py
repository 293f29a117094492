"""Publishing to a Facebook Page through the Pages API
(https://developers.facebook.com/docs/pages-api/posts).

Every call uses the Page access token (the channel account's own credentials, found by
discovery in ``/me/accounts``):

- text and link: ``POST /{page-id}/feed`` (form ``message``, ``link``) ->
  ``{"id": "<page>_<post>"}``;
- one image: ``POST /{page-id}/photos`` (``url``, ``message``) -> ``{"id", "post_id"}``;
- several images: each ``POST /{page-id}/photos`` with ``published=false`` (an unpublished
  photo nobody sees), then ``POST /{page-id}/feed`` with ``attached_media[i]={"media_fbid"}``;
- a video: ``POST /{page-id}/videos`` (``file_url``, ``description``) -> ``{"id"}``;
- delete ``DELETE /{post-id}`` -> ``{"success": true}`` (code 100/33 when already gone);
- comment ``POST /{object-id}/comments`` (``message``) -> ``{"id"}``.

A Graph post has no field for a client reference: the message carries our invisible marker
(``reference_marker``), and ``find`` lists ``/{page-id}/published_posts`` (newest first) and
matches it. ``recent`` reads the same edge with ``since`` = the cursor (Unix seconds of the
newest post seen).

Metrics: ``GET /{post-id}/insights?metric=post_impressions,post_impressions_unique,post_clicks``
and ``GET /{post-id}?fields=reactions.summary(total_count).limit(0),comments.summary(
total_count).limit(0),shares`` (https://developers.facebook.com/docs/graph-api/reference/insights).
"""

from __future__ import annotations

import json
from datetime import datetime

from umt.adapters.platforms.meta.graph import GraphApi, GraphObjectMissing
from umt.adapters.platforms.meta.posts import (
    FIND_PAGES,
    RECENT_PAGES,
    entries,
    graph_time,
    insight_readings,
    number,
    reading,
    since_cursor,
)
from umt.adapters.platforms.reference_marker import carries, with_marker
from umt.domain.integration.errors import ContentRejected, OutcomeUnknown
from umt.domain.shared.metrics import Metric
from umt.ports.metric_source import MetricReading
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaKind, OutgoingPost, PublishedPost, RecentPosts

PLATFORM = "meta"
POST_FIELDS = "id,message,created_time,permalink_url"
POST_INSIGHTS = {
    "post_impressions": Metric.IMPRESSIONS,
    "post_impressions_unique": Metric.REACH,
    "post_clicks": Metric.CLICKS,
}
COUNT_FIELDS = (
    "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares"
)


def post_url(post_id: str) -> str:
    return f"https://www.facebook.com/{post_id}"


class PagePublisher:
    """Page posts over one ``GraphApi``."""

    def __init__(self, graph: GraphApi) -> None:
        self._graph = graph

    async def publish(
        self, page_id: str, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        message = with_marker(post.text, post.reference)
        videos = [m for m in post.media if m.kind is MediaKind.VIDEO]
        if videos:
            if len(post.media) > 1:
                raise ContentRejected("a Page post holds one video, or images", platform=PLATFORM)
            body = await self._graph.write(
                "POST",
                f"{page_id}/videos",
                credentials,
                {"file_url": videos[0].url, "description": message},
            )
            video_id = _id(body)
            return PublishedPost(
                remote_id=video_id,
                url=f"https://www.facebook.com/{page_id}/videos/{video_id}",
                reference=post.reference,
            )
        if len(post.media) == 1:
            body = await self._graph.write(
                "POST",
                f"{page_id}/photos",
                credentials,
                {"url": post.media[0].url, "message": message},
            )
            remote_id = str(body.get("post_id") or _id(body))
            return PublishedPost(
                remote_id=remote_id, url=post_url(remote_id), reference=post.reference
            )
        fields = {"message": message}
        if post.link:
            fields["link"] = post.link
        for index, item in enumerate(post.media):
            photo = await self._graph.write(
                "POST", f"{page_id}/photos", credentials, {"url": item.url, "published": "false"}
            )
            fields[f"attached_media[{index}]"] = json.dumps({"media_fbid": _id(photo)})
        body = await self._graph.write("POST", f"{page_id}/feed", credentials, fields)
        remote_id = _id(body)
        return PublishedPost(remote_id=remote_id, url=post_url(remote_id), reference=post.reference)

    async def find(
        self, page_id: str, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        async for entry in entries(
            self._graph,
            f"{page_id}/published_posts",
            credentials,
            fields=POST_FIELDS,
            pages=FIND_PAGES,
        ):
            if carries(entry.get("message"), reference):
                return _published(entry, reference)
        return None

    async def recent(
        self, page_id: str, credentials: Credentials, cursor: str | None
    ) -> RecentPosts:
        since = since_cursor(cursor)
        posts = []
        newest = since
        async for entry in entries(
            self._graph,
            f"{page_id}/published_posts",
            credentials,
            fields=POST_FIELDS,
            pages=RECENT_PAGES if since is not None else 1,
            since=since,
        ):
            created = graph_time(entry.get("created_time"))
            stamp = int(created.timestamp()) if created else None
            if since is not None and (stamp is None or stamp <= since):
                continue  # ``since`` is inclusive at Graph: the cursor's own second was seen
            posts.append(_published(entry, None))
            if stamp is not None and (newest is None or stamp > newest):
                newest = stamp
        return RecentPosts(posts=posts, cursor=str(newest) if posts and newest else None)

    async def delete(self, credentials: Credentials, remote_id: str) -> None:
        try:
            await self._graph.write("DELETE", remote_id, credentials, None)
        except GraphObjectMissing:
            return  # already gone

    async def comment(self, credentials: Credentials, remote_id: str, text: str) -> str:
        body = await self._graph.write(
            "POST", f"{remote_id}/comments", credentials, {"message": text}
        )
        return _id(body)

    async def metrics(
        self, credentials: Credentials, remote_id: str, observed_at: datetime
    ) -> list[MetricReading]:
        try:
            insights = await self._graph.call(
                "GET", f"{remote_id}/insights", credentials, metric=",".join(POST_INSIGHTS)
            )
            counts = await self._graph.call("GET", remote_id, credentials, fields=COUNT_FIELDS)
        except GraphObjectMissing:
            return []  # the post was deleted: nothing to read
        readings = insight_readings(insights, remote_id, POST_INSIGHTS, observed_at)
        for name, metric in (("reactions", Metric.LIKES), ("comments", Metric.COMMENTS)):
            edge = counts.get(name)
            summary = edge.get("summary") if isinstance(edge, dict) else None
            value = number(summary.get("total_count")) if isinstance(summary, dict) else None
            if value is not None:
                readings.append(reading(remote_id, name, value, metric, observed_at))
        shares = counts.get("shares")
        value = number(shares.get("count")) if isinstance(shares, dict) else None
        if value is not None:
            readings.append(reading(remote_id, "shares", value, Metric.SHARES, observed_at))
        return readings


def _id(body: dict[str, object]) -> str:
    """The id a successful write answered; a success without one may still have taken
    effect, so it is an unknown outcome (reconciled), never a plain refusal."""
    value = body.get("id")
    if not isinstance(value, str | int) or value == "":
        raise OutcomeUnknown(f"{PLATFORM} accepted a write but sent no id", platform=PLATFORM)
    return str(value)


def _published(entry: dict[str, object], reference: str | None) -> PublishedPost:
    remote_id = str(entry["id"])
    url = entry.get("permalink_url")
    return PublishedPost(
        remote_id=remote_id,
        url=url if isinstance(url, str) else post_url(remote_id),
        published_at=graph_time(entry.get("created_time")),
        reference=reference,
    )
