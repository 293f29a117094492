"""The RemoteObjectIndex port: which of umt's objects a platform's id stands for.

Whoever creates something on a platform (a publication's post, an email campaign, a campaign,
ad set or ad) remembers the platform's id for it on the channel account it was created
through, in the same unit of work that records the outcome. Metric sync reads it back twice:
the remote ids of an account (a ``MetricSource`` that asks per object needs them) and, for each
reading, the umt subject its ``subject_remote_id`` stands for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId
from umt.domain.shared.metrics import SubjectKind


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoteObject:
    """One platform object and the umt subject it stands for."""

    organization_id: OrganizationId
    brand_id: BrandId
    channel_account_id: ChannelAccountId
    subject_kind: SubjectKind
    subject_id: UUID  # umt's id of the publication, email campaign, campaign, ad set or ad
    remote_id: str  # the platform's id (a post id, a URN, a resource name)


class RemoteObjectIndex(Protocol):
    async def remember(
        self,
        *,
        organization_id: OrganizationId,
        brand_id: BrandId,
        channel_account_id: ChannelAccountId,
        subject_kind: SubjectKind,
        subject_id: UUID,
        remote_id: str,
    ) -> bool:
        """Record that ``remote_id`` on the account stands for the subject, in this unit of
        work's transaction; ``True`` if it is new. Remembering the same pair again changes
        nothing (``False``); a remote id the account already maps to another subject raises
        ``Conflict`` (one platform object is never two of ours)."""
        ...

    async def lookup(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        remote_id: str,
    ) -> RemoteObject | None:
        """The subject ``remote_id`` stands for on that account, if remembered."""
        ...

    async def remote_ids(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        *,
        subject_kinds: frozenset[SubjectKind] | None = None,
    ) -> Sequence[str]:
        """Every remote id remembered on the account (of those kinds, when given), sorted."""
        ...

    async def of_account(
        self, organization_id: OrganizationId, channel_account_id: ChannelAccountId
    ) -> Sequence[RemoteObject]:
        """Everything remembered on the account, sorted by remote id (a sync maps each
        reading's remote id through it)."""
        ...

    async def of_subject(
        self, organization_id: OrganizationId, subject_kind: SubjectKind, subject_id: UUID
    ) -> Sequence[RemoteObject]:
        """What one umt subject is on the platforms (one per account it went to), sorted by
        account and remote id."""
        ...
