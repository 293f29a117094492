"""What scheduling needs before a publication exists: the approved version, a publishable
account of the brand, and the post rendered for it (refused with its violations if it breaks
an error-level rule of the channel)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from umt.application.principal import Principal
from umt.application.publishing_rendering.render_publication import render_publication
from umt.domain.attribution.utm import UtmTags
from umt.domain.brand.voice import VoiceGuide
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.content.version import ContentVersion
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import Role
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import AccountNotPublishable, VersionNotApproved
from umt.domain.publishing.publication_status import MissedPolicy
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import ChannelAccountId, ContentId, PublicationId, ScheduleId
from umt.ports.unit_of_work import UnitOfWork

# the statuses in which the piece's current version is the approved one
APPROVED_STATES = frozenset(
    {
        ContentStatus.APPROVED,
        ContentStatus.SCHEDULED,
        ContentStatus.PARTLY_PUBLISHED,
        ContentStatus.PUBLISHED,
        ContentStatus.FAILED,
    }
)
_PUBLISHING_ROLES = frozenset({Role.PUBLISH, Role.EMAIL})


@dataclass(frozen=True, slots=True)
class Rendered:
    post: RenderedPost
    first_comment: str | None


async def approved_content(
    uow: UnitOfWork, actor: Principal, content_id: UUID, version_id: UUID | None
) -> tuple[ContentPiece, ContentVersion]:
    """The piece (tracked by ``uow``) and its approved version; ``version_id``, when given,
    must be that version."""
    piece = await uow.content.get(actor.organization_id, ContentId(content_id))
    if piece is None or not actor.can_access_brand(piece.brand_id):
        raise NotFound(f"content {content_id} not found")
    return piece, approved_version(piece, version_id)


def approved_version(piece: ContentPiece, version_id: UUID | None) -> ContentVersion:
    """The piece's approved version; ``version_id``, when given, must name it."""
    if piece.status not in APPROVED_STATES:
        raise VersionNotApproved(
            f"the piece is {piece.status.value}: only an approved version is published",
            field="content_id",
        )
    if version_id is not None and version_id != piece.current.id:
        raise VersionNotApproved(
            f"version {version_id} is not the approved version ({piece.current.id})",
            field="version_id",
        )
    return piece.current


async def publishable_account(
    uow: UnitOfWork, piece: ContentPiece, account_id: UUID, *, field: str
) -> ChannelAccount:
    """The brand's active channel account that publishes posts or email."""
    account = await uow.channel_accounts.get(piece.organization_id, ChannelAccountId(account_id))
    if account is None or account.brand_id != piece.brand_id:
        raise AccountNotPublishable(f"the brand has no channel account {account_id}", field=field)
    if not account.publishable:
        raise AccountNotPublishable(
            f"channel account {account.name} is {account.status.value}", field=field
        )
    if account.role not in _PUBLISHING_ROLES:
        raise AccountNotPublishable(
            f"channel account {account.name} is an ad account: it does not take posts",
            field=field,
        )
    return account


def rendered_for(
    piece: ContentPiece,
    version: ContentVersion,
    account: ChannelAccount,
    voice: VoiceGuide,
    first_comment: str | None,
) -> Rendered:
    """The post for ``account`` (``RenderingRefused`` listing the violations if it breaks an
    error-level rule) and the first comment: the caller's, then the rendering's hashtags.

    The post's link carries UTM tags (docs/attribution.md): the channel as ``utm_source``,
    the piece's project as ``utm_campaign`` and the piece as ``utm_content``, so clicks and
    conversions the brand's site reports are attributed to them (a link its author tagged
    is left alone)."""
    utm = UtmTags.for_post(
        account.channel,
        campaign="" if piece.project_id is None else str(piece.project_id),
        content=str(piece.id),
    )
    rendering = render_publication(version, account, media=piece.media, voice=voice, utm=utm)
    post = RenderedPost.of(rendering)
    parts = [text for text in (first_comment, rendering.first_comment) if text]
    return Rendered(post, "\n\n".join(parts) or None)


def new_publication(
    publication_id: UUID,
    *,
    piece: ContentPiece,
    version: ContentVersion,
    account: ChannelAccount,
    plan: PlannedTime,
    rendered: Rendered,
    now: datetime,
    grace: timedelta | None = None,
    missed_policy: MissedPolicy | None = None,
    schedule_id: ScheduleId | None = None,
) -> Publication:
    """The scheduled publication of ``version`` to ``account`` (the defaults of the grace
    window and the missed policy unless given)."""
    optional: dict[str, object] = {
        k: v for k, v in (("grace", grace), ("missed_policy", missed_policy)) if v is not None
    }
    return Publication.schedule(
        planned=plan,
        now=now,
        id=PublicationId(publication_id),
        organization_id=piece.organization_id,
        brand_id=piece.brand_id,
        project_id=piece.project_id,
        content_id=piece.id,
        content_version_id=version.id,
        channel_account_id=ChannelAccountId(account.id),
        channel=account.channel,
        kind=account.kind,
        rendering=rendered.post,
        first_comment=rendered.first_comment,
        schedule_id=schedule_id,
        **optional,
    )
