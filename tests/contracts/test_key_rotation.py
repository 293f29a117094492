"""Key rotation over every store (memory, SQLite, PostgreSQL): every sealed credential and
OAuth verifier ends up under the newest key, still opening to the same plaintext; a rewrite
racing with a concurrent writer leaves the writer's value; a second run has nothing to do."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from tests.contracts.builders import T0, new_id, organization, simple_brand
from tests.contracts.conftest import RandomIds, UowFactory, sqlite_url
from tests.support.postgres import truncate_all

from umt.adapters.crypto.key_ring import AesGcmKeyRing
from umt.adapters.memory.sealed_secrets import InMemorySealedSecrets
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.integration.sealed_secrets import SqlSealedSecrets
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.application.audit.entries import entry_for_event
from umt.application.integration.rotate_keys import rotate_credential_keys
from umt.domain.identity.model import Organization
from umt.domain.integration.integration import Account, Integration, IntegrationId
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.ids import ChannelAccountId, UserId
from umt.ports.oauth_state_store import PendingAuthorization
from umt.ports.sealed_secrets import SealedSecrets, SecretKind

OLD, NEW = os.urandom(32), os.urandom(32)
OLD_RING = AesGcmKeyRing({"old": OLD})
BOTH = AesGcmKeyRing({"old": OLD, "new": NEW})


@pytest.fixture
async def stores(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[SealedSecrets, UowFactory]]:
    ids = RandomIds()
    if backend == "memory":
        store = InMemoryStore()
        yield (
            InMemorySealedSecrets(store),
            lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        )
        return
    if backend == "sqlite":
        database = tmp_path / "umt.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), database)
        engine = create_engine(sqlite_url(database))
    else:
        engine = create_engine(request.getfixturevalue("postgres_url"), pool_size=4)
        await truncate_all(engine)
    try:
        yield SqlSealedSecrets(engine), lambda: SqlUnitOfWork(engine, ids, audit=entry_for_event)
    finally:
        await engine.dispose()


async def seed(factory: UowFactory, count: int) -> tuple[Organization, list[Integration]]:
    org = organization()
    made = []
    async with factory() as uow:
        await uow.organizations.add(org)
        for n in range(count):
            integration = Integration.start(
                id=IntegrationId(new_id()),
                organization_id=org.id,
                platform=Platform.SANDBOX,
                created_by=UserId(new_id()),
                now=T0,
            )
            integration.connect(
                Account(external_id=f"a{n}", name=""),
                scopes=frozenset(),
                token_expires_at=None,
                now=T0,
            )
            await uow.integrations.add(integration)
            sealed = OLD_RING.seal(
                f"token-{n}".encode(), organization_id=org.id, integration_id=integration.id
            )
            await uow.credentials.put(org.id, integration.id, sealed)
            made.append(integration)
        state_id = new_id()
        await uow.oauth_states.add(
            PendingAuthorization(
                id=state_id,
                state_hash="h" * 64,
                binding_hash="b" * 64,
                organization_id=org.id,
                user_id=UserId(new_id()),
                platform=Platform.SANDBOX,
                scopes=(),
                redirect_uri="https://umt.example/cb",
                return_to=None,
                sealed_verifier=OLD_RING.seal(
                    b"verifier", organization_id=org.id, integration_id=state_id
                ),
                created_at=T0,
                expires_at=T0 + timedelta(minutes=10),
            )
        )
        await uow.commit()
    return org, made


async def test_rotation_reseals_everything_and_is_idempotent(
    stores: tuple[SealedSecrets, UowFactory],
) -> None:
    secrets, factory = stores
    org, made = await seed(factory, 7)
    assert await secrets.count_not_under("new") == 8
    progress: list[int] = []
    report = await rotate_credential_keys(secrets, BOTH, batch_size=3, on_progress=progress.append)
    assert report.rotated == 8
    assert sum(progress) == 8
    assert await secrets.count_not_under("new") == 0
    new_only = AesGcmKeyRing({"new": NEW})
    async with factory() as uow:
        for n, integration in enumerate(made):
            sealed = await uow.credentials.get(org.id, integration.id)
            assert sealed is not None
            assert sealed.key_id == "new"
            opened = new_only.open(sealed, organization_id=org.id, integration_id=integration.id)
            assert opened == f"token-{n}".encode()
        pending = await uow.oauth_states.take("h" * 64)
    assert pending is not None
    assert pending.sealed_verifier.key_id == "new"
    again = await rotate_credential_keys(secrets, BOTH, batch_size=3)
    assert again.rotated == 0


async def test_a_concurrent_write_wins_over_the_rotation(
    stores: tuple[SealedSecrets, UowFactory],
) -> None:
    secrets, factory = stores
    org, made = await seed(factory, 2)
    (first, *_) = await secrets.batch_not_under("new", after=None, limit=10)
    assert first.kind is SecretKind.CREDENTIALS
    # a token refresh writes the credential while the rotation holds the old copy
    fresh = BOTH.seal(b"refreshed", organization_id=org.id, integration_id=first.owner_id)
    async with factory() as uow:
        await uow.credentials.put(org.id, IntegrationId(first.owner_id), fresh)
        await uow.commit()
    stale = BOTH.seal(b"token-old", organization_id=org.id, integration_id=first.owner_id)
    assert await secrets.replace([(first, stale)]) == 0
    async with factory() as uow:
        assert await uow.credentials.get(org.id, IntegrationId(first.owner_id)) == fresh
    del made


async def test_secrets_under_a_lost_key_are_reported_not_destroyed(
    stores: tuple[SealedSecrets, UowFactory],
) -> None:
    secrets, factory = stores
    await seed(factory, 2)
    other = AesGcmKeyRing({"new": NEW})  # "old" is missing from this ring
    report = await rotate_credential_keys(secrets, other, batch_size=1)
    assert report.unreadable == 3
    assert report.rotated == 0
    assert await secrets.count_not_under("new") == 3


async def test_a_channel_accounts_own_token_is_rotated_too(
    stores: tuple[SealedSecrets, UowFactory],
) -> None:
    secrets, factory = stores
    org, (integration,) = await seed(factory, 1)
    brand = simple_brand(org, "Acme")
    page = ChannelAccount.discover(
        id=ChannelAccountId(new_id()),
        organization_id=org.id,
        brand_id=brand.id,
        integration_id=integration.id,
        kind=ChannelKind.FACEBOOK_PAGE,
        external_id="page-1",
        name="Acme",
        now=T0,
        has_own_credentials=True,
    )
    async with factory() as uow:
        await uow.brands.add(brand)
        await uow.channel_accounts.add(page)
        await uow.account_credentials.put(
            org.id,
            page.id,
            OLD_RING.seal(b"page-token", organization_id=org.id, integration_id=page.id),
        )
        await uow.commit()
    assert await secrets.count_not_under("new") == 3
    first = await secrets.batch_not_under("new", after=None, limit=1)
    assert [(s.kind, s.owner_id) for s in first] == [(SecretKind.ACCOUNT_CREDENTIALS, page.id)]
    report = await rotate_credential_keys(secrets, BOTH, batch_size=1)
    assert report.rotated == 3
    async with factory() as uow:
        sealed = await uow.account_credentials.get(org.id, page.id)
    assert sealed is not None
    assert sealed.key_id == "new"
    new_only = AesGcmKeyRing({"new": NEW})
    assert new_only.open(sealed, organization_id=org.id, integration_id=page.id) == b"page-token"
