"""What a connected integration can publish to or advertise on: the kinds of channel account.

A channel account is one concrete destination inside a connection: a Facebook Page, an
Instagram professional account, a LinkedIn organization, a Mailchimp audience, a Meta ad
account. Each kind belongs to one platform and serves one brand channel.
"""

from __future__ import annotations

from enum import StrEnum

from umt.domain.brand.channels import Channel
from umt.domain.integration.platforms import Platform


class ChannelKind(StrEnum):
    FACEBOOK_PAGE = "facebook_page"
    INSTAGRAM_ACCOUNT = "instagram_account"
    LINKEDIN_ORGANIZATION = "linkedin_organization"
    LINKEDIN_MEMBER = "linkedin_member"
    X_ACCOUNT = "x_account"
    PINTEREST_BOARD = "pinterest_board"
    WORDPRESS_SITE = "wordpress_site"
    MAILCHIMP_AUDIENCE = "mailchimp_audience"
    META_AD_ACCOUNT = "meta_ad_account"
    GOOGLE_ADS_CUSTOMER = "google_ads_customer"
    SANDBOX_ACCOUNT = "sandbox_account"  # posts and email on the sandbox network
    SANDBOX_AD_ACCOUNT = "sandbox_ad_account"


class Role(StrEnum):
    """What umt does with a channel account."""

    PUBLISH = "publish"  # posts and articles
    EMAIL = "email"  # email campaigns to an audience
    ADVERTISE = "advertise"  # campaigns, ad sets, ads


PLATFORM_OF: dict[ChannelKind, Platform] = {
    ChannelKind.FACEBOOK_PAGE: Platform.META,
    ChannelKind.INSTAGRAM_ACCOUNT: Platform.META,
    ChannelKind.LINKEDIN_ORGANIZATION: Platform.LINKEDIN,
    ChannelKind.LINKEDIN_MEMBER: Platform.LINKEDIN,
    ChannelKind.X_ACCOUNT: Platform.X,
    ChannelKind.PINTEREST_BOARD: Platform.PINTEREST,
    ChannelKind.WORDPRESS_SITE: Platform.WORDPRESS,
    ChannelKind.MAILCHIMP_AUDIENCE: Platform.MAILCHIMP,
    ChannelKind.META_AD_ACCOUNT: Platform.META_ADS,
    ChannelKind.GOOGLE_ADS_CUSTOMER: Platform.GOOGLE_ADS,
    ChannelKind.SANDBOX_ACCOUNT: Platform.SANDBOX,
    ChannelKind.SANDBOX_AD_ACCOUNT: Platform.SANDBOX,
}

ROLE_OF: dict[ChannelKind, Role] = {
    **dict.fromkeys(
        (
            ChannelKind.FACEBOOK_PAGE,
            ChannelKind.INSTAGRAM_ACCOUNT,
            ChannelKind.LINKEDIN_ORGANIZATION,
            ChannelKind.LINKEDIN_MEMBER,
            ChannelKind.X_ACCOUNT,
            ChannelKind.PINTEREST_BOARD,
            ChannelKind.WORDPRESS_SITE,
            ChannelKind.SANDBOX_ACCOUNT,
        ),
        Role.PUBLISH,
    ),
    ChannelKind.MAILCHIMP_AUDIENCE: Role.EMAIL,
    ChannelKind.META_AD_ACCOUNT: Role.ADVERTISE,
    ChannelKind.GOOGLE_ADS_CUSTOMER: Role.ADVERTISE,
    ChannelKind.SANDBOX_AD_ACCOUNT: Role.ADVERTISE,
}

# The brand channel a kind serves by default (a brand maps its channels onto accounts).
DEFAULT_CHANNEL: dict[ChannelKind, Channel] = {
    ChannelKind.FACEBOOK_PAGE: Channel.FACEBOOK,
    ChannelKind.INSTAGRAM_ACCOUNT: Channel.INSTAGRAM,
    ChannelKind.LINKEDIN_ORGANIZATION: Channel.LINKEDIN,
    ChannelKind.LINKEDIN_MEMBER: Channel.LINKEDIN,
    ChannelKind.X_ACCOUNT: Channel.X,
    ChannelKind.PINTEREST_BOARD: Channel.PINTEREST,
    ChannelKind.WORDPRESS_SITE: Channel.BLOG,
    ChannelKind.MAILCHIMP_AUDIENCE: Channel.EMAIL,
    ChannelKind.META_AD_ACCOUNT: Channel.META_ADS,
    ChannelKind.GOOGLE_ADS_CUSTOMER: Channel.GOOGLE_ADS,
    ChannelKind.SANDBOX_ACCOUNT: Channel.LINKEDIN,
    ChannelKind.SANDBOX_AD_ACCOUNT: Channel.META_ADS,
}

AD_CHANNELS = frozenset({Channel.GOOGLE_ADS, Channel.META_ADS, Channel.LINKEDIN_ADS})
# The channels a kind may serve besides its default: the sandbox stands in for any network of
# its role, and a WordPress site can be the brand's blog or its website.
_ALSO_SERVES: dict[ChannelKind, frozenset[Channel]] = {
    ChannelKind.WORDPRESS_SITE: frozenset({Channel.WEBSITE}),
    ChannelKind.SANDBOX_ACCOUNT: frozenset(Channel) - AD_CHANNELS,
    ChannelKind.SANDBOX_AD_ACCOUNT: AD_CHANNELS,
}


def channels_served(kind: ChannelKind) -> frozenset[Channel]:
    """The brand channels an account of ``kind`` can be assigned to."""
    return frozenset({DEFAULT_CHANNEL[kind]}) | _ALSO_SERVES.get(kind, frozenset())
