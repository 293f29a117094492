"""The SyncState aggregate: cursor on success, backoff on failure, the platform's retry time,
and which outcomes are events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from umt.domain.integration.platforms import Platform
from umt.domain.metrics.events import MetricsSynced, MetricsSyncFailed
from umt.domain.metrics.sync_state import (
    FIRST_BACKOFF,
    MAX_BACKOFF,
    SyncCounts,
    SyncState,
    backoff,
)
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def state() -> SyncState:
    return SyncState.start(
        account_id=ChannelAccountId(uuid4()),
        organization_id=OrganizationId(uuid4()),
        brand_id=BrandId(uuid4()),
        platform=Platform.SANDBOX,
        now=T0,
    )


def test_a_new_state_is_due_at_once_with_no_cursor() -> None:
    s = state()
    assert (s.next_due_at, s.cursor, s.version, s.consecutive_failures) == (T0, None, 1, 0)
    assert s.channel_account_id == s.id
    assert s.events == []


def test_success_keeps_the_cursor_and_schedules_the_next_sync() -> None:
    s = state()
    s.succeeded(
        cursor="c1", counts=SyncCounts(readings=9, stored=7, skipped=2), now=T0, interval=HOUR
    )
    assert (s.cursor, s.last_success_at, s.next_due_at, s.samples_stored) == (
        "c1",
        T0,
        T0 + HOUR,
        7,
    )
    assert s.version == 2
    [event] = s.events
    assert isinstance(event, MetricsSynced)
    assert event.data == {
        "brand_id": str(s.brand_id),
        "platform": "sandbox",
        "readings": 9,
        "stored": 7,
        "skipped": 2,
    }


def test_a_sync_that_stored_nothing_is_no_event() -> None:
    s = state()
    s.succeeded(
        cursor="c", counts=SyncCounts(readings=3, stored=0, skipped=0), now=T0, interval=HOUR
    )
    assert s.events == []
    assert s.cursor == "c"


def test_failures_back_off_exponentially_up_to_the_cap_and_keep_the_cursor() -> None:
    assert [backoff(n) for n in range(4)] == [
        timedelta(0),
        FIRST_BACKOFF,
        2 * FIRST_BACKOFF,
        4 * FIRST_BACKOFF,
    ]
    assert backoff(40) == MAX_BACKOFF
    s = state()
    s.succeeded(
        cursor="kept", counts=SyncCounts(readings=1, stored=1, skipped=0), now=T0, interval=HOUR
    )
    now = T0
    for n in range(1, 4):
        now += timedelta(minutes=5)
        s.failed(reason="platform_unavailable", message="503", now=now)
        assert s.consecutive_failures == n
        assert s.next_due_at == now + backoff(n)
    assert s.cursor == "kept"
    assert s.last_success_at == T0
    s.succeeded(
        cursor="next", counts=SyncCounts(readings=0, stored=0, skipped=0), now=now, interval=HOUR
    )
    assert (s.consecutive_failures, s.last_error_reason, s.last_error_message) == (0, None, None)


def test_a_failure_is_an_event_only_when_its_reason_is_new() -> None:
    s = state()
    s.failed(reason="platform_unavailable", message="down", now=T0)
    s.failed(reason="platform_unavailable", message="down", now=T0 + HOUR)
    s.failed(reason="token_expired", message="expired", now=T0 + 2 * HOUR)
    reasons = [e.data["reason"] for e in s.events if isinstance(e, MetricsSyncFailed)]
    assert reasons == ["platform_unavailable", "token_expired"]
    assert s.events[-1].data["consecutive_failures"] == 3


def test_a_platform_retry_time_is_respected() -> None:
    s = state()
    s.failed(reason="rate_limited", message="429", now=T0, retry_after=timedelta(minutes=42))
    assert s.retry_not_before == T0 + timedelta(minutes=42)
    assert s.next_due_at == T0 + timedelta(minutes=42)  # later than the first backoff
    assert s.blocked_until(T0 + timedelta(minutes=41)) == T0 + timedelta(minutes=42)
    assert s.blocked_until(T0 + timedelta(minutes=42)) is None
    s.failed(reason="rate_limited", message="429", now=T0, retry_after=timedelta(seconds=5))
    assert s.next_due_at == T0 + backoff(2)  # the backoff is longer than the platform's wait


def test_a_long_error_message_is_cut_and_a_huge_cursor_refused() -> None:
    s = state()
    s.failed(reason="rejected", message="x" * 2000, now=T0)
    assert s.last_error_message is not None
    assert len(s.last_error_message) == 500
    with pytest.raises(InvalidValue):
        s.succeeded(
            cursor="c" * 2001,
            counts=SyncCounts(readings=0, stored=0, skipped=0),
            now=T0,
            interval=HOUR,
        )


def test_postponing_moves_the_due_time_forward_only() -> None:
    s = state()
    s.postpone(until=T0 + HOUR, now=T0)
    assert (s.next_due_at, s.version) == (T0 + HOUR, 2)
    with pytest.raises(InvalidValue):
        s.postpone(until=T0 - HOUR, now=T0)
