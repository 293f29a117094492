"""Contract of the RollupTotalsReader, run against every adapter (memory, SQLite,
PostgreSQL): each subject's daily buckets summed over a range of days, per channel, metric and
currency, in the port's order, for one brand of one tenant."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

from tests.contracts.conftest import UowFactory
from tests.contracts.test_analytics_rollups import a_brand, day, local, sample, write

from umt.domain.brand.channels import Channel
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.rollup_totals import SubjectTotal, TotalsQuery, total_key


def query(brand: object, since: int, until: int, **overrides: object) -> TotalsQuery:
    values: dict[str, object] = {
        "organization_id": OrganizationId(brand.organization_id),  # type: ignore[attr-defined]
        "brand_id": BrandId(brand.id),  # type: ignore[attr-defined]
        "since": day(since),
        "until": day(until),
        "metrics": frozenset({Metric.IMPRESSIONS, Metric.SPEND}),
    }
    values.update(overrides)
    return TotalsQuery(**values)  # type: ignore[arg-type]


class TestRollupTotals:
    async def test_each_subjects_changes_summed_over_the_days(
        self, uow_factory: UowFactory
    ) -> None:
        brand = await a_brand(uow_factory)
        other_brand = await a_brand(uow_factory)
        post, euro_ad, dollar_ad = uuid4(), uuid4(), uuid4()
        await write(
            uow_factory,
            sample(brand, post, local(day(0), 9), 100),
            sample(brand, post, local(day(2), 9), 250),
            sample(brand, post, local(day(5), 9), 400),
            sample(brand, post, local(day(2), 9), 7, metric=Metric.LIKES),
            *(
                sample(
                    brand,
                    subject,
                    local(day(i), 12),
                    f"{10 * (i + 1)}.25",
                    subject_kind=SubjectKind.AD,
                    channel=Channel.META_ADS,
                    metric=Metric.SPEND,
                    currency=currency,
                )
                for i in (1, 2)
                for subject, currency in ((euro_ad, "EUR"), (dollar_ad, "USD"))
            ),
            sample(other_brand, uuid4(), local(day(1), 9), 999),
        )
        async with uow_factory() as uow:
            found = list(await uow.rollup_totals.subject_totals(query(brand, 1, 4)))
        # the post: day 2's change only (150); each ad: its day 1 (from zero) and day 2
        expected = [
            SubjectTotal(
                SubjectKind.AD, euro_ad, Channel.META_ADS, Metric.SPEND, "EUR", Decimal("30.25")
            ),
            SubjectTotal(
                SubjectKind.AD, dollar_ad, Channel.META_ADS, Metric.SPEND, "USD", Decimal("30.25")
            ),
            SubjectTotal(
                SubjectKind.PUBLICATION,
                post,
                Channel.LINKEDIN,
                Metric.IMPRESSIONS,
                None,
                Decimal(150),
            ),
        ]
        assert found == sorted(expected, key=total_key)
        assert found == sorted(found, key=total_key)

    async def test_kinds_tenant_and_range_narrow_the_sums(self, uow_factory: UowFactory) -> None:
        brand = await a_brand(uow_factory)
        post, ad = uuid4(), uuid4()
        await write(
            uow_factory,
            sample(brand, post, local(day(0), 9), 100),
            sample(brand, ad, local(day(0), 9), 40, subject_kind=SubjectKind.AD),
        )
        async with uow_factory() as uow:
            posts = await uow.rollup_totals.subject_totals(
                query(brand, 0, 0, subject_kinds=frozenset({SubjectKind.PUBLICATION}))
            )
            stranger = await uow.rollup_totals.subject_totals(
                query(brand, 0, 0, organization_id=OrganizationId(uuid4()))
            )
            later = await uow.rollup_totals.subject_totals(query(brand, 1, 9))
        assert [(t.subject_id, t.value) for t in posts] == [(post, Decimal(100))]
        assert list(stranger) == []
        assert list(later) == []
