"""TakeDownPublication (``POST /api/v1/publications/{id}/take-down``, task
``publication.take_down``): a person removes a published post from its platform.

Deleting is idempotent on every platform umt publishes to (a post already gone is not an
error: each adapter's ``Publisher.delete`` says so), so no attempt row is needed before the
call, unlike publishing: a call whose answer is lost (``OutcomeUnknown``, 503) is simply made
again. Only after the platform answered is the publication recorded ``taken_down``, in its
own transaction, with its ``publication.taken_down`` event; the remote id stays on record.
Asking again for one already taken down answers it as it is and calls nothing.

The version (If-Match) is checked before the call: once the post is gone, a concurrent change
to the publication (a first comment's answer) must not leave it recorded as published, so
the record after the call checks the status, not the version.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.publishing.content_status import refresh_content_status
from umt.application.publishing.loading import load_publication
from umt.application.publishing_dispatch import account_checks
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.integration.errors import OutcomeUnknown, PlatformError, PlatformUnavailable
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.failures import AccountUnavailable
from umt.domain.publishing.publication import Publication
from umt.domain.shared.errors import StaleVersion
from umt.ports.channel_credentials import ChannelCredentials, target_of
from umt.ports.clock import Clock
from umt.ports.publisher import Publisher
from umt.ports.unit_of_work import UnitOfWork

_SAVE_ATTEMPTS = 3  # a concurrent writer (the first comment's answer) retried


@dataclass(frozen=True, slots=True, kw_only=True)
class TakeDownPublication:
    use_case: ClassVar = UseCase(
        Permission.PUBLISHING_MANAGE,
        task="publication.take_down",
        agent=Agent.CONTENT_AD_MANAGEMENT,
    )
    publication_id: UUID
    expected_version: int | None = None


async def take_down_publication(
    cmd: TakeDownPublication,
    ctx: Context,
    *,
    clock: Clock,
    publishers: Mapping[Platform, Publisher],
    channel_credentials: ChannelCredentials,
    publishing_dispatch: DispatchConfig,
) -> Publication:
    actor = ctx.actor()
    actor.require(TakeDownPublication.use_case.permission)
    async with ctx.uow as uow:
        publication = await load_publication(uow, actor, cmd.publication_id)
        if publication.taken_down:
            return publication  # asked again: nothing to call, nothing to change
        publication.check_take_down(cmd.expected_version)
        account = await uow.channel_accounts.get(
            publication.organization_id, publication.channel_account_id
        )
    if account is None:
        raise AccountUnavailable("the channel account was removed", platform="unknown")
    publisher = publishers.get(account.platform)
    if publisher is None:
        raise PlatformUnavailable(
            f"{account.platform.value} cannot delete posts in this deployment",
            platform=account.platform.value,
        )
    await _delete(
        publication, account, publisher, ctx.uow, clock, channel_credentials, publishing_dispatch
    )
    return await _record(ctx.uow, publication, clock)


async def _delete(
    publication: Publication,
    account: ChannelAccount,
    publisher: Publisher,
    uow: UnitOfWork,
    clock: Clock,
    credentials_source: ChannelCredentials,
    config: DispatchConfig,
) -> None:
    """The platform call, bounded by the dispatch lease; a refused grant marks the account's
    integration ``needs_reauth`` (the brand is told) before the error goes to the caller."""
    try:
        credentials = await credentials_source.for_account(account, valid_for=config.lease)
        async with asyncio.timeout(config.lease.total_seconds()):
            await publisher.delete(target_of(account), credentials, publication.remote_id or "")
    except TimeoutError as exc:
        raise OutcomeUnknown(
            "no answer within the time allowed: taking it down again is safe",
            platform=account.platform.value,
        ) from exc
    except PlatformError as exc:
        if exc.needs_reauth:
            await account_checks.require_reauth(uow, account, exc.reason, clock.now())
        raise


async def _record(uow: UnitOfWork, publication: Publication, clock: Clock) -> Publication:
    attempt = 1
    while True:
        now: datetime = clock.now()
        try:
            async with uow:
                current = await uow.publications.get(publication.organization_id, publication.id)
                if current is None:  # deleted meanwhile: nothing left to record on
                    return publication
                if current.take_down(now=now):
                    await uow.publications.save(current)
                    await refresh_content_status(
                        uow, current.organization_id, current.content_id, now=now, changed=[current]
                    )
                    await uow.commit()
                return current
        except StaleVersion:
            if attempt == _SAVE_ATTEMPTS:
                raise
            attempt += 1
