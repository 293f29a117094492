"""The exactly-once publish engine: one claimed publication, under its claim's fence.

The steps, each its own transaction, and the platform never called inside one:

1. read the publication and its account; a claim superseded (another fence), returned or
   expired is left alone; one found past its grace window (skip policy) is missed;
2. an attempt whose outcome is unknown is **reconciled** first: the post is looked up by our
   reference; found → published, not found → a new attempt is safe; the lookup failing
   leaves it unknown, deferred (never a blind retry);
3. the account's local limits (posts per 24 h, spacing) defer it without calling;
4. the **attempt row is committed before the platform call**;
5. the call, bounded by what is left of the lease (a call that outlives its lease would race
   the reconciliation of whoever claims the publication next);
6. the answer is recorded at once, in its own transaction: the remote id before anything
   else; an unknown outcome (timeout, 5xx, dropped connection) is reconciled later; a refusal
   before any effect is retried with backoff or fails with its typed reason;
7. afterwards, separately, what follows a publish (remembering the remote object for metric
   sync, the first comment (``first_comment.py``), the integration's ``needs_reauth``):
   their failure never re-publishes.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from umt.application.publishing_dispatch import account_checks
from umt.application.publishing_dispatch.engine_records import (
    Deferred,
    EngineDependencies,
    EngineRecords,
    PublishReport,
    Step,
    report,
)
from umt.application.publishing_dispatch.first_comment import FirstCommentStep
from umt.application.publishing_dispatch.platform_calls import locate, outgoing
from umt.domain.integration.errors import OutcomeUnknown, PlatformError, PlatformUnavailable
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import StaleFence
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import NotFound, StaleVersion
from umt.domain.shared.ids import OrganizationId, PublicationId
from umt.ports.channel_credentials import target_of
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import PublishedPost, Publisher

log = logging.getLogger(__name__)
S = PublicationStatus
__all__ = ["EngineDependencies", "PublishEngine", "PublishReport", "Step"]
MIN_CALL_SECONDS = 1.0  # a claim with less lease left than this is deferred, not attempted


class PublishEngine(EngineRecords):
    async def run(
        self, organization_id: OrganizationId, publication_id: PublicationId, fence: int
    ) -> PublishReport:
        now = self._now()
        async with self._uow as uow:
            publication = await uow.publications.get(organization_id, publication_id)
            if publication is None or not self._visible(publication):
                raise NotFound("publication not found")
            if not _holds(publication, fence, now):
                return report(publication, Step.STALE)
            account = await uow.channel_accounts.get(
                organization_id, publication.channel_account_id
            )
            if publication.is_missed(now):
                publication.mark_missed(now=now, fence=fence)
                await uow.publications.save(publication)
                await uow.commit()
                return report(publication, Step.MISSED)
        try:
            return await self._publish(publication, account, fence)
        except Deferred as deferred:
            return await self._defer(publication, fence, deferred)
        except (StaleFence, StaleVersion):
            return report(publication, Step.STALE)

    async def reconcile(
        self, organization_id: OrganizationId, publication_id: PublicationId, fence: int
    ) -> PublishReport:
        """Only look the post up (a person's reconcile, on a claim taken without hand-over):
        found → published; not found → due now, for the ticker to publish; the lookup failing
        → still unknown, deferred."""
        async with self._uow as uow:
            publication = await uow.publications.get(organization_id, publication_id)
            if publication is None or not self._visible(publication):
                raise NotFound("publication not found")
            account = await uow.channel_accounts.get(
                organization_id, publication.channel_account_id
            )
        try:
            publisher, problem = self._publisher(account)
            if problem is not None or account is None or publisher is None:
                raise Deferred(self._now() + self._backoff(publication), _detail(problem))
            credentials = await self._lookup_credentials(publication, account)
            found = await self._reconcile(publication, account, publisher, credentials, fence)
            if found is not None:
                return found
            raise Deferred(self._now(), "no post carries our reference: due again now")
        except Deferred as deferred:
            return await self._defer(publication, fence, deferred)
        except (StaleFence, StaleVersion):
            return report(publication, Step.STALE)

    # ------------------------------------------------------------------ the steps

    async def _succeeded(
        self,
        publication: Publication,
        account: ChannelAccount,
        fence: int,
        answer: PublishedPost,
        *,
        reconciled: bool,
    ) -> PublishReport:
        """The remote id recorded (its own transaction, first), then the first comment, a
        step of its own: whatever befalls it, the publication stays published."""
        published = await super()._succeeded(
            publication, account, fence, answer, reconciled=reconciled
        )
        try:
            await FirstCommentStep(self._uow, self._deps).run(
                publication.organization_id, publication.id
            )
        except Exception:  # the loop tries it again: nothing here may undo the publish
            log.exception("the first comment step failed; it is tried again later")
        return published

    async def _publish(
        self, publication: Publication, account: ChannelAccount | None, fence: int
    ) -> PublishReport:
        publisher, problem = self._publisher(account)
        if problem is not None or account is None or publisher is None:
            return await self._refused_before_call(publication, fence, problem, account)
        credentials = await self._credentials(publication, account, fence)
        if isinstance(credentials, PublishReport):
            return credentials
        target = target_of(account)
        if publication.needs_reconciliation:
            found = await self._reconcile(publication, account, publisher, credentials, fence)
            if found is not None:
                return found
        async with self._uow as uow:
            until = await account_checks.held_back_until(uow, publication, account, self._now())
        if until is not None:
            raise Deferred(until, "the account's local limit (daily cap or spacing)")
        started = await self._begin(publication, fence)
        post = outgoing(publication)
        try:
            answer = await self._within_lease(started, publisher.publish(target, credentials, post))
        except PlatformError as exc:
            if isinstance(exc, OutcomeUnknown):
                return await self._unknown(publication, fence, exc.message)
            return await self._refused(publication, fence, exc, account)
        except TimeoutError:
            return await self._unknown(publication, fence, "no answer within the lease")
        except Exception as exc:  # an adapter's bug after sending: the post may exist
            log.exception("publish call failed unexpectedly")
            return await self._unknown(publication, fence, type(exc).__name__)
        return await self._succeeded(publication, account, fence, answer, reconciled=False)

    async def _reconcile(
        self,
        publication: Publication,
        account: ChannelAccount,
        publisher: Publisher,
        credentials: Credentials,
        fence: int,
    ) -> PublishReport | None:
        """Look the post up by our reference; the report when it was found, None when a new
        attempt is safe (recorded as not found)."""
        try:
            found = await self._within_lease(
                publication,
                locate(publisher, target_of(account), credentials, str(publication.id)),
            )
        except (PlatformError, TimeoutError) as exc:
            detail = getattr(exc, "message", "") or "the lookup timed out"
            if isinstance(exc, PlatformError) and exc.needs_reauth:
                await account_checks.require_reauth(self._uow, account, exc.reason, self._now())
            raise Deferred(self._now() + self._backoff(publication), detail) from exc
        if found is not None:
            return await self._succeeded(publication, account, fence, found, reconciled=True)
        async with self._uow as uow:
            current = await self._reload(uow, publication, fence)
            current.reconcile_not_found(fence, now=self._now())
            await uow.publications.save(current)
            await uow.commit()
        return None

    async def _begin(self, publication: Publication, fence: int) -> Publication:
        now = self._now()
        async with self._uow as uow:
            current = await self._reload(uow, publication, fence)
            left = current.lease_expires_at - now if current.lease_expires_at else timedelta(0)
            if left.total_seconds() < MIN_CALL_SECONDS:
                raise Deferred(now, "too little of the lease is left for the call")
            current.begin_attempt(fence, now=now)
            await uow.publications.save(current)
            await uow.commit()  # the attempt row, before the platform is called
        return current

    async def _refused_before_call(
        self,
        publication: Publication,
        fence: int,
        error: PlatformError | None,
        account: ChannelAccount | None,
    ) -> PublishReport:
        """Nothing can be sent (no usable account, publisher or credentials): recorded as an
        attempt refused before the call, retried or failed like a platform's refusal."""
        problem = error or PlatformUnavailable("no publisher", platform="unknown")
        if publication.needs_reconciliation:  # the earlier attempt must be looked up first
            raise Deferred(self._now() + self._backoff(publication), problem.message)
        await self._begin(publication, fence)
        return await self._refused(publication, fence, problem, account)

    async def _credentials(
        self, publication: Publication, account: ChannelAccount, fence: int
    ) -> Credentials | PublishReport:
        source = self._deps.channel_credentials
        try:
            if source is None:
                raise PlatformUnavailable(
                    "no channel credentials in this process", platform=account.platform.value
                )
            return await source.for_account(account, valid_for=self._deps.config.lease)
        except PlatformError as exc:
            return await self._refused_before_call(publication, fence, exc, account)

    async def _lookup_credentials(
        self, publication: Publication, account: ChannelAccount
    ) -> Credentials:
        """Credentials for a lookup; none usable defers it (the outcome stays unknown)."""
        source = self._deps.channel_credentials
        try:
            if source is None:
                raise PlatformUnavailable(
                    "no channel credentials in this process", platform=account.platform.value
                )
            return await source.for_account(account)
        except PlatformError as exc:
            raise Deferred(self._now() + self._backoff(publication), exc.message) from exc


def _detail(problem: PlatformError | None) -> str:
    return problem.message if problem is not None else "nothing can look the post up"


def _holds(publication: Publication, fence: int, now: datetime) -> bool:
    """The claim ``fence`` is the publication's current one, not yet acted on nor expired."""
    expires = publication.lease_expires_at
    return (
        publication.fence == fence
        and publication.status is S.CLAIMED
        and expires is not None
        and expires > now
    )
