"""The ChannelAccount aggregate: discovery defaults, a person's settings, what a discovery
refreshes, gone and back, removal."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from umt.domain.brand.channels import Channel
from umt.domain.publishing.channel_account import (
    AccountStatus,
    ChannelAccount,
    ChannelAccountGone,
    ChannelNotServed,
)
from umt.domain.publishing.channel_kinds import ChannelKind, channels_served
from umt.domain.shared.errors import InvalidValue, StaleVersion

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LATER = T0 + timedelta(hours=1)


def found(kind: ChannelKind = ChannelKind.INSTAGRAM_ACCOUNT, **kw: Any) -> ChannelAccount:
    return ChannelAccount.discover(
        id=uuid.uuid4(),  # type: ignore[arg-type]
        organization_id=uuid.uuid4(),  # type: ignore[arg-type]
        brand_id=uuid.uuid4(),  # type: ignore[arg-type]
        integration_id=uuid.uuid4(),  # type: ignore[arg-type]
        kind=kind,
        external_id="178",
        name="Acme",
        now=T0,
        **kw,
    )


def test_discovery_applies_the_kinds_defaults_and_records_the_event() -> None:
    account = found()
    assert account.channel is Channel.INSTAGRAM
    assert account.daily_cap == 50  # Instagram's documented API publishing limit
    assert account.time_zone == "UTC"
    assert account.status is AccountStatus.ACTIVE
    assert [e.event_type for e in account.events] == ["channel_account.discovered"]
    assert account.events[0].data["kind"] == "instagram_account"


def test_the_platforms_time_zone_is_kept_and_an_unknown_one_refused() -> None:
    assert found(time_zone="America/New_York").time_zone == "America/New_York"
    with pytest.raises(InvalidValue):
        found(time_zone="Mars/Olympus")


def test_an_account_serves_only_the_channels_of_its_kind() -> None:
    with pytest.raises(ChannelNotServed):
        found(ChannelKind.FACEBOOK_PAGE, channel=Channel.BLOG)
    assert found(ChannelKind.WORDPRESS_SITE, channel=Channel.WEBSITE).channel is Channel.WEBSITE
    assert Channel.META_ADS not in channels_served(ChannelKind.SANDBOX_ACCOUNT)
    account = found(ChannelKind.SANDBOX_ACCOUNT)
    account.update({"channel": "x"}, now=LATER)
    assert account.channel is Channel.X
    with pytest.raises(ChannelNotServed):
        account.update({"channel": "google_ads"}, now=LATER)


def test_update_changes_settings_with_before_and_after() -> None:
    account = found()
    account.update(
        {"time_zone": "Europe/Berlin", "daily_cap": 10, "min_spacing_minutes": 60},
        now=LATER,
        expected_version=1,
    )
    assert (account.version, account.updated_at) == (2, LATER)
    event = account.events[-1]
    assert event.event_type == "channel_account.updated"
    assert event.data["changed"] == ["daily_cap", "min_spacing_minutes", "time_zone"]
    assert event.data["before"]["daily_cap"] == 50
    assert event.data["after"]["time_zone"] == "Europe/Berlin"


def test_an_update_that_changes_nothing_records_nothing() -> None:
    account = found()
    account.update({"daily_cap": 50}, now=LATER)
    assert account.version == 1
    assert len(account.events) == 1


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"name": "Other"}, InvalidValue),  # the platform's, not a person's
        ({"daily_cap": 0}, InvalidValue),
        ({"min_spacing_minutes": -1}, InvalidValue),
        ({"min_spacing_minutes": 7 * 24 * 60 + 1}, InvalidValue),
        ({"status": "gone"}, InvalidValue),
        ({"status": "sleeping"}, InvalidValue),
        ({"time_zone": "Nowhere/Town"}, InvalidValue),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(
    changes: dict[str, Any], error: type[Exception]
) -> None:
    account = found()
    with pytest.raises(error):
        account.update(changes, now=LATER)
    assert account.version == 1
    assert account.daily_cap == 50
    assert account.status is AccountStatus.ACTIVE


def test_a_stale_version_is_refused() -> None:
    account = found()
    with pytest.raises(StaleVersion):
        account.update({"daily_cap": 3}, now=LATER, expected_version=7)
    with pytest.raises(StaleVersion):
        account.mark_removed(now=LATER, expected_version=7)


def test_gone_then_found_again_is_active() -> None:
    account = found()
    assert account.mark_gone(now=LATER) is True
    assert account.mark_gone(now=LATER) is False  # not news twice
    assert account.status is AccountStatus.GONE
    assert not account.publishable
    with pytest.raises(ChannelAccountGone):
        account.update({"status": "active"}, now=LATER)
    changed = account.refresh(
        name="Acme Berlin",
        currency=None,
        details={"page_id": "9"},
        has_own_credentials=False,
        now=LATER,
    )
    assert changed is True
    assert account.status is AccountStatus.ACTIVE
    assert (account.name, account.details) == ("Acme Berlin", {"page_id": "9"})
    assert (
        account.refresh(
            name="Acme Berlin",
            currency=None,
            details={"page_id": "9"},
            has_own_credentials=False,
            now=LATER,
        )
        is False
    )


def test_a_person_disabling_a_gone_account_keeps_it_disabled_when_found_again() -> None:
    account = found()
    account.mark_gone(now=LATER)
    account.update({"status": "disabled"}, now=LATER)
    account.refresh(name="Acme", currency=None, details={}, has_own_credentials=False, now=LATER)
    assert account.status is AccountStatus.DISABLED


def test_removal_records_what_was_removed() -> None:
    account = found()
    account.mark_removed(now=LATER, expected_version=1)
    event = account.events[-1]
    assert event.event_type == "channel_account.removed"
    assert event.data == {
        "brand_id": str(account.brand_id),
        "kind": "instagram_account",
        "external_id": "178",
        "name": "Acme",
    }
