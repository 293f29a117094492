"""Contracts of the ConversionPathStore and the TaggedClickStore, run against every adapter
(memory, SQLite, PostgreSQL; see conftest.uow_factory)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

from tests.contracts.builders import T0
from tests.contracts.conftest import UowFactory

from umt.domain.attribution.paths import ConversionPath, PathSource, Touchpoint
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.tagged_clicks import TaggedClick

ORG = OrganizationId(uuid4())
BRAND = BrandId(uuid4())
HOUR = timedelta(hours=1)


def conversion(
    key: str, ends: int, *, value: str = "12.5", converted: bool = True
) -> ConversionPath:
    """A path of two touchpoints, the last ``ends`` hours after T0."""
    last = T0 + ends * HOUR
    return ConversionPath(
        key=key,
        touchpoints=(
            Touchpoint(channel="linkedin", campaign="spring", content="c-1", at=last - HOUR),
            Touchpoint(channel="email", at=last),
        ),
        converted_at=last if converted else None,
        value=Decimal(value) if converted else Decimal(0),
        source=PathSource.CSV,
    )


async def store(factory: UowFactory, *paths: ConversionPath, brand: BrandId = BRAND) -> None:
    async with factory() as uow:
        await uow.conversion_paths.add(ORG, brand, paths, recorded_at=T0)
        await uow.commit()


class TestConversionPathStore:
    async def test_a_stored_path_reads_back_whole_with_its_fingerprint(
        self, uow_factory: UowFactory
    ) -> None:
        one, lost = conversion("order-1", 5), conversion("visit-2", 7, converted=False)
        await store(uow_factory, one, lost, conversion("order-3", 30))
        async with uow_factory() as uow:
            found = await uow.conversion_paths.ending_between(
                ORG, BRAND, T0, T0 + 24 * HOUR, limit=10
            )
            other_brand = await uow.conversion_paths.ending_between(
                ORG, BrandId(uuid4()), T0, T0 + 24 * HOUR, limit=10
            )
            other_org = await uow.conversion_paths.ending_between(
                OrganizationId(uuid4()), BRAND, T0, T0 + 24 * HOUR, limit=10
            )
        assert found == [one, lost]
        assert found[0].fingerprint == one.fingerprint
        assert (found[0].value, found[0].source) == (Decimal("12.5"), PathSource.CSV)
        assert other_brand == other_org == []
        # the fingerprints of the stored keys only, of this brand only
        await store(uow_factory, conversion("order-9", 5), brand=BrandId(uuid4()))
        async with uow_factory() as uow:
            prints = await uow.conversion_paths.fingerprints(
                ORG, BRAND, ["order-1", "order-2", "order-9"]
            )
        assert prints == {"order-1": one.fingerprint}

    async def test_the_range_is_half_open_ordered_limited_and_uncommitted_paths_stay_out(
        self, uow_factory: UowFactory
    ) -> None:
        await store(uow_factory, *(conversion(f"k{h}", h) for h in (3, 1, 2, 4)))
        async with uow_factory() as uow:
            found = await uow.conversion_paths.ending_between(
                ORG, BRAND, T0 + HOUR, T0 + 4 * HOUR, limit=10
            )
            limited = await uow.conversion_paths.ending_between(
                ORG, BRAND, T0, T0 + 9 * HOUR, limit=2
            )
        assert [p.key for p in found] == ["k1", "k2", "k3"]
        assert [p.key for p in limited] == ["k1", "k2"]
        # uncommitted: visible to its own transaction only
        async with uow_factory() as uow:
            await uow.conversion_paths.add(ORG, BRAND, [conversion("k", 1)], recorded_at=T0)
            assert set(await uow.conversion_paths.fingerprints(ORG, BRAND, ["k"])) == {"k"}
        async with uow_factory() as uow:
            assert await uow.conversion_paths.fingerprints(ORG, BRAND, ["k"]) == {}


def click(event_id: str, visitor: str = "v1", hours: int = 0, **kw: str) -> TaggedClick:
    return TaggedClick(
        organization_id=ORG,
        brand_id=BRAND,
        event_id=event_id,
        visitor=visitor,
        at=T0 + hours * HOUR,
        channel=kw.get("channel", "linkedin"),
        campaign=kw.get("campaign", ""),
        content=kw.get("content", ""),
    )


class TestTaggedClickStore:
    async def test_open_clicks_of_visitors_in_time_order_until_closed(
        self, uow_factory: UowFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.tagged_clicks.add(
                [
                    click("e3", "v1", 3, campaign="spring", content="c-1"),
                    click("e1", "v1", 1),
                    click("e2", "v2", 2),
                    click("e0", "v1", 0),
                    click("e9", "v3", 1),
                ]
            )
            await uow.commit()
        async with uow_factory() as uow:
            found = await uow.tagged_clicks.open_for(ORG, BRAND, ["v1", "v2"], since=T0 + HOUR)
            known = await uow.tagged_clicks.known(ORG, BRAND, ["e1", "e3", "e7"])
            elsewhere = await uow.tagged_clicks.known(OrganizationId(uuid4()), BRAND, ["e1"])
        assert [(c.visitor, c.event_id) for c in found] == [
            ("v1", "e1"),
            ("v1", "e3"),
            ("v2", "e2"),
        ]
        assert (found[1].campaign, found[1].content, found[1].path_key) == ("spring", "c-1", None)
        assert found[1] == click("e3", "v1", 3, campaign="spring", content="c-1")
        assert known == {"e1", "e3"}
        assert elsewhere == set()
        # closing a stored click and a new one (staged writes are visible to their transaction)
        async with uow_factory() as uow:
            await uow.tagged_clicks.add([click("e5", hours=5)])
            await uow.tagged_clicks.close(ORG, BRAND, ["e1", "e5"], "utm:order-1")
            open_now = await uow.tagged_clicks.open_for(ORG, BRAND, ["v1"], since=T0)
            await uow.commit()
        async with uow_factory() as uow:
            still = await uow.tagged_clicks.open_between(ORG, BRAND, T0, T0 + 9 * HOUR, limit=9)
            known = await uow.tagged_clicks.known(ORG, BRAND, ["e1", "e5"])
        assert [c.event_id for c in open_now] == ["e0", "e3"]
        assert [c.event_id for c in still] == ["e0", "e3", "e2", "e9"]  # by visitor, then time
        assert known == {"e1", "e5"}

    async def test_open_between_is_half_open_limited_and_committed_only(
        self, uow_factory: UowFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.tagged_clicks.add([click(f"e{h}", f"v{h % 2}", h) for h in range(6)])
            await uow.tagged_clicks.add([replace(click("x", "v0", 2), path_key="utm:done")])
            await uow.commit()
        async with uow_factory() as uow:
            found = await uow.tagged_clicks.open_between(
                ORG, BRAND, T0 + HOUR, T0 + 5 * HOUR, limit=9
            )
            limited = await uow.tagged_clicks.open_between(ORG, BRAND, T0, T0 + 9 * HOUR, limit=2)
        assert [c.event_id for c in found] == ["e2", "e4", "e1", "e3"]
        assert [c.event_id for c in limited] == ["e0", "e2"]
        # nothing is stored without a commit
        async with uow_factory() as uow:
            await uow.tagged_clicks.add([click("z1")])
        async with uow_factory() as uow:
            assert await uow.tagged_clicks.known(ORG, BRAND, ["z1"]) == set()
