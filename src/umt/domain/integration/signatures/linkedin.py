"""LinkedIn webhooks.

LinkedIn's documentation: the ``X-LI-Signature`` header is the hex HMAC-SHA256, keyed with
the app's client secret, of the POST body *prefixed by* ``hmacsha256=``. Some senders also
prefix the header value itself with ``hmacsha256=``; both forms are accepted. No timestamp.
Validating the endpoint, LinkedIn sends ``GET ?challengeCode=<uuid>`` and expects
``{"challengeCode": c, "challengeResponse": hex HMAC-SHA256(client secret, c)}``.
"""

from __future__ import annotations

from umt.domain.integration.signatures.common import (
    RejectReason,
    WebhookSignatureInvalid,
    hmac_sha256,
    require,
    same,
)

HEADER = "x-li-signature"
PREFIX = "hmacsha256="


def sign(client_secret: str, body: bytes) -> str:
    return hmac_sha256(client_secret.encode(), PREFIX.encode() + body).hex()


def verify(client_secret: str, body: bytes, header: str | None) -> str:
    value = require(header)
    given = value.removeprefix(PREFIX).lower()
    if not same(sign(client_secret, body), given):
        raise WebhookSignatureInvalid(RejectReason.MISMATCH)
    return value


def answer_challenge(client_secret: str, query: dict[str, str]) -> dict[str, str]:
    code = query.get("challengeCode")
    if not code:
        raise WebhookSignatureInvalid(RejectReason.MISSING)
    response = hmac_sha256(client_secret.encode(), code.encode()).hex()
    return {"challengeCode": code, "challengeResponse": response}
