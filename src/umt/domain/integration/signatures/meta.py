"""Meta (Facebook, Instagram) Graph API webhooks.

POSTs carry ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>``; no
timestamp. Subscribing, Meta sends ``GET ?hub.mode=subscribe&hub.verify_token=<yours>
&hub.challenge=<n>`` and expects the challenge echoed back when the token is yours.
"""

from __future__ import annotations

from umt.domain.integration.signatures.common import (
    RejectReason,
    WebhookSignatureInvalid,
    hmac_sha256,
    require,
    same,
)

HEADER = "x-hub-signature-256"
PREFIX = "sha256="


def sign(app_secret: str, body: bytes) -> str:
    return PREFIX + hmac_sha256(app_secret.encode(), body).hex()


def verify(app_secret: str, body: bytes, header: str | None) -> str:
    """The signature header's value once it proves the body; else WebhookSignatureInvalid."""
    value = require(header)
    if not value.lower().startswith(PREFIX):
        raise WebhookSignatureInvalid(RejectReason.MALFORMED)
    if not same(sign(app_secret, body), PREFIX + value[len(PREFIX) :].lower()):
        raise WebhookSignatureInvalid(RejectReason.MISMATCH)
    return value


def answer_handshake(verify_token: str, query: dict[str, str]) -> str:
    """The ``hub.challenge`` to echo when the subscription request carries our token."""
    if query.get("hub.mode") != "subscribe" or "hub.challenge" not in query:
        raise WebhookSignatureInvalid(RejectReason.MISSING)
    if not same(verify_token, query.get("hub.verify_token", "")):
        raise WebhookSignatureInvalid(RejectReason.MISMATCH)
    return query["hub.challenge"]
