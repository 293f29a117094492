"""The CredentialCipher port: platform credentials encrypted at rest, bound to their owner.

``seal`` encrypts a credential for one (organization, integration) pair; ``open`` decrypts it
only for that same pair, so a ciphertext copied to another row fails instead of leaking. The
key that sealed it is named in the result, so keys can be rotated: ``needs_rotation`` says
whether a sealed secret predates the current key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class SealedSecret:
    key_id: str
    ciphertext: bytes

    def __repr__(self) -> str:  # never a credential's bytes in a log line or a traceback
        return f"SealedSecret(key_id={self.key_id!r}, {len(self.ciphertext)} bytes)"


class CredentialUnreadable(Exception):
    """The secret cannot be opened: another owner's, tampered with, or its key is gone."""


class CredentialCipher(Protocol):
    @property
    def current_key_id(self) -> str: ...

    def seal(
        self, plaintext: bytes, *, organization_id: UUID, integration_id: UUID
    ) -> SealedSecret: ...

    def open(self, sealed: SealedSecret, *, organization_id: UUID, integration_id: UUID) -> bytes:
        """The plaintext; ``CredentialUnreadable`` for any other owner or a tampered secret."""
        ...

    def needs_rotation(self, sealed: SealedSecret) -> bool:
        """True when it was sealed under an older key than the current one."""
        ...
