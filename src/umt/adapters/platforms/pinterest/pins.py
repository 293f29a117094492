"""Pinterest boards, Pins and Pin analytics (API v5): the capability ports of the connector.

- Discovery ``GET /v5/boards`` (``page_size``, ``bookmark`` paging) → one ``PINTEREST_BOARD``
  per board the user owns or collaborates on.
- Publish ``POST /v5/pins`` with ``board_id``, ``title`` (≤ 100), ``description`` (≤ 500),
  ``link``, ``alt_text`` and ``media_source`` (``image_url``, or ``multiple_image_urls`` for a
  carousel); ``201`` answers the Pin (``id``, ``created_at``, ``board_id``, ``note``, ...).
  A Pin is never text alone, and a video needs the ``/v5/media`` upload first: both are refused
  locally, before any call (``ContentRejected``, media).
- Our reference: Pinterest documents no idempotency key, so the Pin carries it in ``note``, the
  Pin's *private* note (shown to its owner only, returned in the Pin object), as
  ``umt-ref:<reference>``. ``find`` lists the board's Pins newest first
  (``GET /v5/boards/{id}/pins``) and matches the note, over at most ``FIND_PAGES`` pages.
- ``recent`` lists the same board newest first; the cursor is the newest ``created_at`` seen.
- Delete ``DELETE /v5/pins/{id}`` (``204``; a ``404`` means it is already gone).
- Comments: API v5 has no endpoint to comment on a Pin, so ``comment`` is refused.
- Metrics ``GET /v5/pins/{id}/analytics`` (``start_date``/``end_date`` within the last 90 days,
  ``metric_types``, ``app_types=ALL``, ``split_field=NO_SPLIT``). The answer's ``all`` holds
  ``lifetime_metrics`` (the Pin's totals) beside ``summary_metrics`` (the window's); umt stores
  lifetime totals, falling back to the window's when a Pin has none. Mapped: ``IMPRESSION`` →
  impressions, ``SAVE`` → saves, ``PIN_CLICK`` → clicks (every click on the Pin),
  ``OUTBOUND_CLICK`` → link_clicks (clicks to the Pin's link); any other raw name is returned
  unmapped.

401 is ``TokenExpired``, 429 ``RateLimited`` (with ``Retry-After``); a write that gets no answer
(timeout after sending, dropped connection, 5xx) is ``OutcomeUnknown``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from umt.adapters.platforms.http import PlatformHttp, json_or_empty, short_text
from umt.adapters.platforms.oauth_connector import bearer
from umt.domain.integration.errors import (
    CommentsUnsupported,
    ContentRejected,
    PlatformError,
    PlatformRejected,
    Rejection,
)
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.channel_discovery import DiscoveredAccount
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricBatch, MetricReading
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaKind, OutgoingPost, PublishedPost, RecentPosts

PLATFORM = "pinterest"
PIN_URL = "https://www.pinterest.com/pin/{id}/"
NOTE_PREFIX = "umt-ref:"
PAGE_SIZE = 100  # the documented maximum page_size
FIND_PAGES = 5  # a reconciliation looks at the board's newest 500 Pins
DISCOVERY_PAGES = 20
MAX_TITLE = 100
MAX_DESCRIPTION = 500
MAX_ALT_TEXT = 500
ANALYTICS_DAYS = 89  # start_date may be at most 90 days back
METRIC_TYPES = ("IMPRESSION", "SAVE", "PIN_CLICK", "OUTBOUND_CLICK")
METRICS: dict[str, Metric] = {
    "IMPRESSION": Metric.IMPRESSIONS,
    "SAVE": Metric.SAVES,
    "PIN_CLICK": Metric.CLICKS,
    "OUTBOUND_CLICK": Metric.LINK_CLICKS,
}


def note_for(reference: str) -> str:
    """The private note that carries our reference on a Pin."""
    return f"{NOTE_PREFIX}{reference}"


def reference_in(pin: dict[str, Any]) -> str | None:
    note = pin.get("note")
    if isinstance(note, str) and note.startswith(NOTE_PREFIX):
        return note.removeprefix(NOTE_PREFIX).strip() or None
    return None


def parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)  # Pinterest times are UTC


def published(pin: dict[str, Any]) -> PublishedPost:
    remote_id = str(pin["id"])
    return PublishedPost(
        remote_id=remote_id,
        url=PIN_URL.format(id=remote_id),
        published_at=parse_time(pin.get("created_at")),
        reference=reference_in(pin),
    )


def media_source(post: OutgoingPost) -> dict[str, Any]:
    """The ``media_source`` of a Pin, or ``ContentRejected`` for what API v5 cannot pin
    directly (no image, or a video that needs the media upload first)."""
    if not post.media:
        raise ContentRejected(
            "a Pin needs an image: Pinterest has no text-only Pins",
            platform=PLATFORM,
            rejection=Rejection.MEDIA,
        )
    if any(item.kind is MediaKind.VIDEO for item in post.media):
        raise ContentRejected(
            "video Pins need the /v5/media upload, which umt does not do yet",
            platform=PLATFORM,
            rejection=Rejection.MEDIA,
        )
    if len(post.media) == 1:
        return {"source_type": "image_url", "url": post.media[0].url}
    return {
        "source_type": "multiple_image_urls",
        "items": [{"url": item.url} for item in post.media],
    }


def pin_body(target: ChannelTarget, post: OutgoingPost) -> dict[str, Any]:
    body: dict[str, Any] = {
        "board_id": target.external_id,
        "description": post.text[:MAX_DESCRIPTION],
        "note": note_for(post.reference),
        "media_source": media_source(post),
    }
    if post.title:
        body["title"] = post.title[:MAX_TITLE]
    if post.link:
        body["link"] = post.link
    alt_text = post.media[0].alt_text
    if alt_text:
        body["alt_text"] = alt_text[:MAX_ALT_TEXT]
    return body


def refused_pin(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
    """A 400 to ``POST /v5/pins`` is about the Pin itself (a bad link, an image Pinterest could
    not fetch); other statuses get the platform's mapping."""
    if response.status_code != httpx.codes.BAD_REQUEST:
        return None
    message = short_text(body.get("message") or "invalid Pin")
    lowered = message.lower()
    rejection = (
        Rejection.MEDIA if "image" in lowered or "media" in lowered else Rejection.VALIDATION
    )
    return ContentRejected(
        f"pinterest refused the Pin: {message}", platform=PLATFORM, rejection=rejection, status=400
    )


