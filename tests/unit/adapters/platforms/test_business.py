"""The business platforms' registry builds the connectors the configuration allows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.support.loopback_server import new_client

from umt.adapters.platforms.apps import PlatformAppConfig
from umt.adapters.platforms.business import BUSINESS_PLATFORMS, business_connectors
from umt.domain.integration.platforms import AuthMethod, Platform

SECRET = "registry-client-secret"


def now() -> datetime:
    return datetime(2026, 11, 25, tzinfo=UTC)


def test_without_apps_only_the_form_platforms_are_available() -> None:
    connectors = business_connectors(new_client(), {}, now)
    assert set(connectors) == {Platform.WORDPRESS, Platform.MAILCHIMP}
    assert connectors[Platform.WORDPRESS].auth_method is AuthMethod.APP_PASSWORD
    assert connectors[Platform.MAILCHIMP].auth_method is AuthMethod.API_KEY


def test_configured_oauth_apps_are_built_each_for_its_platform() -> None:
    app = PlatformAppConfig(client_id="id", client_secret=SECRET)
    connectors = business_connectors(
        new_client(),
        {
            "hubspot": app,
            "google_analytics": app,
            "google_ads": PlatformAppConfig(
                client_id="id", client_secret=SECRET, options={"developer_token": "dt"}
            ),
            "meta": app,  # another helper's platform: not built here
        },
        now,
    )
    assert set(connectors) == set(BUSINESS_PLATFORMS)
    for platform, connector in connectors.items():
        assert connector.platform is platform
    assert SECRET not in repr(app)


def test_half_configured_apps_are_left_out() -> None:
    connectors = business_connectors(
        new_client(),
        {
            "hubspot": PlatformAppConfig(client_id="id"),  # no secret
            "google_ads": PlatformAppConfig(client_id="id", client_secret=SECRET),  # no token
        },
        now,
    )
    assert Platform.HUBSPOT not in connectors
    assert Platform.GOOGLE_ADS not in connectors


def test_an_impossible_option_stops_start_up() -> None:
    bad = PlatformAppConfig(
        client_id="id",
        client_secret=SECRET,
        options={"developer_token": "dt", "login_customer_id": "not-an-id"},
    )
    with pytest.raises(ValueError, match="login_customer_id"):
        business_connectors(new_client(), {"google_ads": bad}, now)
