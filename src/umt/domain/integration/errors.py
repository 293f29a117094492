"""Typed errors of talking to a platform: every adapter maps its API's failures onto these.

They are domain errors so that an integration can record *why* it failed (``ErrorReason``)
and the HTTP layer can answer with a stable code. Messages never carry a credential.
"""

from __future__ import annotations

from enum import StrEnum

from umt.domain.shared.errors import Conflict, DomainError, NotFound


class ErrorReason(StrEnum):
    """Why an integration is in the ``error`` or ``needs_reauth`` state."""

    TOKEN_EXPIRED = "token_expired"  # noqa: S105 - a reason code; the access token no longer works
    TOKEN_REVOKED = "token_revoked"  # noqa: S105 - a reason code; the grant was withdrawn
    MISSING_SCOPE = "missing_scope"  # the grant lacks a permission the operation needs
    INVALID_CREDENTIALS = "invalid_credentials"  # an API key or app password was refused
    RATE_LIMITED = "rate_limited"
    PLATFORM_UNAVAILABLE = "platform_unavailable"  # 5xx, timeouts, connection refused
    REJECTED = "rejected"  # the platform refused the request for another documented reason


class PlatformError(DomainError):
    """A platform call failed; ``reason`` says how, ``retryable`` whether waiting helps."""

    code = "platform_error"
    reason = ErrorReason.REJECTED
    retryable = False
    needs_reauth = False

    def __init__(
        self,
        message: str,
        *,
        platform: str,
        status: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.platform = platform
        self.status = status


class TokenExpired(PlatformError):
    code = "platform_token_expired"
    reason = ErrorReason.TOKEN_EXPIRED
    needs_reauth = True


class TokenRevoked(PlatformError):
    code = "platform_token_revoked"
    reason = ErrorReason.TOKEN_REVOKED
    needs_reauth = True


class MissingScope(PlatformError):
    code = "platform_missing_scope"
    reason = ErrorReason.MISSING_SCOPE
    needs_reauth = True  # only a new grant with the scope fixes it


class InvalidCredentials(PlatformError):
    code = "platform_invalid_credentials"
    reason = ErrorReason.INVALID_CREDENTIALS
    needs_reauth = True


class RateLimited(PlatformError):
    code = "platform_rate_limited"
    reason = ErrorReason.RATE_LIMITED
    retryable = True

    def __init__(
        self,
        message: str,
        *,
        platform: str,
        status: int | None = 429,
        retry_after_seconds: float | None = None,
    ) -> None:
        super().__init__(message, platform=platform, status=status)
        self.retry_after_seconds = retry_after_seconds


class PlatformUnavailable(PlatformError):
    code = "platform_unavailable"
    reason = ErrorReason.PLATFORM_UNAVAILABLE
    retryable = True


class PlatformRejected(PlatformError):
    code = "platform_rejected"
    reason = ErrorReason.REJECTED


class CommentsUnsupported(PlatformRejected):
    """The platform takes no comments on this kind of post (an email campaign, a Pin):
    nothing was sent, and asking again never helps."""

    code = "platform_comments_unsupported"


class OutcomeUnknown(PlatformUnavailable):
    """A write was sent and no answer says whether it took effect: a timeout after the request
    went out, a dropped connection, a 5xx or 504 from a gateway. The effect may exist on the
    platform: the caller reconciles (looks it up by our reference) before any retry, never
    retries blindly."""

    code = "platform_outcome_unknown"


class Rejection(StrEnum):
    """Why a platform refused content it was asked to publish."""

    VALIDATION = "validation"  # too long, a missing field, a bad link
    MEDIA = "media"  # an image or video it could not fetch or process
    DUPLICATE = "duplicate"  # the same content was already posted (X's 403, Graph's 506)


class ContentRejected(PlatformRejected):
    """The platform refused the content itself; nothing was published, retrying the same
    content fails again."""

    code = "platform_content_rejected"

    def __init__(
        self,
        message: str,
        *,
        platform: str,
        rejection: Rejection = Rejection.VALIDATION,
        status: int | None = None,
    ) -> None:
        super().__init__(message, platform=platform, status=status)
        self.rejection = rejection


class QuotaExceeded(PlatformError):
    """A per-account publishing quota is used up (Instagram's 50 posts per 24 h); waiting
    until ``retry_after_seconds`` helps, retrying sooner does not."""

    code = "platform_quota_exceeded"
    retryable = True

    def __init__(
        self,
        message: str,
        *,
        platform: str,
        status: int | None = None,
        retry_after_seconds: float | None = None,
    ) -> None:
        super().__init__(message, platform=platform, status=status)
        self.retry_after_seconds = retry_after_seconds


class AddressRefused(PlatformRejected):
    """umt refused to call the address: it is, or resolves to, an internal one (SSRF guard).
    Nothing was sent; ``field`` names the form field that gave the address, if one did."""

    code = "platform_address_refused"


# -- connecting: the flow's own refusals (no platform call failed) ----------------------------


class PlatformNotConfigured(NotFound):
    """No connector is registered for the platform in this deployment (no client id, ...)."""

    code = "platform_not_configured"


class WrongAuthMethod(Conflict):
    """The platform connects another way (an OAuth platform sent a form, or the reverse)."""

    code = "wrong_auth_method"


class OAuthStateInvalid(DomainError):  # 400
    """The callback's state is unknown, expired, already used, for another platform, or not
    bound to this browser (its cookie is missing or different). Nothing was stored."""

    code = "oauth_state_invalid"


class AuthorizationDenied(DomainError):  # 400
    """The user (or the provider) declined the authorization: ``error=access_denied``."""

    code = "authorization_denied"
