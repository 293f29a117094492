"""The credential vault's cipher: AES-256-GCM envelope encryption bound to its owner."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umt.adapters.crypto.key_ring import (
    AesGcmKeyRing,
    InvalidKeyRing,
    new_key_text,
    parse_key_ring,
)
from umt.entrypoints.settings import ConfigurationError, Settings
from umt.ports.credential_cipher import CredentialUnreadable, SealedSecret

SECRET = b"EAAB-live-token-0123456789"
ORG, INTEGRATION = uuid.uuid4(), uuid.uuid4()


def ring(*key_ids: str) -> AesGcmKeyRing:
    return AesGcmKeyRing(parse_key_ring(",".join(new_key_text(k) for k in key_ids)))


def seal(cipher: AesGcmKeyRing, plaintext: bytes = SECRET) -> SealedSecret:
    return cipher.seal(plaintext, organization_id=ORG, integration_id=INTEGRATION)


def test_a_sealed_secret_opens_for_its_owner_only() -> None:
    cipher = ring("k1")
    sealed = seal(cipher)
    assert SECRET not in sealed.ciphertext
    assert cipher.open(sealed, organization_id=ORG, integration_id=INTEGRATION) == SECRET
    for org, integration in ((uuid.uuid4(), INTEGRATION), (ORG, uuid.uuid4())):
        with pytest.raises(CredentialUnreadable):  # moved to another row: refused
            cipher.open(sealed, organization_id=org, integration_id=integration)


def test_every_seal_is_different() -> None:
    cipher = ring("k1")
    assert seal(cipher).ciphertext != seal(cipher).ciphertext  # fresh data key and nonces


@pytest.mark.parametrize("position", [0, 5, 20, 60, -1])
def test_a_tampered_secret_is_refused(position: int) -> None:
    cipher = ring("k1")
    sealed = seal(cipher)
    blob = bytearray(sealed.ciphertext)
    blob[position] ^= 0x01
    with pytest.raises(CredentialUnreadable):
        cipher.open(
            SealedSecret(sealed.key_id, bytes(blob)),
            organization_id=ORG,
            integration_id=INTEGRATION,
        )


def test_a_key_id_swapped_in_is_refused() -> None:
    cipher = ring("k1", "k2")
    sealed = seal(cipher)  # under k2
    with pytest.raises(CredentialUnreadable):
        cipher.open(
            SealedSecret("k1", sealed.ciphertext), organization_id=ORG, integration_id=INTEGRATION
        )


def test_rotation_keeps_old_secrets_readable_and_seals_new_ones_with_the_newest_key() -> None:
    first = new_key_text("k1")
    old = AesGcmKeyRing(parse_key_ring(first))
    sealed = seal(old)
    keys = parse_key_ring(f"{first},{new_key_text('k2')}")
    rotated = AesGcmKeyRing(keys)
    assert rotated.current_key_id == "k2"
    assert rotated.needs_rotation(sealed)
    plaintext = rotated.open(sealed, organization_id=ORG, integration_id=INTEGRATION)
    resealed = seal(rotated, plaintext)
    assert resealed.key_id == "k2"
    assert not rotated.needs_rotation(resealed)
    assert rotated.open(resealed, organization_id=ORG, integration_id=INTEGRATION) == SECRET
    with pytest.raises(CredentialUnreadable):  # a ring without k2 cannot read it
        old.open(resealed, organization_id=ORG, integration_id=INTEGRATION)


def test_the_repr_never_shows_the_bytes() -> None:
    sealed = seal(ring("k1"))
    assert repr(sealed) == f"SealedSecret(key_id='k1', {len(sealed.ciphertext)} bytes)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("k1", "KEY_ID:BASE64"),
        ("k 1:AAAA", "KEY_ID:BASE64"),
        ("k1:not base64!", "base64"),
        (f"k1:{base64.b64encode(b'short').decode()}", "32 bytes"),
        (f"{new_key_text('k1')},{new_key_text('k1')}", "twice"),
    ],
    # fixed ids: the keys are random, and every pytest-xdist worker must collect the same tests
    ids=["empty", "no-colon", "blank-in-id", "not-base64", "short-key", "same-id-twice"],
)
def test_bad_key_rings_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidKeyRing, match=message):
        parse_key_ring(text)


@given(st.binary(max_size=4096))
def test_any_secret_round_trips(plaintext: bytes) -> None:
    cipher = AesGcmKeyRing({"k1": b"\x07" * 32})
    sealed = cipher.seal(plaintext, organization_id=ORG, integration_id=INTEGRATION)
    assert cipher.open(sealed, organization_id=ORG, integration_id=INTEGRATION) == plaintext


def test_development_generates_a_private_ring_and_production_requires_one(tmp_path: Path) -> None:
    development = Settings(data_dir=tmp_path, _env_file=None)
    text = development.resolved_credential_keys()
    assert parse_key_ring(text)  # a usable ring
    assert development.resolved_credential_keys() == text  # kept, not regenerated
    assert oct((tmp_path / "credential_keys").stat().st_mode & 0o777) == "0o600"
    production = Settings(data_dir=tmp_path, environment="production", _env_file=None)
    with pytest.raises(ConfigurationError, match="UMT_CREDENTIAL_KEYS"):
        production.resolved_credential_keys()


def test_umt_keys_generate_prints_a_valid_entry() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "umt.entrypoints.cli", "keys", "generate", "--id", "k-9"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    ring_ = parse_key_ring(result.stdout.strip())
    assert list(ring_) == ["k-9"]
