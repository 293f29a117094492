"""The business platforms' connectors (WordPress, Mailchimp, HubSpot, Google Ads, GA4),
built from the apps umt is registered as.

``business_connectors`` (through registry.py) builds the connectors the configured apps
(``PlatformAppConfig``, apps.py) allow: an OAuth platform needs its
app's client id and secret (Google Ads a developer token too), while the form platforms need
nothing and are always available (their entry, if any, only carries options).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

import httpx

from umt.adapters.platforms.apps import PlatformAppConfig, connector_class
from umt.adapters.platforms.mailchimp import MailchimpConnector
from umt.adapters.platforms.wordpress import WordPressConnector
from umt.domain.integration.platforms import Platform
from umt.ports.platform_connector import PlatformConnector

BUSINESS_PLATFORMS = (
    Platform.WORDPRESS,
    Platform.MAILCHIMP,
    Platform.HUBSPOT,
    Platform.GOOGLE_ADS,
    Platform.GOOGLE_ANALYTICS,
)


def business_connectors(
    client: httpx.AsyncClient,
    apps: Mapping[str, PlatformAppConfig],
    now: Callable[[], datetime],
) -> dict[Platform, PlatformConnector]:
    """The business platforms' connectors that ``apps`` allows, keyed by platform.

    Raises ValueError for an option that can never work (a malformed Google Ads customer id or
    API version), so a bad configuration stops start-up instead of every connection.
    """
    empty = PlatformAppConfig()
    connectors: dict[Platform, PlatformConnector] = {}
    wordpress = apps.get(Platform.WORDPRESS.value, empty)
    connectors[Platform.WORDPRESS] = WordPressConnector(client, options=wordpress.options, now=now)
    mailchimp = apps.get(Platform.MAILCHIMP.value, empty)
    connectors[Platform.MAILCHIMP] = MailchimpConnector(
        client, api_base_url=mailchimp.api_base_url, options=mailchimp.options, now=now
    )
    # imported only when configured (see SOCIAL_CONNECTORS in social.py)
    oauth_platforms = {
        Platform.HUBSPOT: "umt.adapters.platforms.hubspot:HubSpotConnector",
        Platform.GOOGLE_ADS: "umt.adapters.platforms.google_ads:GoogleAdsConnector",
        Platform.GOOGLE_ANALYTICS: (
            "umt.adapters.platforms.google_analytics:GoogleAnalyticsConnector"
        ),
    }
    for platform, where in oauth_platforms.items():
        config = apps.get(platform.value)
        app = config.oauth_app if config else None
        if config is None or app is None:
            continue
        if platform is Platform.GOOGLE_ADS and not config.options.get("developer_token"):
            continue  # every Google Ads API call needs the app's developer token
        connector_type: Callable[..., PlatformConnector] = connector_class(where)
        connectors[platform] = connector_type(
            client,
            app=app,
            api_base_url=config.api_base_url,
            auth_base_url=config.auth_base_url,
            options=config.options,
            now=now,
        )
    return connectors
