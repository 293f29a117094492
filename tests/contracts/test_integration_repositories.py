"""Contract of the integration context's stores (integrations, sealed credentials, OAuth
states), run against memory, SQLite and PostgreSQL (see conftest.uow_factory)."""

from __future__ import annotations

import base64
import os
from datetime import timedelta

import pytest
from tests.contracts.builders import T0, new_id, organization
from tests.contracts.conftest import UowFactory

from umt.adapters.crypto.key_ring import AesGcmKeyRing
from umt.domain.identity.model import Organization
from umt.domain.integration.errors import ErrorReason
from umt.domain.integration.integration import (
    Account,
    Integration,
    IntegrationId,
    IntegrationStatus,
)
from umt.domain.integration.platforms import Platform
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.domain.shared.ids import OrganizationId, UserId
from umt.ports.credential_cipher import CredentialUnreadable, SealedSecret
from umt.ports.integration_repository import DueWork, IntegrationFilter
from umt.ports.oauth_state_store import PendingAuthorization
from umt.ports.unit_of_work import UnitOfWork

LATER = T0 + timedelta(hours=1)
CIPHER = AesGcmKeyRing({"k1": base64.b64decode(base64.b64encode(os.urandom(32)))})


async def add_org(factory: UowFactory) -> Organization:
    org = organization()
    async with factory() as uow:
        await uow.organizations.add(org)
        await uow.commit()
    return org


def connected(org: Organization, account_id: str = "acct-1", **kw: object) -> Integration:
    integration = Integration.start(
        id=IntegrationId(new_id()),
        organization_id=org.id,
        platform=Platform(str(kw.get("platform", Platform.SANDBOX))),
        created_by=UserId(new_id()),
        now=T0,
    )
    integration.connect(
        Account(external_id=account_id, name="Acme page"),
        scopes=frozenset({"read", "write"}),
        token_expires_at=LATER,
        now=T0,
    )
    integration.schedule(refresh_at=T0 + timedelta(minutes=50), health_check_at=LATER)
    return integration


async def save_and_commit(uow: UnitOfWork, integration: Integration) -> None:
    """An adapter may detect a conflict when saving or only when committing: both count."""
    await uow.integrations.save(integration)
    await uow.commit()


async def store(factory: UowFactory, *items: Integration) -> None:
    async with factory() as uow:
        for item in items:
            await uow.integrations.add(item)
        await uow.commit()


async def test_round_trip_keeps_every_field_and_writes_events(uow_factory: UowFactory) -> None:
    org = await add_org(uow_factory)
    integration = connected(org)
    integration.record_health(ErrorReason.RATE_LIMITED, needs_reauth=False, now=LATER)
    integration.mark_synced(now=LATER)
    await store(uow_factory, integration)
    async with uow_factory() as uow:
        loaded = await uow.integrations.get(org.id, integration.id)
        pending = await uow.outbox.pending()
    assert loaded is not None
    assert loaded.account == integration.account
    assert loaded.scopes == {"read", "write"}
    assert loaded.status is IntegrationStatus.CONNECTED
    assert loaded.last_health == integration.last_health
    assert loaded.token_expires_at == LATER
    assert loaded.last_sync_at == LATER
    assert loaded.next_refresh_at == integration.next_refresh_at
    assert loaded.version == integration.version
    assert [m.event_type for m in pending if m.aggregate_id == integration.id] == [
        "integration.connected",
        "integration.health_checked",
    ]


async def test_another_tenant_sees_nothing(uow_factory: UowFactory) -> None:
    org, other = await add_org(uow_factory), await add_org(uow_factory)
    integration = connected(org)
    await store(uow_factory, integration)
    async with uow_factory() as uow:
        assert await uow.integrations.get(other.id, integration.id) is None
        assert await uow.integrations.list(other.id, IntegrationFilter()) == []
        assert await uow.integrations.find_active(other.id, Platform.SANDBOX, "acct-1") is None


async def test_one_active_integration_per_account(uow_factory: UowFactory) -> None:
    org = await add_org(uow_factory)
    first = connected(org)
    await store(uow_factory, first)
    with pytest.raises(Conflict):
        await store(uow_factory, connected(org))
    # another platform, or another account, is fine
    await store(uow_factory, connected(org, "acct-2"), connected(org, platform=Platform.META))
    # once revoked, the same account may be connected anew
    async with uow_factory() as uow:
        loaded = await uow.integrations.find_active(org.id, Platform.SANDBOX, "acct-1")
        assert loaded is not None
        loaded.revoke(now=LATER)
        await uow.integrations.save(loaded)
        await uow.commit()
    await store(uow_factory, connected(org))
    async with uow_factory() as uow:
        listed = await uow.integrations.list(org.id, IntegrationFilter(platform=Platform.SANDBOX))
        revoked = await uow.integrations.list(
            org.id, IntegrationFilter(status=IntegrationStatus.REVOKED)
        )
    assert len(listed) == 3
    assert [i.id for i in revoked] == [first.id]


async def test_save_detects_a_concurrent_writer(uow_factory: UowFactory) -> None:
    org = await add_org(uow_factory)
    integration = connected(org)
    await store(uow_factory, integration)
    async with uow_factory() as a, uow_factory() as b:
        mine = await a.integrations.get(org.id, integration.id)
        theirs = await b.integrations.get(org.id, integration.id)
        assert mine is not None
        assert theirs is not None
        theirs.mark_synced(now=LATER)
        await b.integrations.save(theirs)
        await b.commit()
        mine.require_reauth(ErrorReason.TOKEN_REVOKED, now=LATER)
        with pytest.raises(StaleVersion):
            await save_and_commit(a, mine)


