"""ReconcilePublication (``POST /api/v1/publications/{id}/reconcile``, task
``publication.reconcile``): a person asks what became of a publication whose outcome is
unknown, or that is stuck past its lease.

A lease that ran out is returned first (an attempt in flight then has an unknown outcome).
Only an ``outcome_unknown`` publication is reconciled: it is claimed without a hand-over (so no
agent acts on it meanwhile) and its post is looked up by our reference. Found → published;
not found → due again now, and the ticker publishes it; the lookup failing → still unknown,
looked up again later. Nothing is ever sent by this use case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.application.publishing_dispatch.engine import (
    EngineDependencies,
    PublishEngine,
    PublishReport,
)
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.publication_status import LEASED, PublicationStatus
from umt.domain.shared.errors import Conflict, NotFound
from umt.domain.shared.ids import PublicationId
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock
from umt.ports.publisher import Publisher


class NothingToReconcile(Conflict):
    """The publication's outcome is known (or an attempt is still running within its lease):
    there is nothing to look up."""

    code = "nothing_to_reconcile"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReconcilePublication:
    use_case: ClassVar = UseCase(
        Permission.PUBLISHING_MANAGE,
        task="publication.reconcile",
        agent=Agent.CONTENT_AD_MANAGEMENT,
    )
    publication_id: UUID


async def reconcile_publication(
    cmd: ReconcilePublication,
    ctx: Context,
    *,
    clock: Clock,
    publishers: Mapping[Platform, Publisher],
    channel_credentials: ChannelCredentials,
    publishing_dispatch: DispatchConfig,
) -> PublishReport:
    actor = ctx.actor()
    actor.require(ReconcilePublication.use_case.permission)
    now = clock.now()
    publication_id = PublicationId(cmd.publication_id)
    async with ctx.uow as uow:
        publication = await uow.publications.get(actor.organization_id, publication_id)
        if publication is None or not actor.can_access_brand(publication.brand_id):
            raise NotFound("publication not found")
        expired = publication.lease_expires_at is not None and publication.lease_expires_at <= now
        if publication.status in LEASED and expired:
            publication.expire_lease(now=now)
        if publication.status is not PublicationStatus.OUTCOME_UNKNOWN:
            raise NothingToReconcile(
                f"a {publication.status.value} publication has nothing to reconcile",
                field="status",
            )
        publication.retry(now=now)  # a person asks now: looked up now, not at its time
        fence = publication.claim(
            f"reconcile:{actor.user_id}",
            until=now + publishing_dispatch.lease,
            now=now,
            hand_over=False,
        )
        await uow.publications.save(publication)
        await uow.commit()
    deps = EngineDependencies(
        clock=clock,
        publishers=publishers,
        channel_credentials=channel_credentials,
        config=publishing_dispatch,
    )
    engine = PublishEngine(ctx.uow, deps, actor)
    return await engine.reconcile(actor.organization_id, publication_id, fence)
