"""Choosing a password: the domain's rules, then how guessable it is.

Used wherever a password is set (Register, CreateUser and so the CLI, AcceptInvitation),
before it is hashed: the cheapest refusal first, and nothing stored for a refused password.
"""

from __future__ import annotations

from umt.application.services import Context
from umt.domain.identity.errors import WeakPassword
from umt.domain.identity.passwords import check_password_rules, personal_words
from umt.domain.shared.values import Email
from umt.ports.password_strength import PasswordStrength


def check_new_password(
    ctx: Context,
    password: str,
    *,
    email: Email,
    organization_name: str | None = None,
    display_name: str | None = None,
    password_strength: PasswordStrength,
) -> None:
    """Raise a field-level ``InvalidValue``/``WeakPassword`` naming the reason, or return."""
    personal = personal_words(email, organization_name, display_name)
    check_password_rules(password, personal=personal)  # bounds the length too
    reason = password_strength.weakness(password, user_inputs=personal)
    if reason is not None:
        raise WeakPassword(f"this password is too easy to guess: {reason}", field="password")
