"""The webhook model: event patterns, the SSRF address rules, the retry policy and a
delivery's states; and the httpx sender's own guard and Retry-After parsing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umt.adapters.httpx.webhook_sender import HttpxWebhookSender, retry_after
from umt.domain.integration.deliveries import (
    AttemptResult,
    DeliveryStatus,
    RetryPolicy,
    WebhookDelivery,
)
from umt.domain.integration.webhooks import (
    InvalidEventPattern,
    SealedSigningSecret,
    UnsafeWebhookUrl,
    WebhookSubscription,
    event_pattern,
    pattern_matches,
    webhook_url,
)
from umt.domain.shared.errors import IllegalTransition
from umt.domain.shared.network import address_is_public
from umt.domain.shared.values import Url

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("pattern", "event_type", "matches"),
    [
        ("brand.created", "brand.created", True),
        ("brand.created", "brand.updated", False),
        ("brand.*", "brand.audience_added", True),
        ("brand.*", "project.created", False),
        ("*.created", "project.created", True),
        ("#", "identity.member_added", True),
        ("brand.#", "brand", True),
        ("brand.*", "brand", False),
    ],
)
def test_patterns_match_like_broker_topics(pattern: str, event_type: str, matches: bool) -> None:
    assert pattern_matches(event_pattern(pattern), event_type) is matches


@pytest.mark.parametrize(
    "bad", ["", "Brand.created", "brand..created", "brand.cre ated", "a" * 101]
)
def test_bad_patterns_are_refused(bad: str) -> None:
    with pytest.raises(InvalidEventPattern):
        event_pattern(bad)


INTERNAL = [
    "127.0.0.1",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",
    "::1",
    "fe80::1",
    "fc00::1",
    "0.0.0.0",  # noqa: S104 - an address to refuse, not one to bind
    "::ffff:127.0.0.1",
    "224.0.0.1",
    "100.64.0.1",
    "not-an-ip",
]


@pytest.mark.parametrize("address", INTERNAL)
def test_internal_addresses_are_not_public(address: str) -> None:
    assert not address_is_public(address)


def test_public_addresses_are() -> None:
    assert address_is_public("93.184.215.14")
    assert address_is_public("2606:4700::1111")


def test_webhook_urls() -> None:
    assert webhook_url("https://hooks.example.com/x", allow_private=False).value
    assert webhook_url("http://127.0.0.1:9000/x", allow_private=True).value
    for bad in ("http://127.0.0.1/x", "http://a.localhost/x", "gopher://x.example/"):
        with pytest.raises(UnsafeWebhookUrl):
            webhook_url(bad, allow_private=False)


@given(attempts=st.integers(1, 60), jitter=st.floats(0, 0.999))
def test_backoff_grows_is_capped_and_jittered(attempts: int, jitter: float) -> None:
    policy = RetryPolicy(max_attempts=100, base_seconds=5, max_seconds=3600)
    delay = policy.delay(attempts, jitter=jitter, retry_after=None)
    ceiling = min(5 * 2 ** (attempts - 1), 3600)
    assert ceiling / 2 <= delay <= ceiling
    assert policy.delay(attempts, jitter=jitter, retry_after=7200) == 3600  # capped too
    assert policy.delay(1, jitter=0, retry_after=30) == 30  # Retry-After honoured


def _delivery() -> WebhookDelivery:
    subscription = WebhookSubscription.create(
        id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        url=Url("https://hooks.example.com/"),
        event_types=["brand.*"],
        description="",
        secret=SealedSigningSecret("k", b"x"),
        now=NOW,
    )
    return WebhookDelivery.for_event(
        id=uuid.uuid4(),
        subscription=subscription,
        event_id=uuid.uuid4(),
        event_type="brand.created",
        payload={},
        now=NOW,
    )


def test_a_delivery_retries_then_fails_or_delivers() -> None:
    policy = RetryPolicy(max_attempts=3, base_seconds=1, max_seconds=10)
    delivery = _delivery()
    delivery.record(AttemptResult(503, 5), now=NOW, policy=policy, jitter=0.5)
    assert delivery.status is DeliveryStatus.PENDING
    assert delivery.next_attempt_at == NOW + timedelta(seconds=0.75)
    delivery.record(AttemptResult(429, 5, retry_after_seconds=8), now=NOW, policy=policy, jitter=0)
    assert delivery.next_attempt_at == NOW + timedelta(seconds=8)
    delivery.record(AttemptResult(None, 5, error="refused"), now=NOW, policy=policy, jitter=0)
    assert delivery.status is DeliveryStatus.FAILED
    assert [a.number for a in delivery.attempt_log] == [1, 2, 3]
    with pytest.raises(IllegalTransition):
        delivery.record(AttemptResult(200, 5), now=NOW, policy=policy, jitter=0)
    final = _delivery()
    final.record(AttemptResult(404, 5), now=NOW, policy=policy, jitter=0)
    assert final.status is DeliveryStatus.FAILED  # a 4xx other than 408/429 is final
    good = _delivery()
    good.record(
        AttemptResult(204, 5, response_excerpt="x" * 5000), now=NOW, policy=policy, jitter=0
    )
    assert good.status is DeliveryStatus.DELIVERED
    assert len(good.attempt_log[0].response_excerpt) == 1024


def test_retry_after_parsing() -> None:
    assert retry_after("120") == 120
    assert retry_after(None) is None
    assert retry_after("soon") is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0


async def test_the_sender_refuses_names_resolving_inside() -> None:
    sender = HttpxWebhookSender(timeout_seconds=1, allow_private=False)
    try:
        result = await sender.post("http://localhost:9/x", b"{}", {})
        assert result.status_code is None
        assert result.error is not None
        assert "refused" in result.error
        assert result.retryable  # the name may point elsewhere later; the policy bounds it
    finally:
        await sender.close()
