"""The broken rules of the identity context, each a named DomainError with a stable code."""

from __future__ import annotations

from umt.domain.shared.errors import Conflict, DomainError, InvalidValue, PermissionDenied


class LastOwner(Conflict):
    """An organization always keeps at least one owner: the last one cannot leave or be
    demoted (transfer ownership first)."""

    code = "last_owner"


class OwnerRoleReserved(PermissionDenied):
    """Only owners grant or remove the owner role, or change or remove an owner."""

    code = "owner_role_reserved"


class ReauthenticationRequired(PermissionDenied):
    """Granting the owner role takes the granting owner's password again: a stolen access
    token (15 minutes) must not be enough to hand the organization to someone."""

    code = "reauthentication_required"


class BrandScopeNotAllowed(InvalidValue):
    """Owners and admins manage the whole organization, so they cannot be limited to brands."""

    code = "brand_scope_not_allowed"


class AlreadyMember(Conflict):
    """The email already belongs to a member of the organization."""

    code = "already_member"


class InvitationInvalid(DomainError):
    """The invitation token is unknown, expired, revoked or already used (never told apart:
    which of them it is would tell a token guesser something)."""

    code = "invitation_invalid"


class SignInLocked(DomainError):
    """Too many failed sign-ins for this email: refused until ``retry_after_seconds`` pass."""

    code = "sign_in_locked"

    def __init__(self, retry_after_seconds: float) -> None:
        self.retry_after_seconds = max(1, int(-(-retry_after_seconds // 1)))  # ceil, >= 1
        super().__init__(f"too many failed sign-ins; retry in {self.retry_after_seconds} s")


class WeakPassword(InvalidValue):
    """The chosen password is blank, personal (the email, a name) or easy to guess; the
    message names which, so the person can choose another (NIST SP 800-63B §5.1.1.2)."""

    code = "weak_password"
