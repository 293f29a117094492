"""Contract of the RecommendationRepository on memory, SQLite and PostgreSQL: stored whole
(evidence and action as written), one per brand and key, versions checked, tenants apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from tests.contracts.conftest import UowFactory
from tests.support.strategy import a_recommendation, store_recommendation

from umt.domain.shared.errors import Conflict, StaleVersion
from umt.domain.shared.ids import BrandId, OrganizationId, UserId

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


async def test_a_recommendation_is_read_back_as_stored(uow_factory: UowFactory) -> None:
    org, brand = uuid4(), uuid4()
    made = a_recommendation(org, brand, now=NOW, key="topic:webinars")
    other = a_recommendation(org, brand, now=NOW, key="posting_time:x")
    await store_recommendation(uow_factory, made)
    await store_recommendation(uow_factory, other)
    async with uow_factory() as uow:
        found = await uow.recommendations.get(OrganizationId(org), made.id)
        listed = await uow.recommendations.for_brand(OrganizationId(org), BrandId(brand))
        elsewhere = await uow.recommendations.get(OrganizationId(uuid4()), made.id)
        other_brand = await uow.recommendations.for_brand(OrganizationId(org), BrandId(uuid4()))
    assert found == made
    assert [r.key for r in listed] == ["posting_time:x", "topic:webinars"]
    assert elsewhere is None
    assert other_brand == []


async def test_one_recommendation_per_brand_and_key(uow_factory: UowFactory) -> None:
    org, brand = uuid4(), uuid4()
    await store_recommendation(uow_factory, a_recommendation(org, brand, now=NOW, key="topic:a"))
    with pytest.raises(Conflict):
        await store_recommendation(
            uow_factory, a_recommendation(org, brand, now=NOW, key="topic:a")
        )
    # another brand may have the same key
    await store_recommendation(uow_factory, a_recommendation(org, uuid4(), now=NOW, key="topic:a"))


async def test_saves_are_version_checked_and_removal_removes(uow_factory: UowFactory) -> None:
    org, brand = OrganizationId(uuid4()), uuid4()
    made = a_recommendation(org, brand, now=NOW)
    await store_recommendation(uow_factory, made)
    later = NOW + timedelta(hours=1)
    slow = uow_factory()
    async with slow:
        stale = await slow.recommendations.get(org, made.id)  # loaded at version 1 ...
        assert stale is not None
        async with uow_factory() as uow:  # ... when another writer dismisses it
            first = await uow.recommendations.get(org, made.id)
            assert first is not None
            first.dismiss(by=UserId(uuid4()), reason="no", now=later, expected_version=1)
            await uow.recommendations.save(first)
            await uow.commit()
        stale.refresh(replace(made.advice, title="changed"), now=later)
        with pytest.raises(StaleVersion):
            await slow.recommendations.save(stale)
    async with uow_factory() as uow:
        stored = await uow.recommendations.get(org, made.id)
        assert stored is not None
        assert (stored.status.value, stored.version, stored.dismissal_reason) == (
            "dismissed",
            2,
            "no",
        )
        assert stored.dismissed_at == later
        await uow.recommendations.remove(stored)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.recommendations.get(org, made.id) is None


async def test_an_acceptance_is_read_back(uow_factory: UowFactory) -> None:
    org, brand = uuid4(), uuid4()
    made = a_recommendation(org, brand, now=NOW, key="topic:accepted")
    await store_recommendation(uow_factory, made)
    by, later = UserId(uuid4()), NOW + timedelta(minutes=5)
    async with uow_factory() as uow:
        found = await uow.recommendations.get(OrganizationId(org), made.id)
        assert found is not None
        found.accept(by=by, now=later, expected_version=1)
        await uow.recommendations.save(found)
        await uow.commit()
    assert found.events == []  # committed: the unit of work collected the event
    async with uow_factory() as uow:
        stored = await uow.recommendations.get(OrganizationId(org), made.id)
    assert stored is not None
    assert (stored.status.value, stored.accepted_by, stored.accepted_at, stored.version) == (
        "accepted",
        by,
        later,
        2,
    )
