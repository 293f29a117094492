"""Seeding for the publishing reliability tests: a tenant that can publish on the sandbox, and
many publications due at once.

The tenant is made the way a user makes it, through the embedded library: an organization, a
brand, pieces approved through review, and sandbox integrations connected through the
sandbox's own OAuth consent (``platform.sandbox.connect``: the workers find sealed tokens in
the vault and real grants in the sandbox's store), each discovered as a channel account of
the brand. Each piece is scheduled once on every account by the calendar's use case; the
rest of the publications are written in bulk (rows through the SQL data mapper, with the
renderings the calendar made): what 10,000 calendar entries leave in the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from sqlalchemy import insert

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.publishing.mapping import publication_to_row
from umt.adapters.sql.publishing.tables import publications
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.ids import (
    BrandId,
    ChannelAccountId,
    ContentId,
    ContentVersionId,
    OrganizationId,
    PublicationId,
)
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform
from umt.entrypoints.library.session import Session
from umt.entrypoints.settings import Settings

PASSWORD = "a long reliability passphrase"
POST_TEXT = (
    "Our spring roast is here: bright, floral and made for slow mornings. Tell us how you brew it."
)
INSERT_CHUNK = 1_000


@dataclass(frozen=True, slots=True)
class Piece:
    """An approved piece and what the calendar rendered of it for each account."""

    content_id: ContentId
    version_id: ContentVersionId
    renderings: dict[ChannelAccountId, RenderedPost]
    scheduled: tuple[PublicationId, ...]  # the calendar scheduled these, due now


@dataclass(frozen=True, slots=True)
class Tenant:
    """What the seeding made: whose publications, of what, to where."""

    organization_id: OrganizationId
    brand_id: BrandId
    accounts: tuple[ChannelAccount, ...]
    pieces: tuple[Piece, ...]

    @property
    def scheduled(self) -> tuple[PublicationId, ...]:
        return tuple(p for piece in self.pieces for p in piece.scheduled)


async def seed_tenant(settings: Settings, *, accounts: int, pieces: int = 1) -> Tenant:
    """An organization whose brand has ``accounts`` sandbox channel accounts (one connected
    sandbox user each) and ``pieces`` approved pieces, each with one publication due now on
    every account."""
    container = build_container(settings)
    async with Platform(container) as platform:
        owner, brand_id = await new_brand(platform)
        made = await sandbox_accounts(platform, container, owner, brand_id, accounts)
        approved = []
        for n in range(pieces):
            content_id, version_id = await approved_piece(platform, owner, brand_id, n)
            # the calendar's own use case schedules it on every account, due now: what it
            # rendered and checked for each is what the bulk publications of the piece send
            scheduled = await platform.publishing.schedule(
                owner, content_id, [a.id for a in made], at=container.clock().now()
            )
            approved.append(
                Piece(
                    content_id=content_id,
                    version_id=version_id,
                    renderings={p.channel_account_id: p.rendering for p in scheduled},
                    scheduled=tuple(p.id for p in scheduled),
                )
            )
        return Tenant(
            organization_id=owner.principal.organization_id,
            brand_id=brand_id,
            accounts=tuple(made),
            pieces=tuple(approved),
        )


async def new_brand(platform: Platform, *, time_zone: str = "UTC") -> tuple[Session, BrandId]:
    """A new organization's owner, and a brand of theirs."""
    owner = await platform.register(
        f"owner-{uuid4().hex[:8]}@reliability.example", PASSWORD, "Reliability Roasters"
    )
    brand = await platform.brands.create(owner, name="Reliability Roasters", time_zone=time_zone)
    return owner, BrandId(brand.id)


async def sandbox_accounts(
    platform: Platform, container: Any, owner: Session, brand_id: BrandId, count: int
) -> list[ChannelAccount]:
    """``count`` sandbox users connected, each discovered as a channel account of the brand."""
    made: list[ChannelAccount] = []
    for n in range(count):
        integration = await platform.sandbox.connect(owner, f"Roaster {n}")
        found = await platform.channel_accounts.discover(
            owner, brand_id, integration_id=integration.id
        )
        (posting,) = (a for a in found.accounts if a.kind is ChannelKind.SANDBOX_ACCOUNT)
        async with container.unit_of_work_factory()() as uow:
            account = await uow.channel_accounts.get(posting.organization_id, posting.id)
        assert account is not None
        made.append(account)
    return made


async def approved_piece(
    platform: Platform, owner: Session, brand_id: BrandId, n: int = 0
) -> tuple[ContentId, ContentVersionId]:
    """A post written, submitted for review and approved; its approved version."""
    piece = await platform.content.create(
        owner,
        brand_id,
        content_type="social_post",
        channel="linkedin",
        title=f"Spring roast {n}",
        body=f"{POST_TEXT} (batch {n})",
    )
    await platform.content.submit(owner, piece.id)
    version = (await platform.content.approve(owner, piece.id)).versions[-1]
    return ContentId(piece.id), ContentVersionId(version.id)


def due_publications(
    tenant: Tenant, count: int, *, now: datetime, due_in: timedelta = timedelta(0)
) -> list[Publication]:
    """``count`` more publications of the tenant's approved pieces, spread round-robin over
    its pieces and accounts, all due at ``now + due_in``."""
    planned = PlannedTime.at_instant(now + due_in, "UTC")
    made = []
    for n in range(count):
        account = tenant.accounts[n % len(tenant.accounts)]
        piece = tenant.pieces[(n // len(tenant.accounts)) % len(tenant.pieces)]
        made.append(
            Publication.schedule(
                planned=planned,
                now=now,
                id=PublicationId(uuid4()),
                organization_id=tenant.organization_id,
                brand_id=tenant.brand_id,
                content_id=piece.content_id,
                content_version_id=piece.version_id,
                channel_account_id=account.id,
                channel=account.channel,
                kind=account.kind,
                rendering=piece.renderings[account.id],
            )
        )
    return made


async def insert_publications(database_url: str, items: Sequence[Publication]) -> None:
    """Write the publications' rows in bulk (no attempts yet, no outbox events: what is due
    is found by the scheduler in the table, not announced)."""
    engine = create_engine(database_url, pool_size=1)
    try:
        rows: list[dict[str, Any]] = [publication_to_row(p) for p in items]
        async with engine.begin() as connection:
            for start in range(0, len(rows), INSERT_CHUNK):
                await connection.execute(insert(publications), rows[start : start + INSERT_CHUNK])
    finally:
        await engine.dispose()
