"""Contract of the SubjectTotalsReader, run against memory, SQLite and PostgreSQL: many
subjects' latest totals from the daily rollups, per metric, within one organization."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from tests.contracts.conftest import UowFactory
from tests.contracts.test_analytics_rollups import D, a_brand, local, sample, write

from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.subject_totals import MAX_SUBJECTS

METRICS = (Metric.IMPRESSIONS, Metric.LIKES)


async def test_each_subjects_latest_total_per_metric(uow_factory: UowFactory) -> None:
    brand = await a_brand(uow_factory)
    first, second, silent = uuid4(), uuid4(), uuid4()
    await write(
        uow_factory,
        sample(brand, first, local(D, 9), 100),
        sample(brand, first, local(D, 20), 150),
        sample(brand, first, local(D + timedelta(days=2), 9), "260.5"),
        sample(brand, first, local(D, 9), 7, metric=Metric.LIKES, raw_name="likes"),
        sample(brand, second, local(D, 9), 40),
        sample(brand, second, local(D, 9), 3, metric=Metric.SHARES, raw_name="shares"),
    )
    org = OrganizationId(brand.organization_id)
    async with uow_factory() as uow:
        found = await uow.subject_totals.latest_totals(
            org, SubjectKind.PUBLICATION, [first, second, silent], METRICS
        )
        as_ad = await uow.subject_totals.latest_totals(org, SubjectKind.AD, [first], METRICS)
        nothing = await uow.subject_totals.latest_totals(org, SubjectKind.PUBLICATION, [], METRICS)
    assert {k: dict(v) for k, v in found.items()} == {
        first: {Metric.IMPRESSIONS: Decimal("260.5"), Metric.LIKES: Decimal(7)},
        second: {Metric.IMPRESSIONS: Decimal(40)},  # shares were not asked for
    }
    assert as_ad == {}
    assert nothing == {}


async def test_another_organizations_subjects_are_absent(uow_factory: UowFactory) -> None:
    mine, theirs = await a_brand(uow_factory), await a_brand(uow_factory)
    subject = uuid4()
    await write(uow_factory, sample(theirs, subject, local(D, 9), 500))
    async with uow_factory() as uow:
        found = await uow.subject_totals.latest_totals(
            OrganizationId(mine.organization_id), SubjectKind.PUBLICATION, [subject], METRICS
        )
    assert found == {}


async def test_many_subjects_are_read_in_one_call(uow_factory: UowFactory) -> None:
    brand = await a_brand(uow_factory)
    subjects = [uuid4() for _ in range(1203)]  # more than one statement's chunk
    await write(uow_factory, *(sample(brand, s, local(D, 9), n) for n, s in enumerate(subjects)))
    org = OrganizationId(brand.organization_id)
    async with uow_factory() as uow:
        found = await uow.subject_totals.latest_totals(
            org, SubjectKind.PUBLICATION, subjects, METRICS
        )
        with pytest.raises(InvalidValue):
            await uow.subject_totals.latest_totals(
                org, SubjectKind.PUBLICATION, [uuid4() for _ in range(MAX_SUBJECTS + 1)], METRICS
            )
    assert len(found) == 1203
    assert found[subjects[1202]][Metric.IMPRESSIONS] == Decimal(1202)
