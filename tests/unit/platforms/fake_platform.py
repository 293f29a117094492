"""What the fake platform servers of these tests share: PKCE, client auth and leak checks.

Each fake is a Litestar app that checks requests the way the platform documents them and answers
in the platform's documented shapes; these helpers keep the checks the same everywhere.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
CLIENT_ID = "app-123"
CLIENT_SECRET = "s3cr3t-client-secret-value"
VERIFIER = "v" * 20 + "-._~" + "w" * 30  # 54 characters of the RFC 7636 alphabet
REDIRECT_URI = "https://umt.example/api/v1/integrations/x/callback"


def s256(verifier: str) -> str:
    """RFC 7636 S256: BASE64URL(SHA256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


CHALLENGE = s256(VERIFIER)


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """The (client id, secret) of an ``Authorization: Basic`` header."""
    if not header or not header.lower().startswith("basic "):
        return None
    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    return user, password


def bearer_token(header: str | None) -> str | None:
    if not header or not header.lower().startswith("bearer "):
        return None
    return header[7:]


def assert_no_secrets(error: BaseException, secrets: Iterable[str]) -> None:
    """Neither the message nor the representation of an error carries a credential."""
    for secret in secrets:
        assert secret not in str(error)
        assert secret not in repr(error)
