"""Checks on the channel account around a publish: its local limits (posts per rolling 24 h
and the minimum spacing), enforced before the platform is called, and marking its
integration ``needs_reauth`` when the platform refused the grant."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from umt.domain.integration.errors import ErrorReason
from umt.domain.integration.integration import IntegrationStatus
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import StaleVersion
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

DAY = timedelta(hours=24)
# what has gone (or may have gone) out to the account: it counts against the limits (a post
# taken down since went out too, and the platforms' own caps count it)
SENT = frozenset(
    {
        PublicationStatus.PUBLISHING,
        PublicationStatus.OUTCOME_UNKNOWN,
        PublicationStatus.PUBLISHED,
        PublicationStatus.TAKEN_DOWN,
    }
)
_ATTEMPTS = 3


async def held_back_until(
    uow: UnitOfWork, publication: Publication, account: ChannelAccount, now: datetime
) -> datetime | None:
    """When the account's local limits let this publication go, if not now (in ``uow``'s
    open block)."""
    spacing = timedelta(minutes=account.min_spacing_minutes)
    if account.daily_cap is None and not spacing:
        return None
    window = max(DAY if account.daily_cap is not None else timedelta(0), spacing)
    slots = await uow.publications.account_slots(
        account.organization_id, account.id, now - window, now + timedelta(microseconds=1)
    )
    sent = sorted(
        s.due_at for s in slots if s.publication_id != publication.id and s.status in SENT
    )
    until: datetime | None = None
    cap = account.daily_cap
    in_day = [t for t in sent if t > now - DAY]
    if cap is not None and len(in_day) >= cap:
        until = in_day[len(in_day) - cap] + DAY  # when the oldest counted one leaves the day
    if spacing and sent and now - sent[-1] < spacing:
        free = sent[-1] + spacing
        until = free if until is None else max(until, free)
    return until


async def require_reauth(
    uow: UnitOfWork, account: ChannelAccount, reason: ErrorReason, now: datetime
) -> None:
    """Mark the account's integration ``needs_reauth`` (once; a concurrent writer retried):
    its ``integration.needs_reauth`` event tells the brand."""
    for attempt in range(_ATTEMPTS):
        try:
            async with uow:
                integration = await uow.integrations.get(
                    account.organization_id, account.integration_id
                )
                if integration is None or integration.status not in (
                    IntegrationStatus.CONNECTED,
                    IntegrationStatus.ERROR,
                ):
                    return
                integration.require_reauth(reason, now=now)
                await uow.integrations.save(integration)
                await uow.commit()
                return
        except StaleVersion:
            if attempt == _ATTEMPTS - 1:
                log.warning("integration not marked needs_reauth: concurrent writers")
