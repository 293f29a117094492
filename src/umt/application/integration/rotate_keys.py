"""RotateCredentialKeys: re-seal every secret under the newest key of the ring.

Small batches, each rewritten in a transaction of its own with an optimistic check (a secret
changed meanwhile is left alone: its writer sealed it under the current key already). It is
idempotent and resumable: a run reads only what is not yet under the current key, so an
interrupted run is finished by running it again. The older keys stay in the ring while it
runs, so every reader keeps opening every secret, rotated or not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from umt.ports.credential_cipher import CredentialCipher, CredentialUnreadable
from umt.ports.sealed_secrets import SealedSecrets


@dataclass(frozen=True, slots=True)
class RotationReport:
    rotated: int  # re-sealed under the current key
    changed_meanwhile: int  # rewritten by someone else during the run (already current)
    unreadable: int  # sealed under a key no longer in the ring, or damaged: left as they are


async def rotate_credential_keys(
    secrets: SealedSecrets,
    cipher: CredentialCipher,
    *,
    batch_size: int = 100,
    on_progress: Callable[[int], None] | None = None,
) -> RotationReport:
    current = cipher.current_key_id
    rotated = changed = unreadable = 0
    after = None
    while True:
        batch = await secrets.batch_not_under(current, after=after, limit=batch_size)
        if not batch:
            break
        rewrites = []
        for item in batch:
            try:
                plaintext = cipher.open(
                    item.sealed, organization_id=item.organization_id, integration_id=item.owner_id
                )
            except CredentialUnreadable:
                unreadable += 1
                continue
            rewrites.append(
                (
                    item,
                    cipher.seal(
                        plaintext,
                        organization_id=item.organization_id,
                        integration_id=item.owner_id,
                    ),
                )
            )
            del plaintext
        swapped = await secrets.replace(rewrites)
        rotated += swapped
        changed += len(rewrites) - swapped
        after = (batch[-1].kind.value, batch[-1].owner_id)
        if on_progress is not None:
            on_progress(len(batch))
    return RotationReport(rotated=rotated, changed_meanwhile=changed, unreadable=unreadable)
