"""Mailchimp's documents as umt reads and writes them: campaign titles carrying our reference,
the email's HTML, quarter-hour schedule times, campaigns as published posts, reports as metric
readings, audiences as channel accounts, and 400s as content rejections (see ``campaigns.py``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx

from umt.adapters.platforms.http import short_text
from umt.domain.integration.errors import (
    ContentRejected,
    InvalidCredentials,
    PlatformError,
    Rejection,
)
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.channel_discovery import DiscoveredAccount
from umt.ports.metric_source import MetricReading
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import OutgoingPost, PublishedPost

PLATFORM = "mailchimp"
DATA_CENTRE = re.compile(r"^[a-z]{2,5}[0-9]{1,3}$")
MAX_LABEL = 80
QUARTER = 15  # minutes
TITLE_REFERENCE = re.compile(r"\[umt:([^\]]{1,200})\]\s*$")


def quarter_hour_at_or_after(when: datetime) -> datetime:
    """The first quarter hour (``:00``, ``:15``, ``:30``, ``:45``) at or after ``when``."""
    when = when.astimezone(UTC)
    floor = when.replace(minute=when.minute - when.minute % QUARTER, second=0, microsecond=0)
    return floor if floor == when else floor + timedelta(minutes=QUARTER)


def title_for(post: OutgoingPost) -> str:
    """The campaign's internal name: a readable label, then our reference."""
    lines = post.text.strip().splitlines()
    label = (post.title or (lines[0] if lines else ""))[:MAX_LABEL]
    return f"{label} [umt:{post.reference}]".strip()


def reference_in(campaign: Mapping[str, Any]) -> str | None:
    settings = campaign.get("settings")
    title = settings.get("title") if isinstance(settings, dict) else None
    if not isinstance(title, str):
        return None
    found = TITLE_REFERENCE.search(title)
    return found.group(1) if found else None


def email_html(post: OutgoingPost) -> str:
    """The campaign's HTML: the text (HTML kept, plain text as paragraphs), images, the link,
    and an unsubscribe link when the content has none (Mailchimp requires one)."""
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
    if "*|UNSUB|*" not in text:
        parts.append('<p><a href="*|UNSUB|*">Unsubscribe</a></p>')
    return "\n".join(parts)


def parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def published(campaign: Mapping[str, Any]) -> PublishedPost:
    url = campaign.get("long_archive_url") or campaign.get("archive_url")
    return PublishedPost(
        remote_id=str(campaign["id"]),
        url=str(url) if url else None,
        published_at=parse_time(campaign.get("send_time")),
        reference=reference_in(campaign),
    )


def refused_campaign(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
    """A 400 to a campaign write is about the campaign (a bad schedule time, a send checklist
    that fails, an invalid field): ``ContentRejected`` with Mailchimp's detail and errors."""
    if response.status_code != httpx.codes.BAD_REQUEST:
        return None
    detail = str(body.get("detail") or body.get("title") or "invalid campaign")
    errors = body.get("errors")
    if isinstance(errors, list):
        fields = [f"{e.get('field')}: {e.get('message')}" for e in errors if isinstance(e, dict)]
        detail = f"{detail} ({'; '.join(fields)})" if fields else detail
    return ContentRejected(
        f"mailchimp refused the campaign: {short_text(detail)}",
        platform=PLATFORM,
        rejection=Rejection.VALIDATION,
        status=response.status_code,
    )


def dict_of(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def int_of(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def report_readings(campaign_id: str, report: dict[str, Any], now: datetime) -> list[MetricReading]:
    """The readings of one campaign report (cumulative totals as of ``now``)."""
    bounces, opens, clicks = (dict_of(report.get(k)) for k in ("bounces", "opens", "clicks"))
    bounced = sum(int_of(bounces.get(k)) for k in ("hard_bounces", "soft_bounces", "syntax_errors"))
    values: list[tuple[Metric | None, str, int]] = [
        (Metric.DELIVERED, "emails_sent-bounces", int_of(report.get("emails_sent")) - bounced),
        (Metric.OPENS, "opens.unique_opens", int_of(opens.get("unique_opens"))),
        (
            Metric.CLICKS,
            "clicks.unique_subscriber_clicks",
            int_of(clicks.get("unique_subscriber_clicks")),
        ),
        (Metric.UNSUBSCRIBES, "unsubscribed", int_of(report.get("unsubscribed"))),
        (Metric.BOUNCES, "bounces", bounced),
        (None, "opens.opens_total", int_of(opens.get("opens_total"))),
        (None, "clicks.clicks_total", int_of(clicks.get("clicks_total"))),
    ]
    return [
        MetricReading(
            subject_kind=SubjectKind.EMAIL_CAMPAIGN,
            subject_remote_id=campaign_id,
            metric=metric,
            raw_name=raw_name,
            value=Decimal(max(value, 0)),
            observed_at=now,
        )
        for metric, raw_name, value in values
    ]


def audience_account(audience: Mapping[str, Any]) -> DiscoveredAccount:
    defaults = audience.get("campaign_defaults")
    details: dict[str, str] = {}
    if isinstance(defaults, dict):
        for ours, theirs in (("from_name", "from_name"), ("reply_to", "from_email")):
            value = defaults.get(theirs)
            if isinstance(value, str) and value:
                details[ours] = value
    return DiscoveredAccount(
        kind=ChannelKind.MAILCHIMP_AUDIENCE,
        external_id=str(audience["id"]),
        name=short_text(audience.get("name") or audience["id"]),
        details=details,
    )


def data_centre_of(credentials: Credentials) -> str:
    """The connection's data centre: ``extra["dc"]`` as connecting stored it, else the key's
    suffix; it becomes part of a host name, so nothing but a data centre passes."""
    dc = credentials.extra.get("dc") or credentials.access_token.rpartition("-")[2]
    if not DATA_CENTRE.fullmatch(dc):
        raise InvalidCredentials(
            "mailchimp connection has no valid data centre", platform=PLATFORM, status=422
        )
    return dc
