"""Capability port: create and steer ad campaigns on an ad platform.

The tree is campaign → ad set (Google Ads: ad group) → ad. Everything is created PAUSED and
activated only once the whole tree exists; each object carries our ``reference`` in its name
so that a tree half-created before a crash is found and completed (``find``), never duplicated.
Money crosses the port as ``Money``; adapters convert to the platform's units (Meta: the
currency's minor unit; Google Ads: micros) and refuse a currency other than the account's.
Where a platform keeps the budget at another level (Google Ads: the campaign budget),
``set_budget`` on the ad set changes that one and the adapter documents it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from umt.domain.advertising.budget import Budget
from umt.domain.advertising.levels import AdLevel, BidStrategy, DeliveryStatus, Objective
from umt.domain.integration.platforms import Platform
from umt.domain.shared.money import Money
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaItem


@dataclass(frozen=True, slots=True, kw_only=True)
class Targeting:
    """Who sees the ads, built from the brand's audiences."""

    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2
    age_min: int | None = None
    age_max: int | None = None
    genders: tuple[str, ...] = ()  # "female", "male"; empty: all
    languages: tuple[str, ...] = ()  # ISO 639-1
    interests: tuple[str, ...] = ()  # free-text interests the adapter resolves or passes on


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignSpec:
    reference: str
    name: str
    objective: Objective
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignUpdate:
    """A launched campaign renamed or moved; None leaves a field as it is.

    ``follower_ad_sets`` are the remote ids of the ad sets that have no dates of their own
    (they follow the campaign's flight): a platform that keeps the dates on its ad sets
    (Meta) moves those, one that keeps them on the campaign (Google Ads) ignores them.
    """

    reference: str
    name: str | None = None  # the new name; the adapter keeps our reference in it
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    drop_end: bool = False  # run on without an end (``ends_at`` is then ignored)
    follower_ad_sets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AdSetSpec:
    reference: str
    name: str
    budget: Budget
    targeting: Targeting
    bid_strategy: BidStrategy = BidStrategy.LOWEST_COST
    bid: Money | None = None  # the cap or target, for the strategies that take one
    placements: tuple[str, ...] = ()  # empty: automatic placements
    starts_at: datetime | None = None  # the ad set's own dates; None: it follows its campaign
    ends_at: datetime | None = None
    # the campaign's flight, which an ad set without dates of its own follows: a platform
    # that keeps the dates on the ad set (Meta) sends these for it
    campaign_starts_at: datetime | None = None
    campaign_ends_at: datetime | None = None

    @property
    def flight(self) -> tuple[datetime | None, datetime | None]:
        """When the ad set delivers: its own dates, else its campaign's."""
        return (self.starts_at or self.campaign_starts_at, self.ends_at or self.campaign_ends_at)


@dataclass(frozen=True, slots=True, kw_only=True)
class Creative:
    headline: str
    body: str
    link: str
    call_to_action: str | None = None
    media: tuple[MediaItem, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AdSpec:
    reference: str
    name: str
    creative: Creative


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoteAdObject:
    """An object as the platform reports it."""

    level: AdLevel
    remote_id: str
    name: str
    status: DeliveryStatus
    budget: Budget | None = None
    reference: str | None = None  # ours, parsed back from the name
    parent_remote_id: str | None = None


@runtime_checkable
class AdNetwork(Protocol):
    @property
    def platform(self) -> Platform: ...

    async def create_campaign(
        self, target: ChannelTarget, credentials: Credentials, spec: CampaignSpec
    ) -> RemoteAdObject:
        """A PAUSED campaign. Raises the typed platform errors (``OutcomeUnknown`` when the
        answer was lost: ``find`` it before trying again)."""
        ...

    async def create_ad_set(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        campaign_remote_id: str,
        spec: AdSetSpec,
    ) -> RemoteAdObject:
        """A PAUSED ad set under the campaign, with its budget."""
        ...

    async def create_ad(
        self, target: ChannelTarget, credentials: Credentials, ad_set_remote_id: str, spec: AdSpec
    ) -> RemoteAdObject:
        """A PAUSED ad (and its creative) in the ad set."""
        ...

    async def set_status(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        remote_id: str,
        status: DeliveryStatus,
    ) -> None: ...

    async def set_budget(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, budget: Budget
    ) -> None:
        """Change an ad set's budget (its kind stays as created)."""
        ...

    async def update_campaign(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        remote_id: str,
        update: CampaignUpdate,
    ) -> None:
        """Rename or move a campaign (and the ad sets following its flight); all or nothing
        where the platform allows, the typed platform errors otherwise."""
        ...

    async def get(
        self, target: ChannelTarget, credentials: Credentials, level: AdLevel, remote_id: str
    ) -> RemoteAdObject | None: ...

    async def find(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        reference: str,
    ) -> RemoteAdObject | None:
        """The object of that level carrying our reference (reconciling a lost answer)."""
        ...

    async def list(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        *,
        parent_remote_id: str | None = None,
    ) -> Sequence[RemoteAdObject]: ...
