"""The MessageInbox port: which messages already had their effects committed.

Units of work write the keys (``UnitOfWork.claim_message``); this reads them, so a
redelivered task can be recognised before it runs at all.
"""

from __future__ import annotations

from typing import Protocol


class MessageInbox(Protocol):
    async def processed(self, key: str) -> bool:
        """True once a transaction that claimed ``key`` has committed."""
        ...
