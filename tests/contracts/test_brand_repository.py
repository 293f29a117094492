"""Contract of BrandRepository, run against every adapter (see conftest.uow_factory)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from tests.contracts.builders import (
    T0,
    audience,
    competitor,
    full_brand,
    organization,
    simple_brand,
    store,
)
from tests.contracts.conftest import UowFactory

from umt.domain.brand.brand import Brand, BrandStatus
from umt.domain.brand.errors import DuplicateSlug
from umt.domain.shared.errors import InvalidValue, StaleVersion
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.values import Slug
from umt.ports.brand_repository import BrandFilter
from umt.ports.pagination import PageRequest, encode_cursor
from umt.ports.unit_of_work import UnitOfWork

LATER = T0 + timedelta(minutes=5)


async def load(factory: UowFactory, brand: Brand) -> Brand:
    async with factory() as uow:
        loaded = await uow.brands.get(brand.organization_id, brand.id)
    assert loaded is not None
    return loaded


async def save_and_commit(uow: UnitOfWork, brand: Brand) -> None:
    """An adapter may detect a conflict when saving or only when committing: both count."""
    await uow.brands.save(brand)
    await uow.commit()


async def list_all(
    factory: UowFactory, org_id: OrganizationId, *, sort: str, descending: bool, limit: int = 3
) -> list[Brand]:
    """Walk every page, asserting each holds at most ``limit`` items."""
    collected: list[Brand] = []
    cursor = None
    for _ in range(20):
        async with factory() as uow:
            page = await uow.brands.list(
                org_id,
                BrandFilter(),
                PageRequest(limit=limit, cursor=cursor, sort=sort, descending=descending),
            )
        assert len(page.items) <= limit
        collected.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return collected
    raise AssertionError("pagination did not terminate")


class TestBrandRepository:
    async def test_every_field_survives_a_round_trip(self, uow_factory: UowFactory) -> None:
        org = organization()
        brand = full_brand(org)
        await store(uow_factory(), org, brands=(brand,))

        loaded = await load(uow_factory, brand)

        assert loaded == brand
        assert loaded.voice == brand.voice
        assert loaded.styling == brand.styling
        assert loaded.audiences == brand.audiences
        assert loaded.competitors == brand.competitors
        assert loaded.events == []  # rebuilding an aggregate records nothing
        assert loaded.created_at.utcoffset() == timedelta(0)
        assert loaded.created_at == T0  # microseconds kept

    async def test_another_organization_sees_nothing(self, uow_factory: UowFactory) -> None:
        org, other = organization("Acme"), organization("Other")
        brand = simple_brand(org, "Acme Rockets")
        await store(uow_factory(), org, other, brands=(brand,))

        async with uow_factory() as uow:
            assert await uow.brands.get(other.id, brand.id) is None
            page = await uow.brands.list(other.id, BrandFilter(), PageRequest())
            assert page.items == []
            assert page.next_cursor is None
            assert not await uow.brands.slug_taken(other.id, brand.slug)
            assert await uow.brands.slug_taken(org.id, brand.slug)

    async def test_slug_is_unique_within_an_organization(self, uow_factory: UowFactory) -> None:
        org, other = organization("Acme"), organization("Other")
        await store(uow_factory(), org, other, brands=(simple_brand(org, "Rockets"),))

        duplicate = simple_brand(org, "Something else", slug="rockets")
        with pytest.raises(DuplicateSlug):
            await store(uow_factory(), brands=(duplicate,))
        # The same slug in another tenant is fine.
        await store(uow_factory(), brands=(simple_brand(other, "Rockets"),))

        async with uow_factory() as uow:
            page = await uow.brands.list(org.id, BrandFilter(), PageRequest())
        assert [b.name for b in page.items] == ["Rockets"]

    async def test_renaming_onto_a_taken_slug_is_refused(self, uow_factory: UowFactory) -> None:
        org = organization()
        first, second = simple_brand(org, "First"), simple_brand(org, "Second")
        await store(uow_factory(), org, brands=(first, second))

        async def rename() -> None:
            async with uow_factory() as uow:
                loaded = await uow.brands.get(org.id, second.id)
                assert loaded is not None
                loaded.update({"slug": Slug("first")}, now=LATER)
                await save_and_commit(uow, loaded)

        with pytest.raises(DuplicateSlug):
            await rename()

    async def test_slug_taken_can_exclude_the_brand_itself(self, uow_factory: UowFactory) -> None:
        org = organization()
        brand = simple_brand(org, "Rockets")
        await store(uow_factory(), org, brands=(brand,))

        async with uow_factory() as uow:
            assert not await uow.brands.slug_taken(org.id, brand.slug, excluding=brand.id)
            assert not await uow.brands.slug_taken(org.id, Slug("free"))

    async def test_a_concurrent_save_is_stale(self, uow_factory: UowFactory) -> None:
        org = organization()
        brand = simple_brand(org, "Rockets")
        await store(uow_factory(), org, brands=(brand,))

        async with uow_factory() as first:
            mine = await first.brands.get(org.id, brand.id)
            assert mine is not None
            async with uow_factory() as second:
                theirs = await second.brands.get(org.id, brand.id)
                assert theirs is not None
                theirs.update({"name": "Their name"}, now=LATER)
                await second.brands.save(theirs)
                await second.commit()
            mine.update({"name": "My name"}, now=LATER)
            with pytest.raises(StaleVersion):
                await save_and_commit(first, mine)

        assert (await load(uow_factory, brand)).name == "Their name"

    async def test_updates_persist_and_bump_the_version(self, uow_factory: UowFactory) -> None:
        org = organization()
        brand = full_brand(org)
        await store(uow_factory(), org, brands=(brand,))

        async with uow_factory() as uow:
            loaded = await uow.brands.get(org.id, brand.id)
            assert loaded is not None
            loaded.update({"description": "New text", "website": None}, now=LATER)
            loaded.archive(now=LATER)
            await uow.brands.save(loaded)
            await uow.commit()

        again = await load(uow_factory, brand)
        assert again == loaded
        assert again.version == 3
        assert again.status is BrandStatus.ARCHIVED
        assert again.archived_at == LATER
        assert again.updated_at == LATER

    async def test_children_added_updated_and_removed_persist(
        self, uow_factory: UowFactory
    ) -> None:
        org = organization()
        brand = full_brand(org)
        await store(uow_factory(), org, brands=(brand,))
        kept_audience, dropped_audience = list(brand.audiences)
        kept_competitor, dropped_competitor = list(brand.competitors)

        async with uow_factory() as uow:
            loaded = await uow.brands.get(org.id, brand.id)
            assert loaded is not None
            loaded.update_audience(kept_audience, {"interests": ("rockets",)}, now=LATER)
            loaded.remove_audience(dropped_audience, now=LATER)
            # Re-using the removed persona's name in the same change must not collide.
            loaded.add_audience(audience("HOBBYISTS", now=LATER), now=LATER)
            loaded.archive_competitor(kept_competitor, now=LATER)
            loaded.remove_competitor(dropped_competitor, now=LATER)
            loaded.add_competitor(competitor("Umbrella", now=LATER), now=LATER)
            await uow.brands.save(loaded)
            await uow.commit()

        again = await load(uow_factory, brand)
        assert again.audiences == loaded.audiences
        assert again.competitors == loaded.competitors
        assert dropped_audience not in again.audiences
        assert again.audiences[kept_audience].version == 2
        assert again.audiences[kept_audience].interests == ("rockets",)
        assert again.competitors[kept_competitor].archived_at == LATER
        assert {c.name for c in again.competitors.values()} == {"Globex", "Umbrella"}

    async def test_a_concurrent_child_update_is_stale(self, uow_factory: UowFactory) -> None:
        org = organization()
        brand = full_brand(org)
        await store(uow_factory(), org, brands=(brand,))
        target = next(iter(brand.audiences))

        async with uow_factory() as first:
            mine = await first.brands.get(org.id, brand.id)
            assert mine is not None
            async with uow_factory() as second:
                theirs = await second.brands.get(org.id, brand.id)
                assert theirs is not None
                theirs.update_audience(target, {"goals": ("theirs",)}, now=LATER)
                await second.brands.save(theirs)
                await second.commit()
            mine.update_audience(target, {"goals": ("mine",)}, now=LATER)
            with pytest.raises(StaleVersion):
                await save_and_commit(first, mine)

        assert (await load(uow_factory, brand)).audiences[target].goals == ("theirs",)

    async def test_remove_deletes_the_brand_and_its_children(self, uow_factory: UowFactory) -> None:
        org = organization()
        brand = full_brand(org)
        await store(uow_factory(), org, brands=(brand,))

        async with uow_factory() as uow:
            loaded = await uow.brands.get(org.id, brand.id)
            assert loaded is not None
            loaded.mark_deleted(now=LATER)
            await uow.brands.remove(loaded)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.brands.get(org.id, brand.id) is None
            assert not await uow.brands.slug_taken(org.id, brand.slug)
        # The same brand (same child ids) can be stored again: nothing was left behind.
        await store(uow_factory(), brands=(full_brand(org),))

    async def test_list_returns_brands_without_children(self, uow_factory: UowFactory) -> None:
        org = organization()
        brand = full_brand(org)
        await store(uow_factory(), org, brands=(brand,))

        async with uow_factory() as uow:
            page = await uow.brands.list(org.id, BrandFilter(), PageRequest())

        [listed] = page.items
        assert listed.audiences == {}
        assert listed.competitors == {}
        assert listed.voice == brand.voice
        assert listed.styling == brand.styling

    async def test_list_filters_by_status_and_industry(self, uow_factory: UowFactory) -> None:
        org = organization()
        rockets = simple_brand(org, "Rockets", industry="aerospace")
        shoes = simple_brand(org, "Shoes", industry="fashion")
        old = simple_brand(org, "Old rockets", industry="aerospace")
        old.archive(now=LATER)
        await store(uow_factory(), org, brands=(rockets, shoes, old))

        async def names(filters: BrandFilter) -> set[str]:
            async with uow_factory() as uow:
                page = await uow.brands.list(org.id, filters, PageRequest())
            return {b.name for b in page.items}

        assert await names(BrandFilter()) == {"Rockets", "Shoes", "Old rockets"}
        assert await names(BrandFilter(status=BrandStatus.ACTIVE)) == {"Rockets", "Shoes"}
        assert await names(BrandFilter(industry="aerospace")) == {"Rockets", "Old rockets"}
        assert await names(BrandFilter(status=BrandStatus.ARCHIVED, industry="aerospace")) == {
            "Old rockets"
        }
        assert await names(BrandFilter(industry="food")) == set()

    @pytest.mark.parametrize("sort", ["created_at", "updated_at", "name"])
    @pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
    async def test_keyset_pagination_serves_every_brand_once_in_order(
        self, uow_factory: UowFactory, sort: str, descending: bool
    ) -> None:
        org = organization()
        # Names exercise code-point order (upper case before lower, accents after ASCII);
        # repeated timestamps exercise the tie-break on id.
        specs = [
            ("alpha", 0, 30),
            ("Beta", 0, 10),
            ("beta", 0, 10),
            ("Émile", 1, 20),
            ("zeta", 1, 0),
            ("Zulu", 2, 10),
            ("ähnlich", 3, 5),
        ]
        brands = []
        for index, (name, created, updated) in enumerate(specs):
            brand = simple_brand(
                org, name, slug=f"brand-{index}", now=T0 + timedelta(seconds=created)
            )
            brand.updated_at = T0 + timedelta(seconds=updated, microseconds=index % 2)
            brands.append(brand)
        await store(uow_factory(), org, brands=tuple(brands))

        listed = await list_all(uow_factory, org.id, sort=sort, descending=descending)

        expected = sorted(brands, key=lambda b: (getattr(b, sort), str(b.id)), reverse=descending)
        assert [b.id for b in listed] == [b.id for b in expected]

    async def test_a_full_last_page_has_no_cursor(self, uow_factory: UowFactory) -> None:
        org = organization()
        brands = tuple(simple_brand(org, f"Brand {i}") for i in range(3))
        await store(uow_factory(), org, brands=brands)

        async with uow_factory() as uow:
            page = await uow.brands.list(org.id, BrandFilter(), PageRequest(limit=3))
        assert len(page.items) == 3
        assert page.next_cursor is None

    async def test_a_bad_cursor_is_an_invalid_value(self, uow_factory: UowFactory) -> None:
        org = organization()
        await store(uow_factory(), org)
        other_sort = encode_cursor("name", "x", org.id)

        async with uow_factory() as uow:
            for cursor in ("not-a-cursor", other_sort):
                with pytest.raises(InvalidValue):
                    await uow.brands.list(
                        org.id, BrandFilter(), PageRequest(cursor=cursor, sort="created_at")
                    )

    async def test_times_come_back_as_utc(self, uow_factory: UowFactory) -> None:
        org = organization()
        brand = simple_brand(org, "Rockets")
        await store(uow_factory(), org, brands=(brand,))

        loaded = await load(uow_factory, brand)
        assert loaded.created_at.tzinfo is not None
        assert loaded.created_at.astimezone(UTC) == brand.created_at


class TestBrandSummary:
    """The one-row read other contexts check a brand with (tenancy, status, voice)."""

    async def test_it_carries_the_status_and_voice_of_the_stored_brand(
        self, uow_factory: UowFactory
    ) -> None:
        org = organization()
        brand = full_brand(org)
        await store(uow_factory(), org, brands=(brand,))

        async with uow_factory() as uow:
            summary = await uow.brands.summary(org.id, brand.id)

        assert summary is not None
        assert (summary.id, summary.organization_id) == (brand.id, org.id)
        assert summary.status is BrandStatus.ACTIVE
        assert summary.voice == brand.voice

    async def test_it_follows_an_archive(self, uow_factory: UowFactory) -> None:
        org = organization()
        brand = simple_brand(org, "Rockets")
        await store(uow_factory(), org, brands=(brand,))
        async with uow_factory() as uow:
            loaded = await uow.brands.get(org.id, brand.id)
            assert loaded is not None
            loaded.archive(now=LATER)
            await save_and_commit(uow, loaded)

        async with uow_factory() as uow:
            summary = await uow.brands.summary(org.id, brand.id)

        assert summary is not None
        assert summary.status is BrandStatus.ARCHIVED

    async def test_another_organization_or_an_unknown_id_finds_nothing(
        self, uow_factory: UowFactory
    ) -> None:
        org, other = organization("Acme"), organization("Other")
        brand = simple_brand(org, "Rockets")
        await store(uow_factory(), org, other, brands=(brand,))

        async with uow_factory() as uow:
            assert await uow.brands.summary(other.id, brand.id) is None
            assert await uow.brands.summary(org.id, simple_brand(org, "Unsaved").id) is None
