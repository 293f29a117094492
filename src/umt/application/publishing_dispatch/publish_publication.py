"""PublishPublication (task ``publication.publish``): run the exactly-once publish engine on a
claimed publication, under its claim's fence.

The ticker hands each claim over as ``publication.due`` (written to the outbox by the claiming
transaction); the content-ad-management agent follows it (``on_publication_due``) and runs
this use case. It can also be submitted as a task (a system task naming its organization, or
a member with ``publishing:manage``); a stale fence makes it a harmless no-op, so a redelivered
hand-over never publishes twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.messaging.envelope import EventMessage
from umt.application.principal import Principal
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
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import OrganizationId, PublicationId
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock
from umt.ports.publisher import Publisher

DUE_EVENT = "publication.due"


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishPublication:
    use_case: ClassVar = UseCase(
        Permission.PUBLISHING_MANAGE,
        task="publication.publish",
        agent=Agent.CONTENT_AD_MANAGEMENT,
        anonymous=True,
    )
    publication_id: UUID
    fence: int  # the claim's fencing version (from ``publication.due``)
    organization_id: UUID | None = None  # a system task's; a member's is their own


async def publish_publication(
    cmd: PublishPublication,
    ctx: Context,
    *,
    clock: Clock,
    publishers: Mapping[Platform, Publisher],
    channel_credentials: ChannelCredentials,
    publishing_dispatch: DispatchConfig,
) -> PublishReport:
    organization_id = organization_of(ctx.principal, cmd.organization_id)
    deps = EngineDependencies(
        clock=clock,
        publishers=publishers,
        channel_credentials=channel_credentials,
        config=publishing_dispatch,
    )
    engine = PublishEngine(ctx.uow, deps, ctx.principal)
    return await engine.run(organization_id, PublicationId(cmd.publication_id), cmd.fence)


def organization_of(principal: Principal | None, named: UUID | None) -> OrganizationId:
    """A member acts in their organization (with ``publishing:manage``); a system task names
    its own."""
    if principal is not None:
        principal.require(Permission.PUBLISHING_MANAGE)
        if named is not None and named != principal.organization_id:
            raise NotFound("publication not found")
        return principal.organization_id
    if named is None:
        raise NotFound("publication not found")
    return OrganizationId(named)


async def on_publication_due(
    event: EventMessage,
    ctx: Context,
    *,
    clock: Clock,
    publishers: Mapping[Platform, Publisher],
    channel_credentials: ChannelCredentials,
    publishing_dispatch: DispatchConfig,
) -> None:
    """The agent's handler of ``publication.due``: the hand-over becomes a publish run."""
    payload = event.payload
    data = payload.get("data")
    try:
        command = PublishPublication(
            publication_id=UUID(str(payload.get("aggregate_id"))),
            organization_id=UUID(str(payload.get("organization_id"))),
            fence=int(data["fence"]) if isinstance(data, dict) else -1,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidValue("a publication.due event without its publication") from exc
    await publish_publication(
        command,
        ctx,
        clock=clock,
        publishers=publishers,
        channel_credentials=channel_credentials,
        publishing_dispatch=publishing_dispatch,
    )
