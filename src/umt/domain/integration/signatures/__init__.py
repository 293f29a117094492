"""Webhook signature schemes, one module each: pure functions over the raw request.

Every ``verify`` raises ``WebhookSignatureInvalid`` (with a reason, never the values) or
returns normally; comparisons are constant-time (``hmac.compare_digest``). Schemes with a
timestamp also refuse one outside the tolerance, so a captured request cannot be replayed
later; replays inside the window are caught by the digest the receiver remembers.
"""
