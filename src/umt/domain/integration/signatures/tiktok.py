"""TikTok webhooks.

``TikTok-Signature: t=<unix seconds>,s=<hex HMAC-SHA256(client secret, "<t>.<raw body>")>``.
The timestamp is signed, so it cannot be moved; one outside the tolerance is refused.
"""

from __future__ import annotations

from umt.domain.integration.signatures.common import (
    RejectReason,
    WebhookSignatureInvalid,
    hmac_sha256,
    parse_int,
    require,
    same,
    within_tolerance,
)

HEADER = "tiktok-signature"


def sign(client_secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac_sha256(client_secret.encode(), str(timestamp).encode() + b"." + body).hex()
    return f"t={timestamp},s={digest}"


def verify(
    client_secret: str,
    body: bytes,
    header: str | None,
    *,
    now_seconds: float,
    tolerance_seconds: float,
) -> str:
    value = require(header)
    parts: dict[str, str] = {}
    for element in value.split(","):
        key, sep, item = element.strip().partition("=")
        if not sep:
            raise WebhookSignatureInvalid(RejectReason.MALFORMED)
        parts[key] = item
    if "t" not in parts or "s" not in parts:
        raise WebhookSignatureInvalid(RejectReason.MALFORMED)
    stamp = parse_int(parts["t"])
    expected = hmac_sha256(client_secret.encode(), parts["t"].encode() + b"." + body).hex()
    if not same(expected, parts["s"].lower()):
        raise WebhookSignatureInvalid(RejectReason.MISMATCH)
    within_tolerance(stamp, now_seconds, tolerance_seconds)
    return value
