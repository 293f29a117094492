"""The rules a chosen password follows, after NIST SP 800-63B §5.1.1.2.

Length is what makes a password strong, so there are no composition rules (no "a digit and
a symbol") and long passphrases are welcome, up to 1024 characters. What is refused: shorter
than 12 characters, nothing but whitespace, and the person's own email, name or organization
name. How guessable the rest is (common and breached passwords, keyboard walks, repeats) is
judged by a ``PasswordStrength`` port in the application layer.
"""

from __future__ import annotations

from collections.abc import Iterable

from umt.domain.identity.errors import WeakPassword
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.values import Email

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024


def check_password_rules(password: str, *, personal: Iterable[str] = ()) -> None:
    """Raise (``InvalidValue`` for the length, ``WeakPassword`` for the rest) unless the
    password is one a person may choose; ``personal`` are the words it must not be."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidValue(
            f"password must be at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidValue(
            f"password must be at most {MAX_PASSWORD_LENGTH} characters", field="password"
        )
    if not password.strip():
        raise WeakPassword("password must not be only spaces", field="password")
    folded = _fold(password)
    if any(folded == _fold(word) for word in personal if word):
        raise WeakPassword(
            "password must not be your email, your name or your organization's name",
            field="password",
        )


def personal_words(
    email: Email, organization_name: str | None = None, display_name: str | None = None
) -> tuple[str, ...]:
    """What a password must not be, and what a strength estimator should count as known to
    an attacker: the email, its local part and domain, the person's and organization's names."""
    local, _, domain = email.value.partition("@")
    words = (email.value, local, domain, organization_name, display_name)
    return tuple(word for word in words if word)


def _fold(text: str) -> str:
    """Case and runs of whitespace do not make a personal word another password."""
    return " ".join(text.casefold().split())
