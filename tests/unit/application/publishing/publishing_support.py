"""Scheduling fixtures: an approved piece of a brand and channel accounts to publish it to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.application.audit.entries import entry_for_event
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.content.approve_content import ApproveContent
from umt.application.content.create_content import CreateContent
from umt.application.content.submit_for_review import SubmitForReview
from umt.application.principal import Principal
from umt.domain.brand.channels import Channel
from umt.domain.content.piece import ContentPiece
from umt.domain.integration.integration import IntegrationId
from umt.domain.publishing.channel_account import AccountStatus, ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.ids import BrandId, ChannelAccountId

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # the bus fixture's clock


class RandomIds:
    def new_id(self) -> UUID:
        return uuid4()


async def approved_piece(
    bus: MessageBus, actor: Principal, *, body: str = "Our spring menu is out."
) -> ContentPiece:
    brand = await bus.execute(CreateBrand(name=f"Brand {uuid4().hex[:6]}"), actor)
    piece: ContentPiece = await bus.execute(
        CreateContent(
            brand_id=brand.id,
            content_type="social_post",
            channel="linkedin",
            title="Spring",
            body=body,
        ),
        actor,
    )
    await bus.execute(SubmitForReview(content_id=piece.id), actor)
    approved: ContentPiece = await bus.execute(ApproveContent(content_id=piece.id), actor)
    return approved


async def channel_account(
    store: InMemoryStore, piece: ContentPiece, **fields: Any
) -> ChannelAccount:
    values: dict[str, Any] = {
        "id": ChannelAccountId(uuid4()),
        "organization_id": piece.organization_id,
        "brand_id": BrandId(piece.brand_id),
        "integration_id": IntegrationId(uuid4()),
        "kind": ChannelKind.LINKEDIN_ORGANIZATION,
        "external_id": uuid4().hex,
        "name": "Acme on LinkedIn",
        "channel": Channel.LINKEDIN,
        "time_zone": "Europe/Berlin",
        "status": AccountStatus.ACTIVE,
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(fields)
    account = ChannelAccount(**values)
    async with InMemoryUnitOfWork(store, RandomIds(), audit=entry_for_event) as uow:
        await uow.channel_accounts.add(account)
        await uow.commit()
    return account
