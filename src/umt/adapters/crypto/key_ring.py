"""Envelope encryption of credentials with AES-256-GCM (cryptography) and a ring of keys.

Each secret gets a fresh data key (DEK). The DEK encrypts the secret; the current
key-encryption key (KEK) of the ring encrypts the DEK. Both encryptions take the owner (the
organization and integration ids) as associated data, so a ciphertext moved to another row
fails authentication. Stored: ``key_id`` (which KEK) and one blob:

    version (1) | DEK nonce (12) | wrapped DEK (32 + 16 tag) | data nonce (12) | data + tag (16)

Rotating keys means adding a new KEK to the ring (it becomes current) and re-sealing what
``needs_rotation`` reports; older KEKs stay in the ring until nothing uses them.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING
from uuid import UUID

from umt.ports.credential_cipher import CredentialCipher, CredentialUnreadable, SealedSecret

VERSION = b"\x01"
_NONCE, _KEY, _TAG = 12, 32, 16
_WRAPPED = _KEY + _TAG
_KEY_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_AES_KEY_SIZES = (16, 24, 32)  # the key sizes AES-GCM takes (parse_key_ring asks for 32)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class InvalidKeyRing(ValueError):
    """The configured keys cannot be used (the message says which and why)."""


def parse_key_ring(text: str) -> dict[str, bytes]:
    """``"kid1:base64key,kid2:base64key"`` (the last is current) → ``{kid: 32-byte key}``."""
    ring: dict[str, bytes] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key_id, sep, encoded = item.partition(":")
        if not sep or not _KEY_ID.match(key_id):
            raise InvalidKeyRing("each key is KEY_ID:BASE64 (key ids: letters, digits, . _ -)")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise InvalidKeyRing(f"key {key_id!r} is not valid base64") from None
        if len(key) != _KEY:
            raise InvalidKeyRing(f"key {key_id!r} must be 32 bytes (AES-256), not {len(key)}")
        if key_id in ring:
            raise InvalidKeyRing(f"key id {key_id!r} appears twice")
        ring[key_id] = key
    if not ring:
        raise InvalidKeyRing("the key ring is empty")
    return ring


def new_key_text(key_id: str) -> str:
    """A fresh ring entry, ``key_id:base64``, for ``umt keys generate``."""
    return f"{key_id}:{base64.b64encode(os.urandom(_KEY)).decode()}"


class AesGcmKeyRing(CredentialCipher):
    def __init__(self, keys: Mapping[str, bytes]) -> None:
        if not keys:
            raise InvalidKeyRing("the key ring is empty")
        for key_id, key in keys.items():
            if len(key) not in _AES_KEY_SIZES:
                raise InvalidKeyRing(f"key {key_id!r} must be 16, 24 or 32 bytes")
        self._keys = dict(keys)
        self._ciphers: dict[str, AESGCM] | None = None
        self._current = list(keys)[-1]

    def _keks(self) -> dict[str, AESGCM]:
        """The key-encryption ciphers by key id, made with the first secret sealed or opened."""
        if self._ciphers is None:
            self._ciphers = {key_id: _aes_gcm()(key) for key_id, key in self._keys.items()}
        return self._ciphers

    @property
    def current_key_id(self) -> str:
        return self._current

    def seal(
        self, plaintext: bytes, *, organization_id: UUID, integration_id: UUID
    ) -> SealedSecret:
        owner = _owner(organization_id, integration_id)
        kek = self._keks()[self._current]
        dek = _aes_gcm().generate_key(bit_length=256)
        dek_nonce, data_nonce = os.urandom(_NONCE), os.urandom(_NONCE)
        wrapped = kek.encrypt(dek_nonce, dek, owner + self._current.encode())
        data = _aes_gcm()(dek).encrypt(data_nonce, plaintext, owner)
        return SealedSecret(self._current, VERSION + dek_nonce + wrapped + data_nonce + data)

    def open(self, sealed: SealedSecret, *, organization_id: UUID, integration_id: UUID) -> bytes:
        kek = self._keks().get(sealed.key_id)
        blob = sealed.ciphertext
        if kek is None:
            raise CredentialUnreadable(f"key {sealed.key_id!r} is not in the key ring")
        if blob[:1] != VERSION or len(blob) < 1 + _NONCE + _WRAPPED + _NONCE + _TAG:
            raise CredentialUnreadable("not a sealed credential of a known format")
        owner = _owner(organization_id, integration_id)
        at = 1
        dek_nonce, at = blob[at : at + _NONCE], at + _NONCE
        wrapped, at = blob[at : at + _WRAPPED], at + _WRAPPED
        data_nonce, data = blob[at : at + _NONCE], blob[at + _NONCE :]
        from cryptography.exceptions import InvalidTag  # loaded by _aes_gcm() already

        try:
            dek = kek.decrypt(dek_nonce, wrapped, owner + sealed.key_id.encode())
            return _aes_gcm()(dek).decrypt(data_nonce, data, owner)
        except InvalidTag:
            # the same answer for another owner, a tampered blob or a wrong key: no oracle
            raise CredentialUnreadable("the credential cannot be opened here") from None

    def needs_rotation(self, sealed: SealedSecret) -> bool:
        return sealed.key_id != self._current


def _aes_gcm() -> type[AESGCM]:
    """cryptography's AES-GCM, imported with the first secret sealed or opened: cryptography
    costs 9 MiB, and a process that builds the ring at start may never use it."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM


def _owner(organization_id: UUID, integration_id: UUID) -> bytes:
    return organization_id.bytes + integration_id.bytes
