"""ReceiveWebhook: verify a platform's delivery, store it once, announce it on the outbox.

Replays: a digest of the platform, the signature and the body is remembered in the cache for
the tolerance window (Redis in production: every instance sees it), and the table's unique
(platform, digest) refuses a second row even when the cache missed or two copies raced. A
replay is answered 200 like the first delivery (the platform must stop retrying) but is not
recorded again. Failures are logged with the platform and the reason, never a value.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from umt.application.services import Context
from umt.application.webhooks.config import WebhookConfig
from umt.application.webhooks.verification import (
    ChallengeAnswer,
    InboundRequest,
    answer_challenge,
    verify,
)
from umt.domain.integration.inbound import (
    NO_ORGANIZATION,
    InboundWebhook,
    WebhookReceived,
    WebhookStored,
)
from umt.domain.integration.signatures.common import WebhookSignatureInvalid
from umt.domain.shared.errors import Conflict
from umt.ports.cache import Cache
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator

log = logging.getLogger("umt.webhooks")

# headers worth keeping with the body: how it was sent and the platform's own ids and times,
# never a signature
KEPT_HEADERS = frozenset(
    {
        "content-type",
        "user-agent",
        "webhook-id",
        "webhook-timestamp",
        "x-hubspot-request-timestamp",
        "x-li-format",
        "x-request-id",
    }
)
SEEN_PREFIX = "umt:webhook-seen:"


@dataclass(frozen=True, slots=True)
class ReceiveWebhook:
    request: InboundRequest


@dataclass(frozen=True, slots=True)
class Receipt:
    webhook_id: UUID | None  # None for a replay
    duplicate: bool


@dataclass(frozen=True, slots=True)
class AnswerWebhookChallenge:
    request: InboundRequest


def kept_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {k: v[:500] for k, v in headers.items() if k in KEPT_HEADERS}


async def receive_webhook(
    cmd: ReceiveWebhook,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    webhooks: WebhookConfig,
) -> Receipt:
    config = webhooks
    request = cmd.request
    now = clock.now()
    try:
        verified = verify(
            request,
            config.inbound,
            now_seconds=now.timestamp(),
            tolerance_seconds=config.tolerance_seconds,
            public_base_url=config.public_base_url,
        )
    except WebhookSignatureInvalid as exc:
        log.warning(
            "webhook refused", extra={"platform": request.platform, "reason": exc.reason.value}
        )
        raise
    digest = hashlib.sha256(
        b"\n".join((verified.platform.value.encode(), verified.signature.encode(), request.body))
    ).hexdigest()
    seen_key = f"{SEEN_PREFIX}{verified.platform.value}:{digest}"
    if await _seen(config.replay_cache, seen_key):
        return Receipt(None, duplicate=True)
    webhook = InboundWebhook(
        id=ids.new_id(),
        platform=verified.platform,
        received_at=now,
        scheme=verified.scheme,
        digest=digest,
        headers=kept_headers(request.headers),
        body=request.body,
    )
    try:
        new = await _store(ctx, ids, webhook, now)
    except Conflict:  # a copy racing this one committed first (in-memory store)
        new = False
    await _remember(config.replay_cache, seen_key, config.tolerance_seconds)
    return Receipt(webhook.id if new else None, duplicate=not new)


async def _store(ctx: Context, ids: IdGenerator, webhook: InboundWebhook, now: datetime) -> bool:
    """The row and its announcement, one transaction; False when it was stored before."""
    async with ctx.uow as uow:
        new = await uow.inbound_webhooks.add(webhook)
        if new:
            event = WebhookReceived.of(
                WebhookStored(
                    webhook_id=webhook.id,
                    platform=webhook.platform.value,
                    scheme=webhook.scheme,
                ),
                aggregate_id=webhook.id,
                organization_id=NO_ORGANIZATION,
                occurred_at=now,
            )
            await uow.outbox.append(ids.new_id(), event)
        await uow.commit()
    return new


async def answer_webhook_challenge(
    cmd: AnswerWebhookChallenge, ctx: Context, *, webhooks: WebhookConfig
) -> ChallengeAnswer:
    config = webhooks
    try:
        return answer_challenge(cmd.request, config.inbound)
    except WebhookSignatureInvalid as exc:
        log.warning(
            "webhook verification request refused",
            extra={"platform": cmd.request.platform, "reason": exc.reason.value},
        )
        raise


async def _seen(cache: Cache, key: str) -> bool:
    # The cache is the fast path only (the unique digest in the table is the guarantee), so
    # a cache that is down is read as a miss.
    try:
        return await cache.get(key) is not None
    except Exception:
        log.debug("replay cache unavailable; the table's unique digest still guards")
        return False


async def _remember(cache: Cache, key: str, tolerance_seconds: int) -> None:
    try:
        # twice the window: a timestamp may sit up to the tolerance on either side of now
        await cache.set(key, b"1", ttl_seconds=2 * tolerance_seconds)
    except Exception:
        log.debug("replay cache unavailable; the table's unique digest still guards")
