"""What Page and Instagram publishing share: Graph timestamps, time cursors, edge listings and
insight readings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from umt.adapters.platforms.meta.graph import GraphApi
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.metric_source import MetricReading
from umt.ports.platform_connector import Credentials

PAGE_SIZE = "100"
FIND_PAGES = 3  # reconciliation scans the newest 300 posts of an account
RECENT_PAGES = 10


def graph_time(value: object) -> datetime | None:
    """A Graph timestamp (``2026-11-25T12:00:00+0000``) as an aware datetime."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


def since_cursor(cursor: str | None) -> int | None:
    """A time cursor (Unix seconds of the newest post seen) as an int; None: no cursor."""
    if cursor is None or not cursor.strip().isdigit():
        return None
    return int(cursor)


async def entries(
    graph: GraphApi,
    path: str,
    credentials: Credentials,
    *,
    fields: str,
    pages: int,
    since: int | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """The objects of a Graph edge, newest first, following ``paging.cursors.after`` for at
    most ``pages`` pages (never the ``next`` URL: it repeats the token in its query)."""
    params = {"fields": fields, "limit": PAGE_SIZE}
    if since is not None:
        params["since"] = str(since)
    for _ in range(pages):
        body = await graph.call("GET", path, credentials, **params)
        for entry in body.get("data", []):
            if isinstance(entry, dict) and "id" in entry:
                yield entry
        paging = body.get("paging")
        after = None
        if isinstance(paging, dict) and paging.get("next"):
            cursors = paging.get("cursors")
            after = cursors.get("after") if isinstance(cursors, dict) else None
        if not isinstance(after, str) or not after:
            return
        params["after"] = after


def insight_readings(
    body: Mapping[str, Any],
    remote_id: str,
    names: Mapping[str, Metric],
    observed_at: datetime,
) -> list[MetricReading]:
    """Readings of an ``/insights`` answer: ``{"data": [{"name", "values": [{"value"}]}]}``
    (lifetime metrics) or ``{"data": [{"name", "total_value": {"value"}}]}``."""
    readings = []
    for entry in body.get("data", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        raw: object = None
        values = entry.get("values")
        if isinstance(values, list) and values and isinstance(values[-1], dict):
            raw = values[-1].get("value")
        total = entry.get("total_value")
        if raw is None and isinstance(total, dict):
            raw = total.get("value")
        value = number(raw)
        if value is None:
            continue
        readings.append(
            reading(remote_id, entry["name"], value, names.get(entry["name"]), observed_at)
        )
    return readings


def number(raw: object) -> Decimal | None:
    """A count as a Decimal; None for anything that is not a plain number (a breakdown)."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def reading(
    remote_id: str, raw_name: str, value: Decimal, metric: Metric | None, observed_at: datetime
) -> MetricReading:
    return MetricReading(
        subject_kind=SubjectKind.PUBLICATION,
        subject_remote_id=remote_id,
        metric=metric,
        raw_name=raw_name,
        value=value,
        observed_at=observed_at,
    )
