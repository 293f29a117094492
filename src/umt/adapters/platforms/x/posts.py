"""Publishing on X through the X API v2 (https://docs.x.com/x-api/posts/create-post).

- Create ``POST /2/tweets`` ``{"text"}`` (a reply adds ``reply.in_reply_to_tweet_id``) -> 201
  ``{"data": {"id", "text"}}``. A link is appended to the text (X shortens it to 23
  characters). X answers 403 "You are not allowed to create a Tweet with duplicate content."
  for a repeated text -> ContentRejected DUPLICATE. Limits come back in
  ``x-rate-limit-limit``/``-remaining``/``-reset`` (Unix time); a 429 waits until the reset.
- Images: ``POST /2/media/upload`` (multipart ``media``, ``media_category=tweet_image``,
  ``media_type``) -> ``{"data": {"id", "media_key", …}}``; alt text through
  ``POST /2/media/metadata`` ``{"id", "metadata": {"alt_text": {"text"}}}``; the post carries
  ``media.media_ids`` (at most 4). Video (chunked upload) is refused.
- Find and list ``GET /2/users/{id}/tweets?max_results=100&tweet.fields=created_at,text``
  (newest first; ``since_id`` = the cursor, ``pagination_token`` = ``meta.next_token``) ->
  ``{"data": [...], "meta": {"newest_id", "next_token", "result_count"}}``. X keeps no client
  reference on a post: the text carries our invisible marker (``reference_marker``) and ``find``
  matches it among the newest posts.
- Delete ``DELETE /2/tweets/{id}`` -> ``{"data": {"deleted": true}}`` (404: already gone).
- Metrics ``GET /2/tweets?ids=…&tweet.fields=public_metrics,non_public_metrics`` (up to 100
  ids): ``public_metrics`` (impression_count, like_count, reply_count, retweet_count,
  quote_count, bookmark_count) and, for the author's own posts of the last 30 days,
  ``non_public_metrics`` (url_link_clicks, user_profile_clicks).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

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
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.metric_source import MetricReading
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaItem, MediaKind, OutgoingPost, PublishedPost, RecentPosts

PLATFORM = "x"
PAGE_SIZE = "100"
FIND_PAGES = 3
RECENT_PAGES = 10
METRIC_BATCH = 100
MAX_IMAGES = 4
PUBLIC_METRICS = {
    "impression_count": Metric.IMPRESSIONS,
    "like_count": Metric.LIKES,
    "reply_count": Metric.COMMENTS,
    "retweet_count": Metric.SHARES,
    "quote_count": None,  # a quote is a post of its own, not a share: kept raw
    "bookmark_count": Metric.SAVES,
}
NON_PUBLIC_METRICS = {"url_link_clicks": Metric.CLICKS, "user_profile_clicks": None}


def post_url(post_id: str) -> str:
    return f"https://x.com/i/web/status/{post_id}"


def create_error(classify: Classifier) -> Classifier:
    """A create's classifier: the duplicate 403 and 400 validation problems first."""

    def classify_create(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
        detail = short_text(body.get("detail") or _first_message(body) or "")
        if response.status_code == httpx.codes.FORBIDDEN and "duplicate" in detail.lower():
            return ContentRejected(
                f"{PLATFORM} refused the post: {detail}",
                platform=PLATFORM,
                rejection=Rejection.DUPLICATE,
                status=response.status_code,
            )
        if response.status_code == httpx.codes.BAD_REQUEST:
            return ContentRejected(
                f"{PLATFORM} refused the post: {detail or 'invalid request'}",
                platform=PLATFORM,
                status=response.status_code,
            )
        return classify(response, body)

    return classify_create


def _first_message(body: dict[str, Any]) -> str | None:
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message") or errors[0].get("detail") or "") or None
    return None


class XPosts:
    """The X API v2 post calls for one connector."""

    def __init__(self, *, http: PlatformHttp, api: str) -> None:
        self._http = http
        self._api = api

    async def create(
        self, credentials: Credentials, body: dict[str, Any], reference: str | None
    ) -> PublishedPost:
        response = await self._http.send(
            "POST",
            f"{self._api}/2/tweets",
            headers=bearer(credentials),
            json=body,
            write=True,
            classify=create_error(self._http.classify),
        )
        data = json_or_empty(response).get("data")
        post_id = data.get("id") if isinstance(data, dict) else None
        if not isinstance(post_id, str) or not post_id:
            raise OutcomeUnknown(f"{PLATFORM} accepted the post but sent no id", platform=PLATFORM)
        return PublishedPost(remote_id=post_id, url=post_url(post_id), reference=reference)

    async def publish(self, credentials: Credentials, post: OutgoingPost) -> PublishedPost:
        if any(item.kind is MediaKind.VIDEO for item in post.media):
            raise ContentRejected(
                f"{PLATFORM}: umt posts text, links and images to X, not video",
                platform=PLATFORM,
                rejection=Rejection.MEDIA,
            )
        if len(post.media) > MAX_IMAGES:
            raise ContentRejected(
                f"{PLATFORM}: a post holds at most {MAX_IMAGES} images", platform=PLATFORM
            )
        media_ids = [await self.upload_image(credentials, item) for item in post.media]
        text = post.text
        if post.link and post.link not in text:
            text = f"{text} {post.link}" if text else post.link
        body: dict[str, Any] = {"text": with_marker(text, post.reference)}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        return await self.create(credentials, body, post.reference)

    async def upload_image(self, credentials: Credentials, item: MediaItem) -> str:
        """Upload one image (and its alt text); its media id. Uploaded media is invisible
        until a post uses it, so these are not writes that need reconciling."""
        media = await fetch_media(self._http.client, PLATFORM, item)
        response = await self._http.send(
            "POST",
            f"{self._api}/2/media/upload",
            headers=bearer(credentials),
            data={"media_category": "tweet_image", "media_type": media.content_type},
            files={"media": (media.filename, media.content, media.content_type)},
        )
        data = json_or_empty(response).get("data")
        media_id = data.get("id") if isinstance(data, dict) else None
        if not isinstance(media_id, str) or not media_id:
            raise PlatformRejected(
                f"{PLATFORM} answered the upload without an id", platform=PLATFORM
            )
        if item.alt_text:
            await self._http.send(
                "POST",
                f"{self._api}/2/media/metadata",
                headers=bearer(credentials),
                json={"id": media_id, "metadata": {"alt_text": {"text": item.alt_text[:1000]}}},
            )
        return media_id

    async def _timeline(
        self, user_id: str, credentials: Credentials, **params: str
    ) -> dict[str, Any]:
        response = await self._http.send(
            "GET",
            f"{self._api}/2/users/{user_id}/tweets",
            headers=bearer(credentials),
            params={"max_results": PAGE_SIZE, "tweet.fields": "created_at,text", **params},
        )
        return json_or_empty(response)

    async def find(
        self, user_id: str, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        params: dict[str, str] = {}
        for _ in range(FIND_PAGES):
            body = await self._timeline(user_id, credentials, **params)
            for entry in _posts(body):
                if carries(entry.get("text"), reference):
                    return _published(entry, reference)
            token = _next_token(body)
            if token is None:
                return None
            params["pagination_token"] = token
        return None

    async def recent(
        self, user_id: str, credentials: Credentials, cursor: str | None
    ) -> RecentPosts:
        params: dict[str, str] = {"since_id": cursor} if cursor else {}
        posts: list[PublishedPost] = []
        newest: str | None = None
        for _ in range(RECENT_PAGES if cursor else 1):
            body = await self._timeline(user_id, credentials, **params)
            posts.extend(_published(entry, None) for entry in _posts(body))
            meta = body.get("meta")
            if newest is None and isinstance(meta, dict) and meta.get("newest_id"):
                newest = str(meta["newest_id"])  # the first page holds the newest post
            token = _next_token(body)
            if token is None:
                break
            params["pagination_token"] = token
        return RecentPosts(posts=posts, cursor=newest if posts else None)

    async def delete(self, credentials: Credentials, post_id: str) -> None:
        try:
            await self._http.send(
                "DELETE",
                f"{self._api}/2/tweets/{post_id}",
                headers=bearer(credentials),
                write=True,
            )
        except PlatformRejected as error:
            if error.status != httpx.codes.NOT_FOUND:
                raise

    async def metrics(
        self, credentials: Credentials, post_ids: Sequence[str], observed_at: datetime
    ) -> list[MetricReading]:
        readings: list[MetricReading] = []
        for start in range(0, len(post_ids), METRIC_BATCH):
            batch = post_ids[start : start + METRIC_BATCH]
            response = await self._http.send(
                "GET",
                f"{self._api}/2/tweets",
                headers=bearer(credentials),
                params={
                    "ids": ",".join(batch),
                    "tweet.fields": "public_metrics,non_public_metrics",
                },
            )
            for entry in _posts(json_or_empty(response)):
                readings.extend(_readings(entry, observed_at))
        return readings


def _posts(body: dict[str, Any]) -> list[dict[str, Any]]:
    data = body.get("data")
    if not isinstance(data, list):
        return []
    return [e for e in data if isinstance(e, dict) and isinstance(e.get("id"), str)]


def _next_token(body: dict[str, Any]) -> str | None:
    meta = body.get("meta")
    token = meta.get("next_token") if isinstance(meta, dict) else None
    return token if isinstance(token, str) and token else None


def _published(entry: dict[str, Any], reference: str | None) -> PublishedPost:
    created = entry.get("created_at")
    published_at = None
    if isinstance(created, str):
        try:
            published_at = datetime.fromisoformat(created)
        except ValueError:
            published_at = None
    return PublishedPost(
        remote_id=entry["id"],
        url=post_url(entry["id"]),
        published_at=published_at,
        reference=reference,
    )


def _readings(entry: dict[str, Any], observed_at: datetime) -> list[MetricReading]:
    readings = []
    seen: set[str] = set()
    for field, names in (
        ("public_metrics", PUBLIC_METRICS),
        ("non_public_metrics", NON_PUBLIC_METRICS),
    ):
        metrics = entry.get(field)
        if not isinstance(metrics, dict):
            continue
        for name, value in metrics.items():
            if name in seen or isinstance(value, bool) or not isinstance(value, int):
                continue  # impression_count is in both: the public one is kept
            seen.add(name)
            readings.append(
                MetricReading(
                    subject_kind=SubjectKind.PUBLICATION,
                    subject_remote_id=entry["id"],
                    metric=names.get(name),
                    raw_name=name,
                    value=Decimal(value),
                    observed_at=observed_at,
                )
            )
    return readings
