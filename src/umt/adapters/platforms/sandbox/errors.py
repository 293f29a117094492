"""The sandbox network's own errors, named by the OAuth 2.0 / API error code a real platform
would answer with; ``SandboxConnector`` maps them onto the typed platform errors."""

from __future__ import annotations


class SandboxError(Exception):
    """A refused sandbox call; ``code`` is the wire error code (``invalid_grant``, ...)."""

    code = "sandbox_error"
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidRequest(SandboxError):
    """A malformed authorization or API request (a missing or invalid parameter)."""

    code = "invalid_request"


class InvalidClient(SandboxError):
    """The client id is unknown, or the redirect URI is not one registered for it."""

    code = "invalid_client"
    status = 401


class InvalidScope(SandboxError):
    code = "invalid_scope"


class InvalidGrant(SandboxError):
    """An authorization code or refresh token that is unknown, spent, expired, issued to
    another client or redirect URI, or whose PKCE verifier does not match."""

    code = "invalid_grant"


class InvalidToken(SandboxError):
    """An access token the network never issued (or forgot)."""

    code = "invalid_token"
    status = 401


class TokenExpired(SandboxError):
    code = "token_expired"
    status = 401


class TokenRevoked(SandboxError):
    code = "token_revoked"
    status = 401


class InsufficientScope(SandboxError):
    code = "insufficient_scope"
    status = 403

    def __init__(self, message: str, *, scope: str) -> None:
        super().__init__(message)
        self.scope = scope


class NotFound(SandboxError):
    code = "not_found"
    status = 404


class Rejected(SandboxError):
    """A well-formed request the network refuses (an ad over the account's budget, ...)."""

    code = "rejected"
    status = 422


class RateLimited(SandboxError):
    code = "rate_limited"
    status = 429

    def __init__(self, message: str, *, retry_after_seconds: float) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class Unavailable(SandboxError):
    code = "temporarily_unavailable"
    status = 503


class DuplicateContent(Rejected):
    """The same text was posted by the account within the duplicate window (X's 403 "You are
    not allowed to create a Tweet with duplicate content"), or the fault forced it."""

    code = "duplicate_content"
    status = 403


class QuotaExhausted(SandboxError):
    """The account's publishing quota for the window is used up (Instagram's 50 posts per
    24 hours); ``retry_after_seconds`` says when the oldest counted post leaves the window."""

    code = "quota_exceeded"
    status = 429

    def __init__(self, message: str, *, retry_after_seconds: float) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class ResponseLost(SandboxError):
    """The call took effect and its answer never arrived (a gateway 504 after the commit):
    the caller cannot tell from the error whether anything happened."""

    code = "gateway_timeout"
    status = 504
