"""Mailchimp audiences, email campaigns and their reports (Marketing API 3.0): the capability
ports of the connector.

- Discovery ``GET /3.0/lists`` (``count``/``offset`` paging) → one ``MAILCHIMP_AUDIENCE`` per
  audience, with its ``campaign_defaults`` (``from_name``, ``from_email``) kept as the details a
  campaign needs. Calls go to the data centre of the connection (``Credentials.extra["dc"]``,
  else the key's suffix).
- Publish, in three steps: ``POST /3.0/campaigns`` (``type: regular``,
  ``recipients.list_id``, ``settings`` with ``subject_line``, ``preview_text``, ``title``,
  ``from_name``, ``reply_to``) → ``PUT /3.0/campaigns/{id}/content`` (``html``) →
  ``POST /3.0/campaigns/{id}/actions/schedule`` (``schedule_time``) when ``send_at`` is ahead,
  else ``POST /3.0/campaigns/{id}/actions/send``.
- Our reference is in the campaign's internal name, ``settings.title``, as
  ``<label> [umt:<reference>]``. ``publish`` first looks for a campaign carrying it: one already
  scheduled or sent is returned as it is; one created but never scheduled or sent (``save``: an
  earlier attempt stopped half-way) is completed (content, then schedule or send), never
  created twice. ``find`` returns only a campaign that is scheduled, sending or sent, so a
  half-done one reads as "not published" and the retry completes it.
- Mailchimp schedules only on the quarter hour (``:00``, ``:15``, ``:30``, ``:45``) and answers
  400 otherwise. umt rounds ``send_at`` *up* to the next quarter hour (an email is never sent
  earlier than planned, and at most 14 min 59 s later); a ``send_at`` that is not in the
  future sends now.
- Mailchimp allows 10 simultaneous connections per API key and answers 429 (without
  ``Retry-After``) beyond; the connector holds at most ``max_connections`` (option, default
  10) requests in flight per key.
- Delete ``DELETE /3.0/campaigns/{id}`` (``204``; a ``404`` means it is already gone). Email has
  no comments: ``comment`` is refused.
- Metrics ``GET /3.0/reports/{campaign_id}`` for the campaigns umt sent: ``emails_sent`` minus
  every bounce → delivered, ``opens.unique_opens`` → opens, ``clicks.unique_subscriber_clicks``
  → clicks, ``unsubscribed`` → unsubscribes, hard + soft + syntax-error bounces → bounces. The
  totals ``opens.opens_total`` and ``clicks.clicks_total`` are returned unmapped beside them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import httpx

from umt.adapters.platforms.http import Classifier, PlatformHttp, json_or_empty, short_text
from umt.adapters.platforms.mailchimp.documents import (
    audience_account,
    data_centre_of,
    email_html,
    int_of,
    parse_time,
    published,
    quarter_hour_at_or_after,
    reference_in,
    refused_campaign,
    report_readings,
    title_for,
)
from umt.adapters.platforms.mailchimp.limits import ConnectionSlots
from umt.domain.integration.errors import (
    CommentsUnsupported,
    ContentRejected,
    PlatformError,
    PlatformRejected,
    Rejection,
)
from umt.ports.channel_discovery import DiscoveredAccount
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricBatch, MetricReading
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import OutgoingPost, PublishedPost, RecentPosts

PLATFORM = "mailchimp"
LIST_PAGE = 1000  # the documented maximum ``count``
CAMPAIGN_PAGE = 100
FIND_PAGES = 5
MAX_SUBJECT = 150
PUBLISHED_STATUSES = frozenset({"schedule", "sending", "sent", "canceling", "canceled"})
CAMPAIGN_FIELDS = (
    "campaigns.id,campaigns.status,campaigns.settings.title,campaigns.send_time,"
    "campaigns.create_time,campaigns.archive_url,campaigns.long_archive_url,total_items"
)


class MailchimpCampaigns:
    """``ChannelDiscovery``, ``Publisher`` and ``MetricSource`` for Mailchimp audiences; mixed
    into ``MailchimpConnector``, which provides the typed client, base URL, clock and options."""

    _http: PlatformHttp
    _base: str
    _now: Callable[[], datetime]
    _max_connections: int
    _slots: dict[str, asyncio.Semaphore]  # this connector's own cap (the option), per key
    _process_slots: ConnectionSlots  # the process-wide one, per account

    async def discover(self, credentials: Credentials) -> tuple[DiscoveredAccount, ...]:
        accounts: list[DiscoveredAccount] = []
        offset = 0
        while True:
            page = await self._json(
                credentials,
                "GET",
                "/lists",
                params={
                    "count": str(LIST_PAGE),
                    "offset": str(offset),
                    "fields": "lists.id,lists.name,lists.campaign_defaults,total_items",
                },
            )
            lists = [item for item in page.get("lists") or () if isinstance(item, dict)]
            accounts.extend(audience_account(audience) for audience in lists if "id" in audience)
            offset += len(lists)
            if not lists or offset >= int_of(page.get("total_items")):
                return tuple(accounts)

    async def publish(
        self, target: ChannelTarget, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        settings = self._settings(target, post)  # refuses an unsendable campaign before calling
        existing = await self._campaign_with(target, credentials, post.reference)
        if existing is not None and existing.get("status") in PUBLISHED_STATUSES:
            return published(existing)
        if existing is None:
            existing = await self._json(
                credentials,
                "POST",
                "/campaigns",
                json={
                    "type": "regular",
                    "recipients": {"list_id": target.external_id},
                    "settings": settings,
                },
                write=True,
            )
            if "id" not in existing:
                raise PlatformRejected(
                    "mailchimp answered without a campaign id", platform=PLATFORM
                )
        campaign_id = _segment(str(existing["id"]))
        await self._json(
            credentials,
            "PUT",
            f"/campaigns/{campaign_id}/content",
            json={"html": email_html(post)},
            write=True,
        )
        now = self._now()
        if post.send_at is not None and post.send_at > now:
            when = quarter_hour_at_or_after(post.send_at)
            await self._json(
                credentials,
                "POST",
                f"/campaigns/{campaign_id}/actions/schedule",
                json={"schedule_time": when.isoformat().replace("+00:00", "Z")},
                write=True,
            )
        else:
            when = now
            await self._json(
                credentials, "POST", f"/campaigns/{campaign_id}/actions/send", write=True
            )
        found = published(existing)
        return PublishedPost(
            remote_id=campaign_id, url=found.url, published_at=when, reference=post.reference
        )

    async def find(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        campaign = await self._campaign_with(target, credentials, reference)
        if campaign is None or campaign.get("status") not in PUBLISHED_STATUSES:
            return None  # none, or created but never scheduled or sent: publish completes it
        return published(campaign)

    async def recent(
        self, target: ChannelTarget, credentials: Credentials, *, cursor: str | None = None
    ) -> RecentPosts:
        since = parse_time(cursor)
        params = {
            "list_id": target.external_id,
            "status": "sent",
            "sort_field": "send_time",
            "sort_dir": "DESC",
            "count": str(CAMPAIGN_PAGE),
            "fields": CAMPAIGN_FIELDS,
        }
        if since is not None:
            params["since_send_time"] = since.isoformat()
        page = await self._json(credentials, "GET", "/campaigns", params=params)
        posts = [
            published(c) for c in page.get("campaigns") or () if isinstance(c, dict) and "id" in c
        ]
        if since is not None:
            posts = [p for p in posts if p.published_at is not None and p.published_at > since]
        times = [p.published_at for p in posts if p.published_at is not None]
        newest = max(times, default=since)
        return RecentPosts(posts=posts, cursor=newest.isoformat() if newest else None)

    async def delete(self, target: ChannelTarget, credentials: Credentials, remote_id: str) -> None:
        try:
            await self._json(credentials, "DELETE", f"/campaigns/{_segment(remote_id)}", write=True)
        except PlatformRejected as exc:
            if exc.status != httpx.codes.NOT_FOUND:
                raise

    async def comment(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, text: str
    ) -> str:
        raise CommentsUnsupported("an email campaign has no comments", platform=PLATFORM)

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
                report = await self._json(
                    credentials,
                    "GET",
                    f"/reports/{_segment(remote_id)}",
                    params={"fields": "id,emails_sent,bounces,opens,clicks,unsubscribed,send_time"},
                )
            except PlatformRejected as exc:
                if exc.status == httpx.codes.NOT_FOUND:
                    continue  # not sent yet (no report), or deleted
                raise
            readings.extend(report_readings(remote_id, report, now))
        return MetricBatch(readings=readings, cursor=now.isoformat())

    # -- helpers ----------------------------------------------------------------------------

    def _settings(self, target: ChannelTarget, post: OutgoingPost) -> dict[str, str]:
        subject = (post.title or "").strip()
        from_name = target.details.get("from_name", "").strip()
        reply_to = target.details.get("reply_to", "").strip()
        missing = [
            name
            for name, value in (
                ("title (the subject line)", subject),
                ("the audience's from_name", from_name),
                ("the audience's reply_to", reply_to),
            )
            if not value
        ]
        if missing:
            raise ContentRejected(
                f"a mailchimp campaign needs {', '.join(missing)}",
                platform=PLATFORM,
                rejection=Rejection.VALIDATION,
            )
        settings = {
            "subject_line": subject[:MAX_SUBJECT],
            "title": title_for(post),
            "from_name": from_name,
            "reply_to": reply_to,
        }
        if post.preview_text:
            settings["preview_text"] = post.preview_text[:MAX_SUBJECT]
        return settings

    async def _campaign_with(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> dict[str, Any] | None:
        """The newest campaign of the audience whose title carries ``reference``."""
        async for campaign in self._campaigns(target, credentials):
            if reference_in(campaign) == reference:
                return campaign
        return None

    async def _campaigns(
        self, target: ChannelTarget, credentials: Credentials
    ) -> AsyncIterator[dict[str, Any]]:
        for page_number in range(FIND_PAGES):
            page = await self._json(
                credentials,
                "GET",
                "/campaigns",
                params={
                    "list_id": target.external_id,
                    "sort_field": "create_time",
                    "sort_dir": "DESC",
                    "count": str(CAMPAIGN_PAGE),
                    "offset": str(page_number * CAMPAIGN_PAGE),
                    "fields": CAMPAIGN_FIELDS,
                },
            )
            campaigns = [
                c for c in page.get("campaigns") or () if isinstance(c, dict) and "id" in c
            ]
            for campaign in campaigns:
                yield campaign
            if len(campaigns) < CAMPAIGN_PAGE:
                return

    async def _json(
        self,
        credentials: Credentials,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        write: bool = False,
    ) -> dict[str, Any]:
        url = f"{self._base.format(dc=data_centre_of(credentials))}/3.0{path}"
        response = await self._send(
            credentials,
            method,
            url,
            params=params,
            json=json,
            classify=self._campaign_error if write else None,
            write=write,
        )
        return json_or_empty(response)

    async def _send(
        self,
        credentials: Credentials,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        classify: Classifier | None = None,
        write: bool = False,
    ) -> httpx.Response:
        """One call to the account's data centre, holding a slot of this connector's cap and
        one of the process's (every connector's) ten."""
        key = credentials.access_token
        own = self._slots.get(key)
        if own is None:
            own = self._slots.setdefault(key, asyncio.Semaphore(self._max_connections))
        async with own, self._process_slots.slot(data_centre_of(credentials), key):
            return await self._http.send(
                method,
                url,
                params=params,
                json=json,
                auth=("umt", key),
                classify=classify,
                write=write,
            )

    def _campaign_error(
        self, response: httpx.Response, body: dict[str, Any]
    ) -> PlatformError | None:
        return self._http.classify(response, body) or refused_campaign(response, body)


def _segment(value: str) -> str:
    """A Mailchimp id as one path segment (campaign ids are short hex strings)."""
    if not value or not value.isalnum():
        raise PlatformRejected(f"not a mailchimp id: {short_text(value)!r}", platform=PLATFORM)
    return value
