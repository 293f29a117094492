"""The first comment under a published post (``Publisher.comment``): a step of its own, run
after the remote id is saved, whose failure never re-publishes nor changes ``published``.

1. the publication is read: nothing to do unless its first comment is due; a call whose
   deadline passed with no answer recorded (the process stopped mid-call) is failed with
   ``unknown_outcome``: the comment may be there, and no platform finds a comment by our
   reference, so it is never sent again;
2. the attempt is committed before the call (a version-checked save: of two processes that
   read it due, one goes on);
3. the call, bounded by the lease's length; its answer is recorded at once: posted with the
   comment's id, unsupported (``CommentsUnsupported``), failed with the typed reason, or
   (a rate limit, a quota, an outage before any effect) due again after a backoff, at most
   ``max_attempts`` attempts in all.

The publish engine runs it right after a publish; the ``publication-first-comments`` loop
(``first_comment_loop.py``) runs the ones due later.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from uuid import UUID

from umt.application.publishing_dispatch import account_checks
from umt.application.publishing_dispatch.engine_records import EngineRecords
from umt.application.publishing_dispatch.platform_calls import refusal
from umt.domain.integration.errors import (
    CommentsUnsupported,
    OutcomeUnknown,
    PlatformError,
    PlatformUnavailable,
)
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.first_comment import CommentStatus
from umt.domain.publishing.publication import Publication
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import OrganizationId, PublicationId
from umt.ports.channel_credentials import target_of
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import Publisher
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

ABANDONED = (
    "no answer was recorded before the call's deadline (the process stopped?): the comment "
    "may exist, so it is not sent again"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentReport:
    """What one run of the step left: the comment's status, its id once posted."""

    publication_id: UUID
    status: CommentStatus
    comment_id: str | None = None
    detail: str = ""


class FirstCommentStep(EngineRecords):
    async def run(
        self, organization_id: OrganizationId, publication_id: PublicationId
    ) -> CommentReport | None:
        """Post the publication's first comment if it is due; None when there was nothing
        to do (not due, or another process took it)."""
        now = self._now()
        async with self._uow as uow:
            publication = await uow.publications.get(organization_id, publication_id)
            if publication is None or not publication.first_comment_due(now):
                return None
            delivery = publication.comment_delivery
            if delivery is not None and delivery.abandoned:
                publication.first_comment_unknown(now=now, detail=ABANDONED)
                await uow.publications.save(publication)
                await uow.commit()
                return _report(publication)
            account = await uow.channel_accounts.get(
                organization_id, publication.channel_account_id
            )
        publisher, problem = self._publisher(account)
        if problem is not None or publisher is None or account is None:
            return await self._refused_without_call(publication, problem)
        credentials = await self._comment_credentials(account)
        if isinstance(credentials, PlatformError):
            return await self._refused_without_call(publication, credentials, account)
        try:
            started = await self._begin_comment(publication)
        except StaleVersion:
            return None  # another process began it
        return await self._post(started, account, publisher, credentials)

    async def _post(
        self,
        publication: Publication,
        account: ChannelAccount,
        publisher: Publisher,
        credentials: Credentials,
    ) -> CommentReport:
        text = publication.first_comment or ""
        remote_id = publication.remote_id or ""
        try:
            async with asyncio.timeout(self._deps.config.lease.total_seconds()):
                comment_id = await publisher.comment(
                    target_of(account), credentials, remote_id, text
                )
        except CommentsUnsupported as exc:
            return await self._record(publication, unsupported=exc.message)
        except OutcomeUnknown as exc:
            return await self._record(publication, unknown=exc.message)
        except PlatformError as exc:
            return await self._record(publication, error=exc, account=account)
        except TimeoutError:
            return await self._record(publication, unknown="no answer within the lease")
        except Exception as exc:  # an adapter's bug after sending: the comment may exist
            log.exception("comment call failed unexpectedly")
            return await self._record(publication, unknown=type(exc).__name__)
        return await self._record(publication, comment_id=comment_id)

    async def _begin_comment(self, publication: Publication) -> Publication:
        now = self._now()
        async with self._uow as uow:
            current = await self._current(uow, publication)
            current.begin_first_comment(now=now, deadline=now + self._deps.config.lease)
            await uow.publications.save(current)
            await uow.commit()  # the attempt, before the platform is called
        return current

    async def _record(
        self,
        publication: Publication,
        *,
        comment_id: str | None = None,
        unsupported: str | None = None,
        unknown: str | None = None,
        error: PlatformError | None = None,
        account: ChannelAccount | None = None,
    ) -> CommentReport:
        now = self._now()
        async with self._uow as uow:
            current = await self._current(uow, publication)
            if comment_id is not None:
                current.first_comment_posted(comment_id, now=now)
            elif unsupported is not None:
                current.first_comment_unsupported(now=now, detail=unsupported)
            elif unknown is not None:
                current.first_comment_unknown(now=now, detail=unknown)
            elif error is not None:
                attempts = current.comment_delivery.attempts if current.comment_delivery else 1
                decided = refusal(error, attempts=attempts, now=now, config=self._deps.config)
                current.first_comment_refused(
                    decided.reason, now=now, detail=decided.detail, retry_at=decided.retry_at
                )
            await uow.publications.save(current)
            await uow.commit()
        if error is not None and error.needs_reauth and account is not None:
            await account_checks.require_reauth(self._uow, account, error.reason, now)
        return _report(current)

    async def _refused_without_call(
        self,
        publication: Publication,
        problem: PlatformError | None,
        account: ChannelAccount | None = None,
    ) -> CommentReport | None:
        """Nothing can be sent (no usable account, publisher or credentials): an attempt
        refused before the call, tried again later within the limit or failed."""
        error = problem or PlatformUnavailable("no publisher", platform="unknown")
        try:
            started = await self._begin_comment(publication)
        except StaleVersion:
            return None
        return await self._record(started, error=error, account=account)

    async def _comment_credentials(self, account: ChannelAccount) -> Credentials | PlatformError:
        source = self._deps.channel_credentials
        try:
            if source is None:
                raise PlatformUnavailable(
                    "no channel credentials in this process", platform=account.platform.value
                )
            return await source.for_account(account, valid_for=self._deps.config.lease)
        except PlatformError as exc:
            return exc

    async def _current(self, uow: UnitOfWork, publication: Publication) -> Publication:
        """The publication as ``publication`` left it (``StaleVersion`` if changed since)."""
        current = await uow.publications.get(publication.organization_id, publication.id)
        if current is None or current.version != publication.version:
            raise StaleVersion(f"publication {publication.id} was changed meanwhile")
        return current


def _report(publication: Publication) -> CommentReport:
    delivery = publication.comment_delivery
    if delivery is None:  # every caller recorded one
        raise StaleVersion(f"publication {publication.id} has no first comment")
    return CommentReport(
        publication_id=publication.id,
        status=delivery.status,
        comment_id=delivery.comment_id,
        detail=delivery.detail,
    )