async def test_claim_due_takes_each_due_row_once(uow_factory: UowFactory) -> None:
    org = await add_org(uow_factory)
    due, not_due = connected(org, "a"), connected(org, "b")
    due.schedule(refresh_at=T0, health_check_at=None)
    not_due.schedule(refresh_at=LATER, health_check_at=T0)
    await store(uow_factory, due, not_due)
    retry = T0 + timedelta(minutes=5)
    async with uow_factory() as uow:
        claimed = await uow.integrations.claim_due(
            DueWork.REFRESH, now=T0, retry_at=retry, limit=10
        )
        await uow.commit()
    assert [c.integration_id for c in claimed] == [due.id]
    assert claimed[0].organization_id == org.id
    async with uow_factory() as uow:
        again = await uow.integrations.claim_due(DueWork.REFRESH, now=T0, retry_at=retry, limit=10)
        checks = await uow.integrations.claim_due(
            DueWork.HEALTH_CHECK, now=T0, retry_at=retry, limit=10
        )
        await uow.commit()
        loaded = await uow.integrations.get(org.id, due.id)
    assert again == []
    assert [c.integration_id for c in checks] == [not_due.id]
    assert loaded is not None
    assert loaded.next_refresh_at == retry


async def test_sealed_credentials_round_trip_and_are_destroyed(uow_factory: UowFactory) -> None:
    org = await add_org(uow_factory)
    integration = connected(org)
    sealed = CIPHER.seal(b"secret", organization_id=org.id, integration_id=integration.id)
    async with uow_factory() as uow:
        await uow.integrations.add(integration)
        await uow.credentials.put(org.id, integration.id, sealed)
        await uow.commit()
    newer = CIPHER.seal(b"newer", organization_id=org.id, integration_id=integration.id)
    async with uow_factory() as uow:
        assert await uow.credentials.get(org.id, integration.id) == sealed
        assert await uow.credentials.get(OrganizationId(new_id()), integration.id) is None
        await uow.credentials.put(org.id, integration.id, newer)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.credentials.get(org.id, integration.id) == newer
        await uow.credentials.delete(org.id, integration.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.credentials.get(org.id, integration.id) is None


async def test_a_ciphertext_copied_to_another_row_does_not_open(uow_factory: UowFactory) -> None:
    """The associated data binds a sealed credential to its own organization and integration:
    copying one row's ciphertext to another (here across tenants, too) gives nothing."""
    org, other = await add_org(uow_factory), await add_org(uow_factory)
    a, b, c = connected(org, "a"), connected(org, "b"), connected(other, "c")
    async with uow_factory() as uow:
        for item in (a, b, c):
            await uow.integrations.add(item)
        await uow.credentials.put(
            org.id, a.id, CIPHER.seal(b"token-a", organization_id=org.id, integration_id=a.id)
        )
        await uow.commit()
    async with uow_factory() as uow:
        stolen = await uow.credentials.get(org.id, a.id)
        assert stolen is not None
        await uow.credentials.put(org.id, b.id, stolen)
        await uow.credentials.put(other.id, c.id, stolen)
        await uow.commit()
    async with uow_factory() as uow:
        for owner, target in ((org.id, b.id), (other.id, c.id)):
            copied = await uow.credentials.get(owner, target)
            assert copied is not None
            with pytest.raises(CredentialUnreadable):
                CIPHER.open(copied, organization_id=owner, integration_id=target)
        original = await uow.credentials.get(org.id, a.id)
        assert original is not None
        assert CIPHER.open(original, organization_id=org.id, integration_id=a.id) == b"token-a"


def pending(org: Organization, state_hash: str, *, expires: int = 10) -> PendingAuthorization:
    state_id = new_id()
    return PendingAuthorization(
        id=state_id,
        state_hash=state_hash,
        binding_hash="b" * 64,
        organization_id=org.id,
        user_id=UserId(new_id()),
        platform=Platform.META,
        scopes=("pages_show_list", "pages_manage_posts"),
        redirect_uri="https://umt.example/api/v1/integrations/meta/callback",
        return_to=None,
        sealed_verifier=CIPHER.seal(b"verifier", organization_id=org.id, integration_id=state_id),
        created_at=T0,
        expires_at=T0 + timedelta(minutes=expires),
    )


async def test_oauth_state_is_single_use(uow_factory: UowFactory) -> None:
    org = await add_org(uow_factory)
    state = pending(org, "s" * 64)
    async with uow_factory() as uow:
        await uow.oauth_states.add(state)
        await uow.commit()
    async with uow_factory() as uow:
        taken = await uow.oauth_states.take("s" * 64)
        await uow.commit()
    assert taken == state
    async with uow_factory() as uow:
        assert await uow.oauth_states.take("s" * 64) is None
        assert await uow.oauth_states.take("x" * 64) is None


async def test_expired_oauth_states_are_purged(uow_factory: UowFactory) -> None:
    org = await add_org(uow_factory)
    async with uow_factory() as uow:
        await uow.oauth_states.add(pending(org, "1" * 64, expires=1))
        await uow.oauth_states.add(pending(org, "2" * 64, expires=30))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.oauth_states.purge_expired(T0 + timedelta(minutes=5)) == 1
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.oauth_states.take("1" * 64) is None
        assert await uow.oauth_states.take("2" * 64) is not None


def test_sealed_secret_repr_hides_bytes() -> None:
    assert "secret" not in repr(SealedSecret("k1", b"secret"))
