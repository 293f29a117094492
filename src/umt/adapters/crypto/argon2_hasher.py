"""Argon2id password hashing (argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from umt.ports.password_hasher import PasswordHasher

# OWASP Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1 is the minimum; we use
# m=46 MiB, t=1, p=1, one of its equivalent stronger settings, which costs ~50 ms here.
OWASP_MEMORY_KIB = 47104
OWASP_TIME_COST = 1
OWASP_PARALLELISM = 1


class Argon2PasswordHasher(PasswordHasher):
    def __init__(
        self,
        *,
        memory_kib: int = OWASP_MEMORY_KIB,
        time_cost: int = OWASP_TIME_COST,
        parallelism: int = OWASP_PARALLELISM,
    ) -> None:
        self._hasher = _Argon2(
            memory_cost=memory_kib, time_cost=time_cost, parallelism=parallelism, type=Type.ID
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True
