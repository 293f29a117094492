"""Rotating the credential keys on PostgreSQL while the service keeps working: readers open
every credential at every moment (rotated or not: both keys are in the ring), and tokens
refreshed during the rotation keep their new value (the rotation's optimistic check)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator

import pytest
from tests.contracts.conftest import RandomIds
from tests.contracts.test_key_rotation import BOTH, seed
from tests.support.postgres import throwaway_database

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.integration.sealed_secrets import SqlSealedSecrets
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.application.audit.entries import entry_for_event
from umt.application.integration.rotate_keys import rotate_credential_keys
from umt.domain.integration.integration import IntegrationId


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


async def test_reads_never_fail_and_writes_are_never_lost_during_rotation(
    postgres_url: str,
) -> None:
    engine = create_engine(postgres_url, pool_size=8, max_overflow=0)
    ids = RandomIds()

    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, ids, audit=entry_for_event)

    try:
        org, made = await seed(factory, 300)
        done = asyncio.Event()
        reads = failures = 0
        refreshed: dict[IntegrationId, bytes] = {}

        async def reader() -> None:
            nonlocal reads, failures
            while not done.is_set():
                integration = random.choice(made)
                async with factory() as uow:
                    sealed = await uow.credentials.get(org.id, integration.id)
                try:
                    assert sealed is not None
                    plaintext = BOTH.open(
                        sealed, organization_id=org.id, integration_id=integration.id
                    )
                    expected = refreshed.get(integration.id)
                    assert (
                        expected is None or plaintext == expected or plaintext.startswith(b"token-")
                    )
                    reads += 1
                except Exception:
                    failures += 1
                await asyncio.sleep(0)

        async def writer() -> None:
            for n, integration in enumerate(made[::10]):
                value = f"refreshed-{n}".encode()
                async with factory() as uow:
                    await uow.credentials.put(
                        org.id,
                        integration.id,
                        BOTH.seal(value, organization_id=org.id, integration_id=integration.id),
                    )
                    await uow.commit()
                refreshed[integration.id] = value
                await asyncio.sleep(0.005)

        readers = [asyncio.create_task(reader()) for _ in range(4)]
        writing = asyncio.create_task(writer())
        report = await rotate_credential_keys(SqlSealedSecrets(engine), BOTH, batch_size=10)
        await writing
        done.set()
        await asyncio.gather(*readers)

        assert failures == 0
        assert reads > 50
        assert report.rotated + report.changed_meanwhile + len(refreshed) >= 301
        async with factory() as uow:
            for n, integration in enumerate(made):
                sealed = await uow.credentials.get(org.id, integration.id)
                assert sealed is not None
                assert sealed.key_id == "new"
                plaintext = BOTH.open(sealed, organization_id=org.id, integration_id=integration.id)
                assert plaintext == refreshed.get(integration.id, f"token-{n}".encode())
        assert await SqlSealedSecrets(engine).count_not_under("new") == 0
    finally:
        await engine.dispose()
