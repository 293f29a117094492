"""Which scheme verifies which platform, with which configured secret.

The schemes themselves are pure functions in ``umt.domain.integration.signatures``; this
module only picks one and feeds it the request's parts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from umt.application.webhooks.config import InboundSecrets, WebhookEndpointNotFound
from umt.domain.integration.platforms import Platform
from umt.domain.integration.signatures import (
    hubspot,
    linkedin,
    mailchimp,
    meta,
    standard,
    tiktok,
    x,
)

SCHEMES: dict[Platform, str] = {
    Platform.META: "meta-sha256",
    Platform.X: "x-sha256",
    Platform.LINKEDIN: "linkedin-sha256",
    Platform.HUBSPOT: "hubspot-v3",
    Platform.TIKTOK: "tiktok-sha256",
    Platform.MAILCHIMP: "mailchimp-url-secret",
    Platform.SANDBOX: "standard-webhooks-v1",
}
_SECRET_OF: dict[Platform, str] = {
    Platform.META: "meta_app_secret",
    Platform.X: "x_consumer_secret",
    Platform.LINKEDIN: "linkedin_client_secret",
    Platform.HUBSPOT: "hubspot_client_secret",
    Platform.TIKTOK: "tiktok_client_secret",
    Platform.MAILCHIMP: "mailchimp_secret",
    Platform.SANDBOX: "sandbox_secret",
}


@dataclass(frozen=True, slots=True)
class InboundRequest:
    """A request to ``/webhooks/{platform}`` as received: header names lower-cased."""

    platform: str
    method: str
    url: str  # the full URL with its query string
    headers: Mapping[str, str]
    query: Mapping[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class Verified:
    platform: Platform
    scheme: str
    signature: str  # what made it unique besides the body (empty for Mailchimp)


@dataclass(frozen=True, slots=True)
class ChallengeAnswer:
    content_type: str
    body: bytes


def endpoint(platform: str, secrets: InboundSecrets) -> tuple[Platform, str]:
    """The platform and its secret; ``WebhookEndpointNotFound`` when umt takes no webhooks
    from it or none is configured."""
    try:
        known = Platform(platform)
    except ValueError:
        raise WebhookEndpointNotFound(f"no webhook endpoint for {platform!r}") from None
    secret = getattr(secrets, _SECRET_OF[known], None) if known in _SECRET_OF else None
    if not secret:
        raise WebhookEndpointNotFound(f"no webhook endpoint for {platform!r}")
    return known, secret


def signed_url(request: InboundRequest, public_base_url: str) -> str:
    """The URL the platform called: behind a proxy, the configured public base replaces the
    scheme and host this process saw."""
    if not public_base_url:
        return request.url
    parts = urlsplit(request.url)
    tail = parts.path + (f"?{parts.query}" if parts.query else "")
    return public_base_url.rstrip("/") + tail


def verify(
    request: InboundRequest,
    secrets: InboundSecrets,
    *,
    now_seconds: float,
    tolerance_seconds: float,
    public_base_url: str = "",
) -> Verified:
    platform, secret = endpoint(request.platform, secrets)
    h, body = request.headers, request.body
    if platform is Platform.META:
        signature = meta.verify(secret, body, h.get(meta.HEADER))
    elif platform is Platform.X:
        signature = x.verify(secret, body, h.get(x.HEADER))
    elif platform is Platform.LINKEDIN:
        signature = linkedin.verify(secret, body, h.get(linkedin.HEADER))
    elif platform is Platform.HUBSPOT:
        signature = hubspot.verify(
            secret,
            method=request.method,
            uri=signed_url(request, public_base_url),
            body=body,
            header=h.get(hubspot.HEADER),
            timestamp_header=h.get(hubspot.TIMESTAMP_HEADER),
            now_seconds=now_seconds,
            tolerance_seconds=tolerance_seconds,
        )
    elif platform is Platform.TIKTOK:
        signature = tiktok.verify(
            secret,
            body,
            h.get(tiktok.HEADER),
            now_seconds=now_seconds,
            tolerance_seconds=tolerance_seconds,
        )
    elif platform is Platform.MAILCHIMP:
        signature = mailchimp.verify(secret, request.query)
    else:
        signature = standard.verify(
            secret,
            body,
            message_id=h.get(standard.ID_HEADER),
            timestamp=h.get(standard.TIMESTAMP_HEADER),
            signature=h.get(standard.HEADER),
            now_seconds=now_seconds,
            tolerance_seconds=tolerance_seconds,
        )
    return Verified(platform, SCHEMES[platform], signature)


def answer_challenge(request: InboundRequest, secrets: InboundSecrets) -> ChallengeAnswer:
    """The answer to a platform's GET: Meta's handshake, X's CRC, LinkedIn's challenge,
    Mailchimp's URL check. Other platforms have none (404)."""
    platform, secret = endpoint(request.platform, secrets)
    query = dict(request.query)
    if platform is Platform.META:
        token = secrets.meta_verify_token
        if not token:
            raise WebhookEndpointNotFound("the Meta verify token is not configured")
        return ChallengeAnswer("text/plain", meta.answer_handshake(token, query).encode())
    if platform is Platform.X:
        return _json(x.answer_crc(secret, query))
    if platform is Platform.LINKEDIN:
        return _json(linkedin.answer_challenge(secret, query))
    if platform is Platform.MAILCHIMP:
        mailchimp.verify(secret, query)
        return ChallengeAnswer("text/plain", b"ok")
    raise WebhookEndpointNotFound(f"{platform.value} sends no verification requests")


def _json(document: dict[str, str]) -> ChallengeAnswer:
    return ChallengeAnswer("application/json", json.dumps(document).encode())
