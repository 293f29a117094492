"""Sign-in lockout around password checks: keyed by the hashed normalized email, fail-open.

The key is the same whether or not an account has that email, and it is checked before the
account is looked up, so a locked unknown email and a locked real one get the same answer.
"""

from __future__ import annotations

import hashlib
import logging

from umt.domain.identity.errors import SignInLocked
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.values import Email
from umt.ports.errors import StorageUnavailable
from umt.ports.sign_in_lockout import SignInLockout

log = logging.getLogger("umt.identity")


def lockout_key(email: str) -> str:
    """SHA-256 of the normalized address: the store never holds an email."""
    try:
        normalized = Email(email).value.lower()
    except InvalidValue:
        normalized = email.strip().lower()
    return "email:" + hashlib.sha256(normalized.encode()).hexdigest()


class SignInGuard:
    """The lockout as a sign-in sees it. Its store being down lets sign-ins through (and logs
    it), as the rate limiter does: a lockout must not become a way to lock everyone out."""

    def __init__(self, lockout: SignInLockout | None, email: str) -> None:
        self._lockout = lockout
        self._key = lockout_key(email)

    async def check(self) -> None:
        """Raise SignInLocked while the email is locked."""
        if self._lockout is None:
            return
        try:
            left = await self._lockout.locked_for(self._key)
        except StorageUnavailable:
            log.warning("sign-in lockout unavailable; sign-in let through")
            return
        if left > 0:
            raise SignInLocked(left)

    async def failed(self) -> None:
        if self._lockout is None:
            return
        try:
            await self._lockout.record_failure(self._key)
        except StorageUnavailable:
            log.warning("sign-in lockout unavailable; failure not counted")

    async def succeeded(self) -> None:
        if self._lockout is None:
            return
        try:
            await self._lockout.reset(self._key)
        except StorageUnavailable:
            log.warning("sign-in lockout unavailable; failures not cleared")
