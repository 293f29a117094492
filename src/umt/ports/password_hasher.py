"""The PasswordHasher port: one-way password hashing with verification."""

from __future__ import annotations

from typing import Protocol


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str:
        """A self-describing hash (algorithm and parameters included)."""
        ...

    def verify(self, password_hash: str, password: str) -> bool:
        """True if ``password`` matches; never raises for a mismatch."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with weaker parameters than the current ones."""
        ...
