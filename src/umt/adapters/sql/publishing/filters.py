"""The calendar's WHERE clauses over the publications table: a tenant's filtered range and one
account's window of due times (caps and spacing)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select

from umt.adapters.sql.publishing.tables import publications
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.ids import ChannelAccountId, OrganizationId
from umt.ports.publication_repository import PublicationFilter


def _values(statuses: frozenset[PublicationStatus]) -> list[str]:
    return sorted(s.value for s in statuses)


def account_window(
    organization_id: OrganizationId,
    channel_account_id: ChannelAccountId,
    start: datetime,
    end: datetime,
    statuses: frozenset[PublicationStatus],
) -> tuple[Any, ...]:
    c = publications.c
    return (
        c.organization_id == organization_id,
        c.channel_account_id == channel_account_id,
        c.due_at >= start,
        c.due_at < end,
        c.status.in_(_values(statuses)),
    )


def filtered(
    query: Select[Any], organization_id: OrganizationId, f: PublicationFilter
) -> Select[Any]:
    c = publications.c
    query = query.where(c.organization_id == organization_id)
    equal = (
        (c.brand_id, f.brand_id),
        (c.channel, None if f.channel is None else f.channel.value),
        (c.project_id, f.project_id),
        (c.channel_account_id, f.channel_account_id),
        (c.content_id, f.content_id),
        (c.schedule_id, f.schedule_id),
    )
    for column, value in equal:
        if value is not None:
            query = query.where(column == value)
    if f.brand_ids is not None:
        query = query.where(c.brand_id.in_(sorted(f.brand_ids)))
    if f.statuses is not None:
        query = query.where(c.status.in_(_values(f.statuses)))
    if f.due_from is not None:
        query = query.where(c.due_at >= f.due_from)
    if f.due_to is not None:
        query = query.where(c.due_at < f.due_to)
    return query
