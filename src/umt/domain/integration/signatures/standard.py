"""Standard Webhooks (standardwebhooks.com): umt's own outbound scheme, and the sandbox's.

Headers ``webhook-id``, ``webhook-timestamp`` (Unix seconds) and ``webhook-signature``: a
space-separated list of ``v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>``, any of
which may match (several during a secret rotation). Secrets are ``whsec_`` + base64 of the
key bytes.
"""

from __future__ import annotations

import base64
import secrets

from umt.domain.integration.signatures.common import (
    RejectReason,
    WebhookSignatureInvalid,
    b64decode,
    hmac_sha256,
    parse_int,
    require,
    same,
    within_tolerance,
)

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
HEADER = "webhook-signature"
SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
KEY_BYTES = 32


def new_secret() -> str:
    """A fresh signing secret, ``whsec_`` + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def key_of(secret: str) -> bytes:
    """The HMAC key of a ``whsec_`` secret (any other string is used as its UTF-8 bytes)."""
    if secret.startswith(SECRET_PREFIX):
        return b64decode(secret[len(SECRET_PREFIX) :])
    return secret.encode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    content = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac_sha256(key_of(secret), content)).decode()


def headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three headers of a signed delivery."""
    return {
        ID_HEADER: message_id,
        TIMESTAMP_HEADER: str(timestamp),
        HEADER: sign(secret, message_id, timestamp, body),
    }


def verify(
    secret: str,
    body: bytes,
    *,
    message_id: str | None,
    timestamp: str | None,
    signature: str | None,
    now_seconds: float,
    tolerance_seconds: float,
) -> str:
    ident, stamp, value = require(message_id), require(timestamp), require(signature)
    seconds = parse_int(stamp)
    within_tolerance(seconds, now_seconds, tolerance_seconds)
    expected = sign(secret, ident, seconds, body)
    for candidate in value.split():
        if candidate.startswith("v1,") and same(expected, candidate):
            return value
    raise WebhookSignatureInvalid(RejectReason.MISMATCH)
