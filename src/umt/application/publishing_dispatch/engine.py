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
   sync, the integration's ``needs_reauth``): their failure never re-publishes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from umt.application.principal import Principal
from umt.application.publishing_dispatch import account_checks
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.application.publishing_dispatch.platform_calls import locate, outgoing, refusal
from umt.application.publishing_dispatch.ticker import is_missed
from umt.domain.integration.errors import OutcomeUnknown, PlatformError, PlatformUnavailable
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import AccountStatus, ChannelAccount
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import StaleFence
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import Conflict, NotFound, StaleVersion
from umt.domain.shared.ids import OrganizationId, PublicationId
from umt.domain.shared.metrics import SubjectKind
from umt.ports.channel_credentials import ChannelCredentials, target_of
from umt.ports.clock import Clock
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import PublishedPost, Publisher
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
T = TypeVar("T")
S = PublicationStatus
MIN_CALL_SECONDS = 1.0  # a claim with less lease left than this is deferred, not attempted


class Step(StrEnum):
    """What one run of the engine did."""

    PUBLISHED = "published"
    RECONCILED = "reconciled"  # found by our reference after an unknown outcome
    FAILED = "failed"
    RETRY_SCHEDULED = "retry_scheduled"
    OUTCOME_UNKNOWN = "outcome_unknown"
    DEFERRED = "deferred"
    MISSED = "missed"
    STALE = "stale"  # the claim was superseded or already acted on: nothing done


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishReport:
    publication_id: UUID
    step: Step
    status: PublicationStatus
    remote_id: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineDependencies:
    clock: Clock
    publishers: Mapping[Platform, Publisher]
    channel_credentials: ChannelCredentials | None
    config: DispatchConfig


class _Deferred(Exception):
    """A step could not go on now; the claim is put back."""

    def __init__(self, until: datetime, detail: str) -> None:
        super().__init__(detail)
        self.until = until
        self.detail = detail


