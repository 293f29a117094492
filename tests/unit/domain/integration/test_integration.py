"""The Integration aggregate's state machine and its events."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from umt.domain.integration.errors import ErrorReason
from umt.domain.integration.integration import (
    Account,
    Integration,
    IntegrationId,
    IntegrationStatus,
)
from umt.domain.integration.platforms import Platform
from umt.domain.shared.errors import IllegalTransition, InvalidValue
from umt.domain.shared.ids import OrganizationId, UserId

T0 = datetime(2026, 3, 1, tzinfo=UTC)
ACCOUNT = Account(external_id="page-1", name="Acme")


def pending() -> Integration:
    return Integration.start(
        id=IntegrationId(uuid.uuid4()),
        organization_id=OrganizationId(uuid.uuid4()),
        platform=Platform.META,
        created_by=UserId(uuid.uuid4()),
        now=T0,
    )


def connected() -> Integration:
    integration = pending()
    integration.connect(ACCOUNT, scopes=frozenset({"a"}), token_expires_at=None, now=T0)
    integration.events.clear()
    return integration


def kinds(integration: Integration) -> list[str]:
    return [e.event_type for e in integration.events]


def test_pending_connects_and_records_it() -> None:
    integration = pending()
    assert integration.status is IntegrationStatus.PENDING
    integration.connect(ACCOUNT, scopes=frozenset({"a"}), token_expires_at=None, now=T0)
    assert integration.status is IntegrationStatus.CONNECTED
    assert integration.connected_at == T0
    assert kinds(integration) == ["integration.connected"]
    assert integration.events[0].data["reconnected"] is False


@pytest.mark.parametrize(
    "move",
    [
        lambda i: i.require_reauth(ErrorReason.TOKEN_EXPIRED, now=T0),
        lambda i: i.fail(ErrorReason.REJECTED, now=T0),
        lambda i: i.tokens_refreshed(token_expires_at=None, scopes=frozenset(), now=T0),
        lambda i: i.record_health(None, needs_reauth=False, now=T0),
    ],
)
def test_a_pending_integration_cannot_skip_connecting(move: object) -> None:
    with pytest.raises(IllegalTransition):
        move(pending())  # type: ignore[operator]


def test_revoked_is_final() -> None:
    integration = connected()
    integration.revoke(now=T0)
    assert kinds(integration) == ["integration.revoked"]
    assert integration.next_health_check_at is None
    for move in (
        lambda: integration.connect(ACCOUNT, scopes=frozenset(), token_expires_at=None, now=T0),
        lambda: integration.require_reauth(ErrorReason.TOKEN_EXPIRED, now=T0),
        lambda: integration.revoke(now=T0),
    ):
        with pytest.raises(IllegalTransition):
            move()


def test_needs_reauth_is_recorded_once() -> None:
    integration = connected()
    integration.require_reauth(ErrorReason.TOKEN_REVOKED, now=T0)
    integration.require_reauth(ErrorReason.TOKEN_EXPIRED, now=T0)
    assert kinds(integration) == ["integration.needs_reauth"]
    assert integration.error_reason is ErrorReason.TOKEN_REVOKED
    integration.connect(ACCOUNT, scopes=frozenset(), token_expires_at=None, now=T0)
    assert integration.error_reason is None
    assert integration.events[-1].data["reconnected"] is True


def test_an_integration_stays_with_its_account() -> None:
    with pytest.raises(IllegalTransition):
        connected().connect(
            Account(external_id="other", name=""), scopes=frozenset(), token_expires_at=None, now=T0
        )


def test_health_results_are_recorded_when_they_change() -> None:
    integration = connected()
    later = T0 + timedelta(hours=1)
    integration.record_health(None, needs_reauth=False, now=T0)
    integration.record_health(None, needs_reauth=False, now=later)
    assert kinds(integration) == ["integration.health_checked"]
    assert integration.last_health is not None
    assert integration.last_health.checked_at == later
    integration.record_health(ErrorReason.RATE_LIMITED, needs_reauth=False, now=later)
    assert integration.status is IntegrationStatus.CONNECTED  # a rate limit says nothing
    integration.record_health(ErrorReason.PLATFORM_UNAVAILABLE, needs_reauth=False, now=later)
    assert integration.status is IntegrationStatus.ERROR
    integration.record_health(None, needs_reauth=False, now=later)
    assert integration.status is IntegrationStatus.CONNECTED
    assert kinds(integration).count("integration.failed") == 1
    assert kinds(integration).count("integration.health_checked") == 4


def test_scopes_are_bounded() -> None:
    with pytest.raises(InvalidValue):
        pending().connect(
            ACCOUNT,
            scopes=frozenset(f"s{i}" for i in range(101)),
            token_expires_at=None,
            now=T0,
        )
