"""The SessionRevocations port: sign-ins that ended before their access tokens expire.

An access token names its sign-in (the ``sid`` claim, the refresh-token family). When a sign-in
ends (logout, revoke-all, refresh-token reuse) its id is written here, and every authenticated
request looks it up, so the sign-in's access tokens stop working at once rather than at their
expiry. An entry only needs to outlive the access tokens it refuses: adapters forget it after
``ttl_seconds`` (the access-token lifetime plus leeway), which keeps the set small.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol


class SessionRevocations(Protocol):
    async def revoke(self, session_ids: Collection[str]) -> None:
        """Mark these sign-ins ended; idempotent. Raises StorageUnavailable when down."""
        ...

    async def is_revoked(self, session_id: str) -> bool:
        """Whether the sign-in ended. Raises StorageUnavailable when the store is down."""
        ...
