"""Mailchimp's simultaneous-connection limit, kept once per process.

Mailchimp answers 429 to an account that has more than ten requests in flight. Every
``MailchimpConnector`` of a process (the API server's, each agent's, one per test) takes a
slot of the same ``ConnectionSlots`` before it calls, keyed by the data centre and the API
key (by its SHA-256: the registry holds no secret), so however many connectors a process
builds, at most ten requests per account are in flight from it. The httpx client's own
connection limits cannot do this: they count connections per host, and one data centre's
host serves every account on it.

A semaphore belongs to the event loop it waits on, so the slots are kept per running loop
(a loop that ends takes its slots with it). Other processes are not counted: several workers
calling one account may still meet a 429, which the caller retries as any rate limit.
"""

from __future__ import annotations

import asyncio
import hashlib
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

MAX_CONNECTIONS = 10  # Mailchimp's documented simultaneous connections per account


class ConnectionSlots:
    """At most ``limit`` requests in flight per Mailchimp account, for every user of it."""

    def __init__(self, limit: int = MAX_CONNECTIONS) -> None:
        self._limit = limit
        self._loops: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[str, asyncio.Semaphore]
        ] = weakref.WeakKeyDictionary()

    @asynccontextmanager
    async def slot(self, dc: str, api_key: str) -> AsyncIterator[None]:
        """Hold one of the account's slots while the block runs (waiting for one if needed)."""
        account = f"{dc}:{hashlib.sha256(api_key.encode()).hexdigest()}"
        semaphores = self._loops.setdefault(asyncio.get_running_loop(), {})
        semaphore = semaphores.get(account)
        if semaphore is None:
            semaphore = semaphores.setdefault(account, asyncio.Semaphore(self._limit))
        async with semaphore:
            yield


PROCESS_SLOTS = ConnectionSlots()  # the one every connector of this process shares
