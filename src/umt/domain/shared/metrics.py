"""The normalized metrics every platform's numbers are mapped onto.

Platforms name the same thing differently (Graph ``post_impressions``, LinkedIn
``impressionCount``, Mailchimp ``opens_total``); adapters map their raw names onto these and
keep the raw name beside the value. A raw name with no mapping is skipped, never fatal.
Platforms report cumulative totals: a sample is a total as of its observation time.
"""

from __future__ import annotations

from enum import StrEnum


class Metric(StrEnum):
    # social
    IMPRESSIONS = "impressions"
    REACH = "reach"
    LIKES = "likes"
    COMMENTS = "comments"
    SHARES = "shares"
    SAVES = "saves"
    CLICKS = "clicks"
    LINK_CLICKS = "link_clicks"  # clicks through to the post's link (a subset of clicks)
    VIDEO_VIEWS = "video_views"
    # email
    DELIVERED = "delivered"
    OPENS = "opens"
    UNSUBSCRIBES = "unsubscribes"
    BOUNCES = "bounces"
    # ads (clicks and impressions are shared with social)
    SPEND = "spend"
    CONVERSIONS = "conversions"
    CONVERSION_VALUE = "conversion_value"


class SubjectKind(StrEnum):
    """What a sample measures."""

    CONTENT_PIECE = "content_piece"
    PUBLICATION = "publication"
    AD = "ad"
    AD_SET = "ad_set"
    CAMPAIGN = "campaign"
    CHANNEL_ACCOUNT = "channel_account"
    EMAIL_CAMPAIGN = "email_campaign"


# money metrics carry a currency; the rest are counts
MONEY_METRICS = frozenset({Metric.SPEND, Metric.CONVERSION_VALUE})
