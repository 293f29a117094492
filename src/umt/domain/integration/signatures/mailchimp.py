"""Mailchimp (Marketing API) webhooks: no signature.

Mailchimp signs nothing, so the secret is part of the URL you give it
(``.../webhooks/mailchimp?secret=<secret>``) and is compared in constant time. Creating the
webhook, Mailchimp sends a GET to the same URL and expects a 200.
"""

from __future__ import annotations

from collections.abc import Mapping

from umt.domain.integration.signatures.common import (
    RejectReason,
    WebhookSignatureInvalid,
    require,
    same,
)

QUERY_PARAMETER = "secret"


def verify(url_secret: str, query: Mapping[str, str]) -> str:
    given = require(query.get(QUERY_PARAMETER))
    if not same(url_secret, given):
        raise WebhookSignatureInvalid(RejectReason.MISMATCH)
    return ""  # nothing secret worth remembering: the body identifies a replay