def decimal_of(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


class PinterestPins:
    """``ChannelDiscovery``, ``Publisher`` and ``MetricSource`` for Pinterest boards; mixed
    into ``PinterestConnector``, which provides the typed HTTP client, API base and clock."""

    _http: PlatformHttp
    _api: str
    _now: Callable[[], datetime]

    async def discover(self, credentials: Credentials) -> tuple[DiscoveredAccount, ...]:
        accounts: list[DiscoveredAccount] = []
        async for board in self._pages(f"{self._api}/v5/boards", credentials, DISCOVERY_PAGES):
            if "id" not in board:
                continue
            privacy = board.get("privacy")
            accounts.append(
                DiscoveredAccount(
                    kind=ChannelKind.PINTEREST_BOARD,
                    external_id=str(board["id"]),
                    name=short_text(board.get("name") or board["id"]),
                    details={"privacy": str(privacy)} if privacy else {},
                )
            )
        return tuple(accounts)

    async def publish(
        self, target: ChannelTarget, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        body = pin_body(target, post)  # refuses what cannot be pinned before any call
        response = await self._http.send(
            "POST",
            f"{self._api}/v5/pins",
            headers=bearer(credentials),
            json=body,
            classify=self._pin_error,
            write=True,
        )
        pin = json_or_empty(response)
        if "id" not in pin:
            raise PlatformRejected("pinterest answered without a Pin id", platform=PLATFORM)
        found = published(pin)
        return PublishedPost(
            remote_id=found.remote_id,
            url=found.url,
            published_at=found.published_at or self._now(),
            reference=post.reference,
        )

    async def find(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        async for pin in self._pages(self._board_pins(target), credentials, FIND_PAGES):
            if "id" in pin and reference_in(pin) == reference:
                return published(pin)
        return None

    async def recent(
        self, target: ChannelTarget, credentials: Credentials, *, cursor: str | None = None
    ) -> RecentPosts:
        since = parse_time(cursor)
        posts: list[PublishedPost] = []
        async for pin in self._pages(self._board_pins(target), credentials, FIND_PAGES):
            if "id" not in pin:
                continue
            post = published(pin)
            if since is not None and post.published_at is not None and post.published_at <= since:
                break  # newest first: everything after this is older
            posts.append(post)
        times = [p.published_at for p in posts if p.published_at is not None]
        newest = max(times, default=since)
        return RecentPosts(posts=posts, cursor=newest.isoformat() if newest else None)

    async def delete(self, target: ChannelTarget, credentials: Credentials, remote_id: str) -> None:
        try:
            await self._http.send(
                "DELETE",
                f"{self._api}/v5/pins/{_segment(remote_id)}",
                headers=bearer(credentials),
                write=True,
            )
        except PlatformRejected as exc:
            if exc.status != httpx.codes.NOT_FOUND:
                raise

    async def comment(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, text: str
    ) -> str:
        raise CommentsUnsupported("pinterest API v5 cannot comment on a Pin", platform=PLATFORM)

    async def metrics(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        *,
        cursor: str | None,
        remote_ids: Sequence[str] = (),
        now: datetime,
    ) -> MetricBatch:
        readings: list[MetricReading] = []
        for remote_id in remote_ids:
            try:
                response = await self._http.send(
                    "GET",
                    f"{self._api}/v5/pins/{_segment(remote_id)}/analytics",
                    headers=bearer(credentials),
                    params={
                        "start_date": (now - timedelta(days=ANALYTICS_DAYS)).date().isoformat(),
                        "end_date": now.date().isoformat(),
                        "metric_types": ",".join(METRIC_TYPES),
                        "app_types": "ALL",
                        "split_field": "NO_SPLIT",
                    },
                )
            except PlatformRejected as exc:
                if exc.status == httpx.codes.NOT_FOUND:
                    continue  # the Pin was deleted: nothing more to read
                raise
            readings.extend(pin_readings(remote_id, json_or_empty(response), now))
        return MetricBatch(readings=readings, cursor=now.isoformat())

    # -- helpers ----------------------------------------------------------------------------

    def _board_pins(self, target: ChannelTarget) -> str:
        return f"{self._api}/v5/boards/{_segment(target.external_id)}/pins"

    async def _pages(
        self, url: str, credentials: Credentials, max_pages: int
    ) -> AsyncIterator[dict[str, Any]]:
        """The items of a bookmark-paged list, page after page (at most ``max_pages``)."""
        bookmark: str | None = None
        for _ in range(max_pages):
            params = {"page_size": str(PAGE_SIZE)}
            if bookmark:
                params["bookmark"] = bookmark
            response = await self._http.send("GET", url, headers=bearer(credentials), params=params)
            page = json_or_empty(response)
            for item in page.get("items") or ():
                if isinstance(item, dict):
                    yield item
            bookmark = page.get("bookmark")
            if not bookmark:
                return

    def _pin_error(self, response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
        return refused_pin(response, body) or self._http.classify(response, body)


def pin_readings(remote_id: str, body: dict[str, Any], now: datetime) -> list[MetricReading]:
    """The readings of one Pin's analytics answer: its lifetime totals (or the window's)."""
    every = body.get("all")
    if not isinstance(every, dict):
        return []
    totals = every.get("lifetime_metrics") or every.get("summary_metrics") or {}
    if not isinstance(totals, dict):
        return []
    readings = []
    for raw_name, raw_value in totals.items():
        value = decimal_of(raw_value)
        if value is None:
            continue
        readings.append(
            MetricReading(
                subject_kind=SubjectKind.PUBLICATION,
                subject_remote_id=remote_id,
                metric=METRICS.get(str(raw_name)),
                raw_name=str(raw_name),
                value=value,
                observed_at=now,
            )
        )
    return readings


def _segment(value: str) -> str:
    """An id as one path segment: Pinterest ids are digits, never a path."""
    if not value or not value.replace("-", "").replace("_", "").isalnum():
        raise PlatformRejected(f"not a pinterest id: {short_text(value)!r}", platform=PLATFORM)
    return value
