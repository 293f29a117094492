"""The ChannelAccount aggregate: discovery defaults, a person's settings, what a discovery
refreshes, gone and back, disabled by a disconnected integration and back, removal."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from umt.domain.brand.channels import Channel
from umt.domain.publishing.channel_account import (
    AccountStatus,
    ChannelAccount,
    ChannelAccountGone,
    ChannelNotServed,
    IntegrationDisconnected,
    StatusReason,
    unavailable,
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


def test_a_revoked_integration_disables_an_active_account_with_the_reason() -> None:
    account = found()
    account.events.clear()

    assert account.integration_revoked(now=LATER)

    assert (account.status, account.status_reason) == (
        AccountStatus.DISABLED,
        StatusReason.INTEGRATION_REVOKED,
    )
    assert [e.event_type for e in account.events] == ["channel_account.updated"]
    assert account.events[0].data["after"] == {
        "status": "disabled",
        "status_reason": "integration_revoked",
    }
    assert not account.integration_revoked(now=LATER)  # no news twice
    assert "disconnected" in unavailable(account)


@pytest.mark.parametrize("status", ["disabled", "gone"])
def test_a_revoked_integration_leaves_an_inactive_account_as_it_is(status: str) -> None:
    account = found()
    if status == "gone":
        account.mark_gone(now=T0)
    else:
        account.update({"status": "disabled"}, now=T0)
    version = account.version

    assert not account.integration_revoked(now=LATER)

    assert (account.status.value, account.status_reason, account.version) == (
        status,
        None,
        version,
    )


def test_a_person_cannot_switch_on_an_account_of_a_disconnected_integration() -> None:
    account = found()
    account.integration_revoked(now=T0)
    version = account.version

    with pytest.raises(IntegrationDisconnected):
        account.update({"status": "active"}, now=LATER)

    assert (account.status, account.version) == (AccountStatus.DISABLED, version)
    account.update({"status": "disabled", "daily_cap": 5}, now=LATER)  # the rest changes
    assert (account.daily_cap, account.status_reason) == (5, StatusReason.INTEGRATION_REVOKED)


def test_found_through_a_new_connection_it_moves_there_and_is_active_again() -> None:
    account = found()
    account.integration_revoked(now=T0)
    account.events.clear()
    new = uuid.uuid4()

    changed = account.refresh(
        name="Acme",
        currency=None,
        details={},
        has_own_credentials=False,
        now=LATER,
        integration_id=new,  # type: ignore[arg-type]
    )

    assert changed
    assert (account.integration_id, account.status, account.status_reason) == (
        new,
        AccountStatus.ACTIVE,
        None,
    )
    assert account.events[0].data["changed"] == ["integration_id", "status", "status_reason"]


def test_found_through_a_new_connection_a_person_disabled_account_stays_disabled() -> None:
    account = found()
    account.update({"status": "disabled"}, now=T0)
    new = uuid.uuid4()

    account.refresh(
        name="Acme",
        currency=None,
        details={},
        has_own_credentials=False,
        now=LATER,
        integration_id=new,  # type: ignore[arg-type]
    )

    assert (account.integration_id, account.status) == (new, AccountStatus.DISABLED)


def test_only_a_disabled_account_has_a_reason() -> None:
    with pytest.raises(InvalidValue):
        replace(found(), status_reason=StatusReason.INTEGRATION_REVOKED, events=[])
