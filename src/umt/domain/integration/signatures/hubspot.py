"""HubSpot webhooks, signature v3.

``X-HubSpot-Signature-v3`` is base64 HMAC-SHA256, keyed with the app's client secret, of
``method + uri + body + timestamp`` (UTF-8), where the timestamp is the
``X-HubSpot-Request-Timestamp`` header (Unix milliseconds) and the URI the full URL HubSpot
called. HubSpot says to refuse timestamps older than five minutes.
"""

from __future__ import annotations

import base64
import re

from umt.domain.integration.signatures.common import (
    RejectReason,
    WebhookSignatureInvalid,
    hmac_sha256,
    parse_int,
    require,
    same,
    within_tolerance,
)

HEADER = "x-hubspot-signature-v3"
# HubSpot signs the URI with these escapes decoded (and only these), per its documentation
_DECODED = {
    "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
    "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
}  # fmt: skip
_ESCAPE = re.compile("|".join(_DECODED), re.IGNORECASE)


def signed_uri(uri: str) -> str:
    """The URI as HubSpot signs it: the documented escapes decoded, the others kept."""
    return _ESCAPE.sub(lambda m: _DECODED[m.group(0).upper()], uri)


TIMESTAMP_HEADER = "x-hubspot-request-timestamp"


def sign(client_secret: str, method: str, uri: str, body: bytes, timestamp_ms: str) -> str:
    message = method.upper().encode() + uri.encode() + body + timestamp_ms.encode()
    return base64.b64encode(hmac_sha256(client_secret.encode(), message)).decode()


def verify(
    client_secret: str,
    *,
    method: str,
    uri: str,
    body: bytes,
    header: str | None,
    timestamp_header: str | None,
    now_seconds: float,
    tolerance_seconds: float,
) -> str:
    value = require(header)
    stamp = require(timestamp_header)
    within_tolerance(parse_int(stamp) / 1000, now_seconds, tolerance_seconds)
    if not same(sign(client_secret, method, signed_uri(uri), body, stamp), value):
        raise WebhookSignatureInvalid(RejectReason.MISMATCH)
    return value
