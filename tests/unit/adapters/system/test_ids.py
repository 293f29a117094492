"""UUIDv7 ids: unique, time-ordered, and well-formed (RFC 9562)."""

from __future__ import annotations

import uuid

from umt.adapters.system.ids import UuidV7Generator


def test_ids_are_unique_and_strictly_increasing() -> None:
    generate = UuidV7Generator().new_id
    ids = [generate() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids, key=lambda u: u.int)


def test_ids_carry_version_7_and_the_rfc_variant() -> None:
    value = UuidV7Generator().new_id()
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
