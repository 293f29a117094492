"""What the signature schemes share: the rejection, HMAC-SHA256 and the timestamp window."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from enum import StrEnum

from umt.domain.shared.errors import AuthenticationFailed


class RejectReason(StrEnum):
    """Why a delivery was refused; logged, so it names no secret and no signature value."""

    MISSING = "missing_signature"
    MALFORMED = "malformed_signature"
    MISMATCH = "signature_mismatch"
    STALE = "timestamp_outside_tolerance"


class WebhookSignatureInvalid(AuthenticationFailed):
    """The delivery is not provably from the platform (401). ``reason`` says which check
    failed; the message is the same for all of them, so it is no oracle."""

    code = "webhook_signature_invalid"

    def __init__(self, reason: RejectReason) -> None:
        super().__init__("the webhook signature is missing or invalid")
        self.reason = reason


def hmac_sha256(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def same(expected: str | bytes, given: str | bytes) -> bool:
    """Constant-time equality of two strings or byte strings."""
    a = expected.encode() if isinstance(expected, str) else expected
    b = given.encode() if isinstance(given, str) else given
    return hmac.compare_digest(a, b)


def require(value: str | None) -> str:
    """The header's value, or a MISSING rejection."""
    if value is None or not value.strip():
        raise WebhookSignatureInvalid(RejectReason.MISSING)
    return value.strip()


def b64decode(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise WebhookSignatureInvalid(RejectReason.MALFORMED) from None


def within_tolerance(timestamp_seconds: float, now_seconds: float, tolerance: float) -> None:
    """Refuse a timestamp further than ``tolerance`` seconds from now, either way (a clock
    ahead of ours is as suspicious as an old request)."""
    if abs(now_seconds - timestamp_seconds) > tolerance:
        raise WebhookSignatureInvalid(RejectReason.STALE)


def parse_int(text: str) -> int:
    if not text.isdigit() or len(text) > 20:
        raise WebhookSignatureInvalid(RejectReason.MALFORMED)
    return int(text)
