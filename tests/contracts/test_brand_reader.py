"""Contract of the BrandReader port, run against memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from tests.contracts.builders import T0, full_brand, organization, store

from umt.ports.brand_reader import BrandReader
from umt.ports.brand_views import brand_view
from umt.ports.unit_of_work import UnitOfWork

Pair = tuple[BrandReader, Callable[[], UnitOfWork]]


class TestBrandReader:
    async def test_view_equals_the_stored_aggregate(self, reader_and_uow: Pair) -> None:
        reader, uow_factory = reader_and_uow
        org = organization()
        brand = full_brand(org)
        await store(uow_factory(), org, brands=(brand,))
        view = await reader.get(org.id, brand.id)
        assert view == brand_view(brand)

    async def test_other_tenants_and_unknown_ids_read_nothing(self, reader_and_uow: Pair) -> None:
        reader, uow_factory = reader_and_uow
        org, other = organization("Acme"), organization("Globex")
        brand = full_brand(org)
        await store(uow_factory(), org, other, brands=(brand,))
        assert await reader.get(other.id, brand.id) is None
        assert await reader.get(org.id, other.id) is None

    async def test_reads_see_committed_changes(self, reader_and_uow: Pair) -> None:
        reader, uow_factory = reader_and_uow
        org = organization()
        brand = full_brand(org)
        await store(uow_factory(), org, brands=(brand,))
        async with uow_factory() as uow:
            loaded = await uow.brands.get(org.id, brand.id)
            assert loaded is not None
            loaded.update({"industry": "tea"}, now=T0 + timedelta(hours=1))
            await uow.brands.save(loaded)
            await uow.commit()
        view = await reader.get(org.id, brand.id)
        assert view is not None
        assert (view.industry, view.version) == ("tea", brand.version + 1)


async def test_a_postgres_read_is_one_round_trip_without_a_session_reset(
    backend: str, reader_and_uow: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read pool only ever runs one SELECT per checkout (no session settings, LISTEN,
    cursors or advisory locks to undo), so it skips asyncpg's reset query on release: that
    was a second round trip on every GET. An open transaction would still be rolled back."""
    if backend != "postgresql":
        pytest.skip("the PostgreSQL read pool only")
    import asyncpg

    resets: list[object] = []
    original = asyncpg.Connection.get_reset_query

    def counting(self: asyncpg.Connection) -> str:
        resets.append(self)
        return str(original(self))

    monkeypatch.setattr(asyncpg.Connection, "get_reset_query", counting)
    reader, uow_factory = reader_and_uow
    org = organization()
    brand = full_brand(org)
    await store(uow_factory(), org, brands=(brand,))
    for _ in range(3):
        assert await reader.get(org.id, brand.id) == brand_view(brand)
    assert resets == []
