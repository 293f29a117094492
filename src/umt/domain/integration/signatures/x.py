"""X (Twitter) Account Activity API webhooks.

POSTs carry ``x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret,
raw body)>``; no timestamp. The challenge-response check (CRC) is ``GET ?crc_token=<t>``,
answered with ``{"response_token": "sha256=<base64 HMAC-SHA256(consumer secret, t)>"}``.
"""

from __future__ import annotations

import base64

from umt.domain.integration.signatures.common import (
    RejectReason,
    WebhookSignatureInvalid,
    hmac_sha256,
    require,
    same,
)

HEADER = "x-twitter-webhooks-signature"
PREFIX = "sha256="


def sign(consumer_secret: str, message: bytes) -> str:
    return PREFIX + base64.b64encode(hmac_sha256(consumer_secret.encode(), message)).decode()


def verify(consumer_secret: str, body: bytes, header: str | None) -> str:
    value = require(header)
    if not value.startswith(PREFIX):
        raise WebhookSignatureInvalid(RejectReason.MALFORMED)
    if not same(sign(consumer_secret, body), value):
        raise WebhookSignatureInvalid(RejectReason.MISMATCH)
    return value


def answer_crc(consumer_secret: str, query: dict[str, str]) -> dict[str, str]:
    token = query.get("crc_token")
    if not token:
        raise WebhookSignatureInvalid(RejectReason.MISSING)
    return {"response_token": sign(consumer_secret, token.encode())}
