"""What the advertising use cases need of an ad network: the network of an account, its
target and credentials, and the specs of our objects as the ``AdNetwork`` port takes them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.errors import AdAccountInvalid
from umt.domain.advertising.tree import Ad, AdSet
from umt.domain.integration.errors import PlatformNotConfigured
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import ChannelAccount
from umt.ports.ad_network import AdNetwork, AdSetSpec, AdSpec, CampaignSpec, Creative, Targeting
from umt.ports.channel_credentials import ChannelCredentials, target_of
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials, PlatformConnector
from umt.ports.publisher import MediaItem, MediaKind


@dataclass(frozen=True, slots=True)
class Remote:
    """An ad account ready for calls: its network, target and fresh credentials."""

    network: AdNetwork
    target: ChannelTarget
    credentials: Credentials


async def remote_for(
    account: ChannelAccount,
    platforms: Mapping[Platform, PlatformConnector],
    channel_credentials: ChannelCredentials,
) -> Remote:
    connector = platforms.get(account.platform)
    if connector is None:
        raise PlatformNotConfigured(f"{account.platform.value} is not configured here")
    if not isinstance(connector, AdNetwork):
        raise AdAccountInvalid(
            f"{account.platform.value} runs no ad campaigns", field="ad_account_id"
        )
    credentials = await channel_credentials.for_account(account)
    return Remote(connector, target_of(account), credentials)


def campaign_spec(campaign: Campaign) -> CampaignSpec:
    return CampaignSpec(
        reference=campaign.reference,
        name=campaign.name,
        objective=campaign.objective,
        starts_at=campaign.starts_at,
        ends_at=campaign.ends_at,
    )


def ad_set_spec(campaign: Campaign, ad_set: AdSet) -> AdSetSpec:
    t = ad_set.targeting
    return AdSetSpec(
        reference=ad_set.reference,
        name=ad_set.name,
        budget=ad_set.budget,
        targeting=Targeting(
            countries=t.countries,
            age_min=t.age_min,
            age_max=t.age_max,
            genders=t.genders,
            languages=t.languages,
            interests=t.interests,
        ),
        bid_strategy=ad_set.bid_strategy,
        bid=ad_set.bid,
        placements=ad_set.placements,
        starts_at=ad_set.starts_at,
        ends_at=ad_set.ends_at,
        campaign_starts_at=campaign.starts_at,
        campaign_ends_at=campaign.ends_at,
    )


def ad_spec(ad: Ad) -> AdSpec:
    c = ad.creative
    return AdSpec(
        reference=ad.reference,
        name=ad.name,
        creative=Creative(
            headline=c.headline,
            body=c.body,
            link=c.link.value,
            call_to_action=c.call_to_action,
            media=tuple(
                MediaItem(url=m.url.value, kind=MediaKind(m.kind), alt_text=m.alt_text or None)
                for m in c.media
            ),
        ),
    )
