"""The SealedSecrets port: every sealed secret at rest, for re-encryption under a new key.

Each batch is read and rewritten in transactions of its own; a rewrite applies only if the row
still holds the very ciphertext that was read (an optimistic check), so a credential written
meanwhile (a token refresh) is never overwritten with older plaintext.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from umt.ports.credential_cipher import SealedSecret


class SecretKind(StrEnum):
    ACCOUNT_CREDENTIALS = "account_credentials"  # owner: the channel account (a page token)
    CREDENTIALS = "credentials"  # owner: the integration
    OAUTH_VERIFIER = "oauth_verifier"  # owner: the pending authorization


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredSecret:
    kind: SecretKind
    organization_id: UUID
    owner_id: UUID
    sealed: SealedSecret


class SealedSecrets(Protocol):
    async def count_not_under(self, key_id: str) -> int:
        """How many secrets are sealed under another key than ``key_id``."""
        ...

    async def batch_not_under(
        self, key_id: str, *, after: tuple[str, UUID] | None, limit: int
    ) -> list[StoredSecret]:
        """Up to ``limit`` such secrets, ordered by (kind, owner id), after ``after``."""
        ...

    async def replace(self, rewrites: list[tuple[StoredSecret, SealedSecret]]) -> int:
        """In one transaction, swap each old sealed value for its new one where the row still
        holds the old; how many were swapped (the rest changed meanwhile)."""
        ...
