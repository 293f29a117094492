"""The in-memory SealedSecrets over an InMemoryStore (key rotation on the embedded store)."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from umt.adapters.memory.store import InMemoryStore
from umt.ports.credential_cipher import SealedSecret
from umt.ports.sealed_secrets import SealedSecrets, SecretKind, StoredSecret

# the kinds stored as owner id → (organization id, sealed), by the store's attribute
_BY_OWNER = {
    SecretKind.CREDENTIALS: "credentials",
    SecretKind.ACCOUNT_CREDENTIALS: "account_credentials",
}


class InMemorySealedSecrets(SealedSecrets):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    def _all(self) -> list[StoredSecret]:
        found = [
            StoredSecret(
                kind=SecretKind.CREDENTIALS, organization_id=org, owner_id=owner, sealed=sealed
            )
            for owner, (org, sealed) in self._store.credentials.items()
        ]
        found += [
            StoredSecret(
                kind=SecretKind.ACCOUNT_CREDENTIALS,
                organization_id=org,
                owner_id=owner,
                sealed=sealed,
            )
            for owner, (org, sealed) in self._store.account_credentials.items()
        ]
        found += [
            StoredSecret(
                kind=SecretKind.OAUTH_VERIFIER,
                organization_id=p.organization_id,
                owner_id=p.id,
                sealed=p.sealed_verifier,
            )
            for p in self._store.oauth_states.values()
        ]
        return sorted(found, key=lambda s: (s.kind.value, str(s.owner_id)))

    async def count_not_under(self, key_id: str) -> int:
        return sum(1 for s in self._all() if s.sealed.key_id != key_id)

    async def batch_not_under(
        self, key_id: str, *, after: tuple[str, UUID] | None, limit: int
    ) -> list[StoredSecret]:
        position = (after[0], str(after[1])) if after else None
        return [
            s
            for s in self._all()
            if s.sealed.key_id != key_id
            and (position is None or (s.kind.value, str(s.owner_id)) > position)
        ][:limit]

    async def replace(self, rewrites: list[tuple[StoredSecret, SealedSecret]]) -> int:
        swapped = 0
        async with self._store.lock:
            for old, new in rewrites:
                if old.kind in _BY_OWNER:
                    table = getattr(self._store, _BY_OWNER[old.kind])
                    current = table.get(old.owner_id)
                    if current is not None and current[1] == old.sealed:
                        table[old.owner_id] = (current[0], new)
                        swapped += 1
                    continue
                for state_hash, pending in self._store.oauth_states.items():
                    if pending.id == old.owner_id and pending.sealed_verifier == old.sealed:
                        self._store.oauth_states[state_hash] = replace(pending, sealed_verifier=new)
                        swapped += 1
                        break
        return swapped
