"""The DomainError hierarchy: every broken business rule raises a named subclass."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every business-rule violation. ``code`` is stable and machine-readable."""

    code = "domain_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidValue(DomainError):
    """A value object was given something that is not a valid value of its kind."""

    code = "invalid_value"


class NotFound(DomainError):
    """The resource does not exist, or exists in another organization (never distinguished)."""

    code = "not_found"


class Conflict(DomainError):
    """The change clashes with existing state (a duplicate slug, an email already registered)."""

    code = "conflict"


class StaleVersion(DomainError):
    """The caller edited an older version than the current one (a failed If-Match)."""

    code = "stale_version"


def require_version(what: str, current: int, expected: int | None) -> None:
    """``StaleVersion`` unless ``expected`` (the version the caller read; None: not checked)
    is ``current``."""
    if expected is not None and expected != current:
        raise StaleVersion(
            f"the {what} is at version {current}, the change was made against version {expected}"
        )


class IllegalTransition(DomainError):
    """A state machine was asked for a transition its workflow does not allow."""

    code = "illegal_transition"


class PermissionDenied(DomainError):
    """The principal lacks the permission the operation requires."""

    code = "permission_denied"


class AuthenticationFailed(DomainError):
    """Credentials or a token were wrong, expired or revoked."""

    code = "authentication_failed"
