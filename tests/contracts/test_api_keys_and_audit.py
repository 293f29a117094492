"""Contracts of the ApiKeyRepository and the AuditLog, and of the unit of work writing one audit
entry per committed event in the same transaction; run against every adapter (see
conftest.uow_factory). The append-only triggers are checked on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.contracts.builders import T0, new_id, organization, simple_brand, store
from tests.contracts.conftest import UowFactory, sqlite_url
from tests.support.postgres import truncate_all

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.shared.tables import audit_log
from umt.application.audit.context import acting, start_request_scope
from umt.domain.audit.entry import Actor, ActorType, AuditEntry
from umt.domain.identity.api_key import ApiKey
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import ApiKeyId, OrganizationId, UserId
from umt.ports.audit_log import AuditQuery
from umt.ports.pagination import PageRequest

NEWEST_FIRST = PageRequest(sort="occurred_at", descending=True)


def api_key(org_id: Any, *, public_id: str = "0123456789abcdef", name: str = "ci") -> ApiKey:
    return ApiKey.issue(
        id=ApiKeyId(new_id()),
        organization_id=OrganizationId(org_id),
        created_by=UserId(new_id()),
        creator_permissions=frozenset(Permission),
        name=name,
        scopes=frozenset({Permission.BRAND_READ, Permission.BRAND_UPDATE}),
        public_id=public_id,
        secret_hash="c" * 64,
        expires_at=T0 + timedelta(days=30),
        now=T0,
    )


def entry(org_id: Any, n: int, **fields: Any) -> AuditEntry:
    values: dict[str, Any] = {
        "id": new_id(),
        "organization_id": org_id,
        "actor": Actor(ActorType.USER, new_id()),
        "action": "brand.updated",
        "resource_type": "brand",
        "resource_id": str(new_id()),
        "before": {"name": "Old"},
        "after": {"name": "New"},
        "ip": "192.0.2.1",
        "user_agent": "tests",
        "trace_id": "ab" * 16,
        "request_id": "r1",
        "occurred_at": T0 + timedelta(seconds=n),
    }
    values.update(fields)
    return AuditEntry(**values)


async def append(factory: UowFactory, *entries: AuditEntry) -> None:
    async with factory() as uow:
        for item in entries:
            await uow.audit_log.append(item)
        await uow.commit()


class TestApiKeyRepository:
    async def test_round_trip_by_id_and_public_id(self, uow_factory: UowFactory) -> None:
        org = new_id()
        key = api_key(org)
        async with uow_factory() as uow:
            await uow.api_keys.add(key)
            await uow.commit()
        async with uow_factory() as uow:
            by_id = await uow.api_keys.get(OrganizationId(org), key.id)
            by_public = await uow.api_keys.by_public_id(key.public_id)
            elsewhere = await uow.api_keys.get(OrganizationId(new_id()), key.id)
            unknown = await uow.api_keys.by_public_id("ffffffffffffffff")
        assert by_id == replace(key, events=[]) == by_public
        assert by_id is not None
        assert by_id.scopes == key.scopes
        assert elsewhere is None
        assert unknown is None

    async def test_public_ids_are_unique(self, uow_factory: UowFactory) -> None:
        await self._add(uow_factory, api_key(new_id()))
        with pytest.raises(Conflict):
            await self._add(uow_factory, api_key(new_id()))

    async def test_revocation_and_last_use_are_saved(self, uow_factory: UowFactory) -> None:
        org = OrganizationId(new_id())
        key = api_key(org)
        await self._add(uow_factory, key)
        async with uow_factory() as uow:
            loaded = await uow.api_keys.get(org, key.id)
            assert loaded is not None
            assert loaded.note_use(T0 + timedelta(minutes=5))
            loaded.revoke(T0 + timedelta(minutes=6))
            await uow.api_keys.save(loaded)
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.api_keys.get(org, key.id)
        assert again is not None
        assert again.last_used_at == T0 + timedelta(minutes=5)
        assert again.revoked_at == T0 + timedelta(minutes=6)

    async def test_listing_is_per_organization_newest_first(self, uow_factory: UowFactory) -> None:
        org, other = new_id(), new_id()
        old = api_key(org, public_id="1" * 16)
        new = replace(api_key(org, public_id="2" * 16), created_at=T0 + timedelta(hours=1))
        await self._add(uow_factory, old, new, api_key(other, public_id="3" * 16))
        async with uow_factory() as uow:
            listed = await uow.api_keys.for_organization(OrganizationId(org))
        assert [k.id for k in listed] == [new.id, old.id]

    async def test_a_creators_unrevoked_keys_of_one_organization_oldest_first(
        self, uow_factory: UowFactory
    ) -> None:
        org, other = new_id(), new_id()
        first = api_key(org, public_id="1" * 16)
        creator = first.created_by
        second = replace(
            api_key(org, public_id="2" * 16), created_by=creator, created_at=T0 + timedelta(1)
        )
        revoked = replace(
            api_key(org, public_id="3" * 16), created_by=creator, revoked_at=T0 + timedelta(1)
        )
        someone_elses = api_key(org, public_id="4" * 16)
        elsewhere = replace(api_key(other, public_id="5" * 16), created_by=creator)
        await self._add(uow_factory, second, first, revoked, someone_elses, elsewhere)
        async with uow_factory() as uow:
            found = await uow.api_keys.for_creator(OrganizationId(org), creator)
            assert [k.id for k in found] == [first.id, second.id]
            for key in found:  # what removing the member does: revoke each, audited
                key.revoke(T0 + timedelta(2))
                await uow.api_keys.save(key)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.api_keys.for_creator(OrganizationId(org), creator) == []
            page = await uow.audit_log.query(
                AuditQuery(organization_id=org, action="identity.api_key_revoked"), NEWEST_FIRST
            )
        assert {e.resource_id for e in page.items} == {str(first.id), str(second.id)}

    async def test_the_keys_made_with_a_key(self, uow_factory: UowFactory) -> None:
        org = new_id()
        parent = api_key(org, public_id="1" * 16)
        child = replace(api_key(org, public_id="2" * 16), parent_id=parent.id)
        revoked_child = replace(
            api_key(org, public_id="3" * 16), parent_id=parent.id, revoked_at=T0
        )
        grandchild = replace(api_key(org, public_id="4" * 16), parent_id=child.id)
        await self._add(uow_factory, parent, child, revoked_child, grandchild)
        async with uow_factory() as uow:
            loaded = await uow.api_keys.get(OrganizationId(org), grandchild.id)
            assert [k.id for k in await uow.api_keys.children(OrganizationId(org), parent.id)] == [
                child.id
            ]
            assert await uow.api_keys.children(OrganizationId(org), grandchild.id) == []
            assert await uow.api_keys.children(OrganizationId(new_id()), parent.id) == []
        assert loaded is not None
        assert loaded.parent_id == child.id

    async def test_a_key_creation_and_revocation_are_audited(self, uow_factory: UowFactory) -> None:
        org = new_id()
        key = api_key(org)
        await self._add(uow_factory, key)
        async with uow_factory() as uow:
            loaded = await uow.api_keys.get(OrganizationId(org), key.id)
            assert loaded is not None
            loaded.revoke(T0 + timedelta(minutes=1))
            await uow.api_keys.save(loaded)
            await uow.commit()
        async with uow_factory() as uow:
            page = await uow.audit_log.query(AuditQuery(organization_id=org), NEWEST_FIRST)
        assert [e.action for e in page.items] == [
            "identity.api_key_revoked",
            "identity.api_key_created",
        ]
        assert all("c" * 64 not in repr(e) for e in page.items), "the hash never reaches the log"

    @staticmethod
    async def _add(factory: UowFactory, *keys: ApiKey) -> None:
        async with factory() as uow:
            for key in keys:
                await uow.api_keys.add(key)
            await uow.commit()


class TestAuditLog:
    async def test_round_trip(self, uow_factory: UowFactory) -> None:
        org = new_id()
        written = entry(org, 1, actor=Actor(ActorType.API_KEY, new_id(), on_behalf_of=new_id()))
        await append(uow_factory, written)
        async with uow_factory() as uow:
            page = await uow.audit_log.query(AuditQuery(organization_id=org), NEWEST_FIRST)
        assert page.items == [written]
        assert page.next_cursor is None

    async def test_nothing_is_written_without_commit(self, uow_factory: UowFactory) -> None:
        org = new_id()
        async with uow_factory() as uow:
            await uow.audit_log.append(entry(org, 1))
        async with uow_factory() as uow:
            page = await uow.audit_log.query(AuditQuery(organization_id=org), NEWEST_FIRST)
        assert page.items == []

    async def test_filters(self, uow_factory: UowFactory) -> None:
        org = new_id()
        actor = Actor(ActorType.USER, new_id())
        target = entry(org, 5, actor=actor, action="brand.deleted", resource_id="r-1")
        others = [entry(org, n) for n in range(4)]
        await append(uow_factory, target, *others, entry(new_id(), 6, actor=actor))

        async def ids(**filters: Any) -> list[Any]:
            async with uow_factory() as uow:
                page = await uow.audit_log.query(
                    AuditQuery(organization_id=org, **filters), NEWEST_FIRST
                )
            return [e.id for e in page.items]

        assert await ids(actor_id=actor.id) == [target.id]
        assert await ids(action="brand.deleted") == [target.id]
        assert await ids(resource_id="r-1", resource_type="brand") == [target.id]
        assert await ids(resource_type="project") == []
        assert await ids(since=T0 + timedelta(seconds=5)) == [target.id]
        assert await ids(until=T0 + timedelta(seconds=1)) == [others[0].id]
        assert len(await ids()) == 5  # the other organization's entry is never there

    async def test_keyset_pages_newest_first(self, uow_factory: UowFactory) -> None:
        org = new_id()
        entries = [entry(org, n % 3) for n in range(7)]  # ties on time, ordered by id
        await append(uow_factory, *entries)
        seen: list[Any] = []
        cursor = None
        while True:
            async with uow_factory() as uow:
                page = await uow.audit_log.query(
                    AuditQuery(organization_id=org),
                    PageRequest(limit=3, cursor=cursor, sort="occurred_at", descending=True),
                )
            seen.extend(page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
        assert sorted(e.id for e in seen) == sorted(e.id for e in entries)
        keys = [(e.occurred_at, str(e.id)) for e in seen]
        assert keys == sorted(keys, reverse=True)


class TestUnitOfWorkAudits:
    async def test_one_entry_per_committed_event_with_actor_and_origin(
        self, uow_factory: UowFactory
    ) -> None:
        org = organization()
        brand = simple_brand(org, "Old name")
        start_request_scope("198.51.100.7", "curl/8")
        person = Actor(ActorType.USER, new_id())
        with acting(person):
            await store(uow_factory(), org, brands=(brand,))
            async with uow_factory() as uow:
                loaded = await uow.brands.get(org.id, brand.id)
                loaded.update({"name": "Renamed"}, now=T0 + timedelta(minutes=1))
                await uow.brands.save(loaded)
                await uow.commit()
        async with uow_factory() as uow:
            page = await uow.audit_log.query(AuditQuery(organization_id=org.id), NEWEST_FIRST)
        updated = page.items[0]
        assert updated.action == "brand.updated"
        assert updated.before == {"name": brand.name}
        assert updated.after == {"name": "Renamed"}
        assert (updated.actor, updated.ip, updated.user_agent) == (person, "198.51.100.7", "curl/8")
        assert updated.resource_id == str(brand.id)
        assert {e.action for e in page.items} >= {"brand.created", "identity.organization_created"}

    async def test_a_rolled_back_change_leaves_no_entry(self, uow_factory: UowFactory) -> None:
        org = organization()
        async with uow_factory() as uow:
            await uow.organizations.add(org)
        async with uow_factory() as uow:
            page = await uow.audit_log.query(AuditQuery(organization_id=org.id), NEWEST_FIRST)
        assert page.items == []


@pytest.fixture(params=["sqlite", "postgresql"])
async def sql_engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if request.param == "sqlite":
        database = tmp_path / "umt.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), database)
        engine = create_engine(sqlite_url(database))
    else:
        engine = create_engine(request.getfixturevalue("postgres_url"), pool_size=2)
        await truncate_all(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


async def test_the_audit_table_refuses_update_and_delete(sql_engine: AsyncEngine) -> None:
    row = {"id": new_id(), "actor_type": "system", "action": "x.done", "resource_type": "x"}
    async with sql_engine.begin() as connection:
        await connection.execute(audit_log.insert(), {**row, "occurred_at": T0})
    for statement in ("UPDATE audit_log SET action = 'x.undone'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with sql_engine.begin() as connection:
                await connection.execute(text(statement))
    async with sql_engine.connect() as connection:
        rows = (await connection.execute(text("SELECT action FROM audit_log"))).all()
    assert [tuple(r) for r in rows] == [("x.done",)]