class PublishEngine:
    def __init__(
        self, uow: UnitOfWork, deps: EngineDependencies, principal: Principal | None = None
    ) -> None:
        self._uow = uow
        self._deps = deps
        self._principal = principal

    async def run(
        self, organization_id: OrganizationId, publication_id: PublicationId, fence: int
    ) -> PublishReport:
        now = self._now()
        async with self._uow as uow:
            publication = await uow.publications.get(organization_id, publication_id)
            if publication is None or not self._visible(publication):
                raise NotFound("publication not found")
            if not _holds(publication, fence, now):
                return _report(publication, Step.STALE)
            account = await uow.channel_accounts.get(
                organization_id, publication.channel_account_id
            )
            if is_missed(publication, now):
                publication.mark_missed(now=now, fence=fence)
                await uow.publications.save(publication)
                await uow.commit()
                return _report(publication, Step.MISSED)
        try:
            return await self._publish(publication, account, fence)
        except _Deferred as deferred:
            return await self._defer(publication, fence, deferred)
        except (StaleFence, StaleVersion):
            return _report(publication, Step.STALE)

    # ------------------------------------------------------------------ the steps

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
            raise _Deferred(until, "the account's local limit (daily cap or spacing)")
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
            raise _Deferred(self._now() + self._backoff(publication), detail) from exc
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
                raise _Deferred(now, "too little of the lease is left for the call")
            current.begin_attempt(fence, now=now)
            await uow.publications.save(current)
            await uow.commit()  # the attempt row, before the platform is called
        return current

    async def _succeeded(
        self,
        publication: Publication,
        account: ChannelAccount,
        fence: int,
        answer: PublishedPost,
        *,
        reconciled: bool,
    ) -> PublishReport:
        now = self._now()
        async with self._uow as uow:  # the remote id, in its own transaction, first
            current = await self._reload(uow, publication, fence)
            record = current.reconcile_found if reconciled else current.record_success
            try:
                record(
                    fence,
                    remote_id=answer.remote_id,
                    remote_url=answer.url,
                    published_at=answer.published_at,
                    now=now,
                )
            except StaleFence:
                # the lease ran out mid-call: the next holder's reconciliation finds the post
                log.warning("published after the claim was superseded; it will be reconciled")
                raise
            await uow.publications.save(current)
            await uow.commit()
        await self._remember(current, answer.remote_id)
        return _report(current, Step.RECONCILED if reconciled else Step.PUBLISHED)

    async def _remember(self, publication: Publication, remote_id: str) -> None:
        """The remote object for metric sync: a step of its own (its failure is logged)."""
        try:
            async with self._uow as uow:
                await uow.remote_objects.remember(
                    organization_id=publication.organization_id,
                    brand_id=publication.brand_id,
                    channel_account_id=publication.channel_account_id,
                    subject_kind=SubjectKind.PUBLICATION,
                    subject_id=publication.id,
                    remote_id=remote_id,
                )
                await uow.commit()
        except (Conflict, StaleVersion):
            log.warning("the published post's remote id is not remembered for metric sync")

    async def _unknown(self, publication: Publication, fence: int, detail: str) -> PublishReport:
        now = self._now()
        async with self._uow as uow:
            current = await self._reload(uow, publication, fence)
            current.record_unknown(
                fence, now=now, reconcile_at=now + self._deps.config.reconcile_delay, detail=detail
            )
            await uow.publications.save(current)
            await uow.commit()
        return _report(current, Step.OUTCOME_UNKNOWN, detail)

    async def _refused(
        self,
        publication: Publication,
        fence: int,
        error: PlatformError,
        account: ChannelAccount | None,
    ) -> PublishReport:
        """The platform refused before any effect (an attempt is in flight)."""
        now = self._now()
        async with self._uow as uow:
            current = await self._reload(uow, publication, fence)
            decided = refusal(
                error, attempts=len(current.attempts), now=now, config=self._deps.config
            )
            current.record_failure(
                fence,
                decided.reason,
                now=now,
                rejection=decided.rejection,
                detail=decided.detail,
                retry_at=decided.retry_at,
            )
            await uow.publications.save(current)
            await uow.commit()
        if decided.needs_reauth and account is not None:
            await account_checks.require_reauth(self._uow, account, error.reason, now)
        step = Step.RETRY_SCHEDULED if decided.retry_at is not None else Step.FAILED
        return _report(current, step, decided.detail)

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
            raise _Deferred(self._now() + self._backoff(publication), problem.message)
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

    async def _defer(
        self, publication: Publication, fence: int, deferred: _Deferred
    ) -> PublishReport:
        try:
            async with self._uow as uow:
                current = await self._reload(uow, publication, fence)
                current.defer(fence, until=deferred.until, now=self._now())
                await uow.publications.save(current)
                await uow.commit()
        except (StaleFence, StaleVersion):
            return _report(publication, Step.STALE)
        return _report(current, Step.DEFERRED, deferred.detail)

    # ------------------------------------------------------------------ helpers

    def _publisher(
        self, account: ChannelAccount | None
    ) -> tuple[Publisher | None, PlatformError | None]:
        if account is None or account.status is not AccountStatus.ACTIVE:
            state = "gone" if account is None else account.status.value
            platform = "unknown" if account is None else account.platform.value
            return None, _AccountUnusable(f"the channel account is {state}", platform=platform)
        publisher = self._deps.publishers.get(account.platform)
        if publisher is None:
            return None, PlatformUnavailable(
                f"{account.platform.value} cannot publish in this deployment",
                platform=account.platform.value,
            )
        return publisher, None

    async def _within_lease(self, publication: Publication, call: Awaitable[T]) -> T:
        """``call``, cancelled (``TimeoutError``) when the claim's lease runs out."""
        expires = publication.lease_expires_at
        left = (expires - self._now()).total_seconds() if expires else 0.0
        async with asyncio.timeout(max(left, 0.0)):
            return await call

    async def _reload(self, uow: UnitOfWork, publication: Publication, fence: int) -> Publication:
        current = await uow.publications.get(publication.organization_id, publication.id)
        if current is None or current.fence != fence:
            raise StaleFence("the claim was superseded", field="fence")
        return current

    def _backoff(self, publication: Publication) -> timedelta:
        return self._deps.config.backoff(max(1, len(publication.attempts)))

    def _visible(self, publication: Publication) -> bool:
        principal = self._principal
        return principal is None or principal.can_access_brand(publication.brand_id)

    def _now(self) -> datetime:
        return self._deps.clock.now()


class _AccountUnusable(PlatformError):
    """The channel account is disabled or gone: nothing is sent to it."""

    code = "channel_account_unusable"


def _holds(publication: Publication, fence: int, now: datetime) -> bool:
    """The claim ``fence`` is the publication's current one, not yet acted on nor expired."""
    expires = publication.lease_expires_at
    return (
        publication.fence == fence
        and publication.status is S.CLAIMED
        and expires is not None
        and expires > now
    )


def _report(publication: Publication, step: Step, detail: str = "") -> PublishReport:
    return PublishReport(
        publication_id=publication.id,
        step=step,
        status=publication.status,
        remote_id=publication.remote_id,
        detail=detail,
    )
