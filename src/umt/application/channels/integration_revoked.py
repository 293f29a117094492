"""Following ``integration.revoked``: a disconnected integration's channel accounts are
disabled, and what was scheduled to them fails now rather than at its due time.

The content-ad-management agent follows the event (recorded by ``DisconnectIntegration``);
in the event's unit of work (its inbox claim included, so a redelivery changes nothing
twice) every active account of the integration becomes ``disabled`` with the reason
``integration_revoked`` (``channel_account.updated``; one a person disabled, or one gone,
stays as it is), and every publication scheduled to any of them fails with
``account_unavailable`` (``publication.failed``), recorded as an
attempt refused before any call. A claim already handed to the publish engine meets the
disabled account there and fails with the same reason. Connecting the platform account
again and discovering the brand's accounts with the new connection makes them active again
(``DiscoverChannelAccounts``); the failed publications can then be retried.
"""

from __future__ import annotations

import logging
from uuid import UUID

from umt.application.messaging.envelope import EventMessage
from umt.application.services import Context
from umt.domain.integration.integration import IntegrationId
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import OrganizationId
from umt.ports.channel_account_repository import ChannelAccountFilter
from umt.ports.clock import Clock
from umt.ports.pagination import MAX_PAGE_SIZE, PageRequest
from umt.ports.publication_repository import PublicationFilter
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

PATTERNS = ("integration.revoked",)
_ATTEMPTS = 3  # a scheduler claimed one of the publications meanwhile: read them again
_SCHEDULED = frozenset({PublicationStatus.SCHEDULED})


async def on_integration_revoked(event: EventMessage, ctx: Context, *, clock: Clock) -> None:
    """The agent's handler of ``integration.revoked``."""
    try:
        organization_id = OrganizationId(UUID(str(event.payload.get("organization_id"))))
        integration_id = IntegrationId(UUID(str(event.payload.get("aggregate_id"))))
    except ValueError:
        return  # not an integration of an organization: nothing can follow it
    for attempt in range(_ATTEMPTS):
        try:
            await _disable(ctx.uow, organization_id, integration_id, clock)
            return
        except StaleVersion:
            if attempt == _ATTEMPTS - 1:
                raise
            log.info("a publication changed meanwhile; disabling the accounts again")


async def _disable(
    uow: UnitOfWork, organization_id: OrganizationId, integration_id: IntegrationId, clock: Clock
) -> None:
    now = clock.now()
    async with uow:
        accounts = await uow.channel_accounts.list(
            organization_id, ChannelAccountFilter(integration_id=integration_id)
        )
        failed = 0
        for account in accounts:
            if account.integration_revoked(now=now):
                await uow.channel_accounts.save(account)
            failed += await fail_scheduled(uow, account, clock)
        await uow.commit()
    if accounts:
        log.info(
            "integration revoked: channel accounts disabled",
            extra={"accounts": len(accounts), "publications_failed": failed},
        )


async def fail_scheduled(uow: UnitOfWork, account: ChannelAccount, clock: Clock) -> int:
    """Fail every scheduled publication of ``account`` (in ``uow``'s open block) with
    ``account_unavailable``; how many."""
    detail = (
        f"the integration of the channel account {account.name} was disconnected"
        " (connect the platform account again and discover the brand's accounts)"
    )
    filters = PublicationFilter(channel_account_id=account.id, statuses=_SCHEDULED)
    failed = 0
    cursor: str | None = None
    while True:
        page = await uow.publications.list(
            account.organization_id,
            filters,
            PageRequest(limit=MAX_PAGE_SIZE, cursor=cursor, sort="due_at"),
        )
        for publication in page.items:
            publication.fail_unsendable(
                FailureReason.ACCOUNT_UNAVAILABLE, now=clock.now(), detail=detail
            )
            await uow.publications.save(publication)
            failed += 1
        if page.next_cursor is None:
            return failed
        cursor = page.next_cursor
