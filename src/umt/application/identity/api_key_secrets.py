"""The text of an API key: ``umt_<public id>_<secret>``, and how its secret is stored.

The secret is 32 bytes from ``secrets`` (256 bits). It is stored as its SHA-256, not with
argon2 like passwords: a slow, salted hash protects low-entropy secrets that people choose
against guessing, but 256 random bits cannot be guessed however fast the hash, and a key is
checked on every request, where argon2's deliberate ~50 ms would be the cost of each call.
The public id (64 random bits) only finds the row; it proves nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

API_KEY_PREFIX = "umt_"
_PUBLIC_ID_BYTES = 8
_SECRET_BYTES = 32
_SHAPE = re.compile(r"^umt_([0-9a-f]{16})_([0-9a-f]{64})$")


@dataclass(frozen=True, slots=True)
class NewSecret:
    public_id: str
    token: str  # the whole key, shown once
    secret_hash: str


def new_api_key_secret() -> NewSecret:
    public_id = secrets.token_hex(_PUBLIC_ID_BYTES)
    secret = secrets.token_hex(_SECRET_BYTES)
    return NewSecret(
        public_id=public_id,
        token=f"{API_KEY_PREFIX}{public_id}_{secret}",
        secret_hash=hash_secret(secret),
    )


def looks_like_api_key(token: str) -> bool:
    """Whether a bearer token is meant as an API key (and not an access token)."""
    return token.startswith(API_KEY_PREFIX)


def split_api_key(token: str) -> tuple[str, str] | None:
    """(public id, secret) of a well-formed key, else None."""
    match = _SHAPE.match(token)
    return (match.group(1), match.group(2)) if match else None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Constant-time comparison, so response times reveal nothing of the stored hash."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)
