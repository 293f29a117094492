"""CheckSession: an ended sign-in is refused; when the revocation store is down the refresh-token
table answers instead; when both are down the check fails closed (StorageUnavailable, 503)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

import pytest
from redis.asyncio import Redis
from tests.unit.application.helpers import PASSWORD

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.redis.session_revocations import RedisSessionRevocations
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.application.identity.check_session import CheckSession
from umt.application.identity.issue_token import IssueToken
from umt.application.identity.logout import Logout
from umt.application.identity.sessions import RevokeAllSessions
from umt.application.identity.tokens import TokenPair
from umt.application.principal import Principal
from umt.domain.shared.errors import AuthenticationFailed
from umt.ports.errors import StorageUnavailable
from umt.ports.session_revocations import SessionRevocations
from umt.ports.unit_of_work import UnitOfWork


class DownRevocations(SessionRevocations):
    """A revocation store that is down: every call fails the way the Redis adapter does."""

    async def revoke(self, session_ids: Collection[str]) -> None:
        raise StorageUnavailable("down")

    async def is_revoked(self, session_id: str) -> bool:
        raise StorageUnavailable("down")


async def sign_in(bus: MessageBus) -> tuple[TokenPair, str]:
    pair: TokenPair = await bus.execute(IssueToken(email="owner@acme.example", password=PASSWORD))
    return pair, bus.services.access_tokens.verify(pair.access_token).session_id


def with_revocations(bus: MessageBus, store: InMemoryStore, down: SessionRevocations) -> MessageBus:
    ids = UuidV7Generator()
    return MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        services=replace(bus.services, session_revocations=down),
        handlers=HANDLERS,
    )


async def test_a_live_sign_in_passes_and_an_ended_one_is_refused(
    bus: MessageBus, owner: Principal
) -> None:
    pair, sid = await sign_in(bus)
    _, other_sid = await sign_in(bus)
    await bus.execute(CheckSession(sid))
    await bus.execute(Logout(refresh_token=pair.refresh_token))
    with pytest.raises(AuthenticationFailed, match="ended"):
        await bus.execute(CheckSession(sid))
    await bus.execute(CheckSession(other_sid))
    await bus.execute(RevokeAllSessions(), owner)
    with pytest.raises(AuthenticationFailed):
        await bus.execute(CheckSession(other_sid))


async def test_with_the_store_down_the_refresh_token_table_answers(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    ended, ended_sid = await sign_in(bus)
    _, live_sid = await sign_in(bus)
    await bus.execute(Logout(refresh_token=ended.refresh_token))
    degraded = with_revocations(bus, store, DownRevocations())
    await degraded.execute(CheckSession(live_sid))
    with pytest.raises(AuthenticationFailed):
        await degraded.execute(CheckSession(ended_sid))


async def test_a_logout_while_the_store_is_down_is_503_and_a_retry_completes_it(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    pair, sid = await sign_in(bus)
    degraded = with_revocations(bus, store, DownRevocations())
    with pytest.raises(StorageUnavailable):
        await degraded.execute(Logout(refresh_token=pair.refresh_token))
    # the refresh token is revoked already (committed first), so even now the sign-in is over
    with pytest.raises(AuthenticationFailed):
        await degraded.execute(CheckSession(sid))
    await bus.execute(Logout(refresh_token=pair.refresh_token))  # the client's retry
    with pytest.raises(AuthenticationFailed):
        await bus.execute(CheckSession(sid))


async def test_with_both_down_the_check_fails_closed(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    _, sid = await sign_in(bus)

    class DownUnitOfWork(InMemoryUnitOfWork):
        async def __aenter__(self) -> UnitOfWork:
            raise StorageUnavailable("database down")

    ids = UuidV7Generator()
    both_down = MessageBus(
        uow_factory=lambda: DownUnitOfWork(store, ids, audit=entry_for_event),
        services=replace(bus.services, session_revocations=DownRevocations()),
        handlers=HANDLERS,
    )
    with pytest.raises(StorageUnavailable):
        await both_down.execute(CheckSession(sid))


async def test_the_redis_adapter_reports_an_unreachable_server_as_unavailable() -> None:
    """What makes the fallback above real: nothing listens on this loopback port."""
    client = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)
    revocations = RedisSessionRevocations(client, ttl_seconds=60)
    try:
        with pytest.raises(StorageUnavailable):
            await revocations.is_revoked("any")
        with pytest.raises(StorageUnavailable):
            await revocations.revoke(["any"])
    finally:
        await client.aclose()
