"""The publish engine's records: what each step writes once the platform answered (the
remote id first, an unknown outcome, a refusal), a claim put back, and the helpers the steps
share. ``PublishEngine`` (engine.py) runs the steps."""

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
from umt.application.publishing_dispatch.platform_calls import refusal
from umt.domain.integration.errors import PlatformError, PlatformUnavailable
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import AccountStatus, ChannelAccount, unavailable
from umt.domain.publishing.failures import AccountUnavailable
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import StaleFence
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.domain.shared.metrics import SubjectKind
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock
from umt.ports.publisher import PublishedPost, Publisher
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
T = TypeVar("T")
S = PublicationStatus


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
    channel_credentials: ChannelCredentials
    config: DispatchConfig


class Deferred(Exception):
    """A step could not go on now; the claim is put back."""

    def __init__(self, until: datetime, detail: str) -> None:
        super().__init__(detail)
        self.until = until
        self.detail = detail


class EngineRecords:
    def __init__(
        self, uow: UnitOfWork, deps: EngineDependencies, principal: Principal | None = None
    ) -> None:
        self._uow = uow
        self._deps = deps
        self._principal = principal

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
        return report(current, Step.RECONCILED if reconciled else Step.PUBLISHED)

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
        return report(current, Step.OUTCOME_UNKNOWN, detail)

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
        return report(current, step, decided.detail)

    async def _defer(
        self, publication: Publication, fence: int, deferred: Deferred
    ) -> PublishReport:
        try:
            async with self._uow as uow:
                current = await self._reload(uow, publication, fence)
                current.defer(fence, until=deferred.until, now=self._now())
                await uow.publications.save(current)
                await uow.commit()
        except (StaleFence, StaleVersion):
            return report(publication, Step.STALE)
        return report(current, Step.DEFERRED, deferred.detail)

    # ------------------------------------------------------------------ helpers

    def _publisher(
        self, account: ChannelAccount | None
    ) -> tuple[Publisher | None, PlatformError | None]:
        if account is None or account.status is not AccountStatus.ACTIVE:
            platform = "unknown" if account is None else account.platform.value
            return None, AccountUnavailable(unavailable(account), platform=platform)
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


def report(publication: Publication, step: Step, detail: str = "") -> PublishReport:
    return PublishReport(
        publication_id=publication.id,
        step=step,
        status=publication.status,
        remote_id=publication.remote_id,
        detail=detail,
    )
