"""The platforms umt connects to, how each authenticates, and what each can do."""

from __future__ import annotations

from enum import StrEnum


class Platform(StrEnum):
    """A platform umt can connect an organization to; the value is the URL path segment."""

    SANDBOX = "sandbox"
    META = "meta"  # Facebook Pages and Instagram Business accounts
    LINKEDIN = "linkedin"  # members and organization pages
    X = "x"
    PINTEREST = "pinterest"
    TIKTOK = "tiktok"
    WORDPRESS = "wordpress"
    MAILCHIMP = "mailchimp"
    HUBSPOT = "hubspot"
    GOOGLE_ADS = "google_ads"
    META_ADS = "meta_ads"
    GOOGLE_ANALYTICS = "google_analytics"  # GA4


class AuthMethod(StrEnum):
    """How an organization connects: OAuth 2.0 redirect, or a validated credentials form."""

    OAUTH2 = "oauth2"
    API_KEY = "api_key"  # Mailchimp API keys
    APP_PASSWORD = "app_password"  # noqa: S105 - a method name: WordPress application passwords


class Capability(StrEnum):
    """What a connected platform can do, so later features ask rather than assume."""

    PUBLISH_TEXT = "publish_text"
    PUBLISH_IMAGES = "publish_images"
    PUBLISH_VIDEO = "publish_video"
    SCHEDULE_NATIVELY = "schedule_natively"
    EMAIL_CAMPAIGNS = "email_campaigns"
    ADS = "ads"
    ANALYTICS = "analytics"
