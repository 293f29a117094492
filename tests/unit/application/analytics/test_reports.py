"""The reports on hand-computed fixtures (report_fixtures.py): each figure, its previous
period, the change, and a ratio over zero shown as None (never an error)."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from tests.contracts.test_experiment_repositories import experiment
from tests.unit.application.analytics.report_fixtures import (
    A1,
    A2,
    END,
    P1,
    P2,
    P3,
    START,
    X,
    ad_rows,
    d,
    social_rows,
)
from tests.unit.domain.advertising.campaign_builders import ad, ad_set, campaign
from tests.unit.domain.publishing.publication_builders import publication

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.ids import UuidV7Generator
from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.ingest_samples import IngestReport, IngestSamples
from umt.application.analytics.reports.export import ExportAnalyticsReport, ReportFile
from umt.application.analytics.reports.get_report import GetAnalyticsReport
from umt.application.analytics.reports.views import Figure, Report
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.tree import AdSet
from umt.domain.experiments.experiment import StoppingReason
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied

# every fixture day stays open (a final day's samples would not be rolled up)
WIDE = AnalyticsConfig(late_days=30, retention_days=90, max_batch_rows=50)


@pytest.fixture
def analytics_config() -> AnalyticsConfig:
    return WIDE


async def ingest(bus: MessageBus, owner: Principal, brand_id: UUID, rows: list) -> None:  # type: ignore[type-arg]
    done = await bus.ask(IngestSamples(brand_id=brand_id, samples=rows), IngestReport, owner)
    assert done.stored == len(rows)


async def report(bus: MessageBus, owner: Principal, brand_id: UUID, kind: str) -> Report:
    query = GetAnalyticsReport(brand_id=brand_id, kind=kind, start=START, end=END)
    return await bus.ask(query, Report, owner)


def row_of(found: Report, **labels: str) -> dict[str, Figure]:
    rows = [r for r in found.rows if all(r.labels[k] == v for k, v in labels.items())]
    assert len(rows) == 1, found.rows
    return rows[0].figures


async def test_content_report_per_publication_with_the_previous_period(
    bus: MessageBus, owner: Principal, brand_id: UUID
) -> None:
    await ingest(bus, owner, brand_id, social_rows())
    found = await report(bus, owner, brand_id, "content")
    assert (found.period.since, found.period.until) == (START, END)
    assert (found.previous.since, found.previous.until) == (
        START - timedelta(7),
        START - timedelta(1),
    )
    assert [r.labels["subject_id"] for r in found.rows] == [str(P1), str(P2), str(P3)]
    p1 = row_of(found, subject_id=str(P1))
    assert p1["impressions"] == Figure(value=d("700"), previous=d("200"), change=d("2.5"))
    assert p1["likes"] == Figure(value=d("35"), previous=d("10"), change=d("2.5"))
    assert p1["engagements"].value == 40
    assert p1["engagement_rate"] == Figure(
        value=d("0.057143"), previous=d("0.05"), change=d("0.142860")
    )
    p2 = row_of(found, subject_id=str(P2))
    assert p2["impressions"] == Figure(value=d("500"), previous=d("0"), change=None)
    assert p2["engagement_rate"].value == 0
    p3 = row_of(found, subject_id=str(P3))
    assert p3["engagement_rate"] == Figure(value=None, previous=None, change=None)
    assert found.totals["impressions"] == Figure(value=d("1200"), previous=d("200"), change=d("5"))
    assert found.totals["engagements"].value == 44


async def test_a_limit_cuts_the_rows_but_not_the_totals(
    bus: MessageBus, owner: Principal, brand_id: UUID
) -> None:
    await ingest(bus, owner, brand_id, social_rows())
    query = GetAnalyticsReport(brand_id=brand_id, kind="content", start=START, end=END, limit=1)
    found = await bus.ask(query, Report, owner)
    assert [r.labels["subject_id"] for r in found.rows] == [str(P1)]
    assert found.truncated
    assert found.totals["impressions"].value == 1200


async def test_channel_comparison(bus: MessageBus, owner: Principal, brand_id: UUID) -> None:
    await ingest(bus, owner, brand_id, social_rows() + ad_rows())
    found = await report(bus, owner, brand_id, "channels")
    assert [r.labels["channel"] for r in found.rows] == [
        "meta_ads",
        "linkedin",
        "tiktok",
        "instagram",
    ]
    linkedin = row_of(found, channel="linkedin")
    assert linkedin["impressions"] == Figure(value=d("700"), previous=d("200"), change=d("2.5"))
    assert linkedin["subjects"] == Figure(value=d("1"), previous=d("1"), change=d("0"))
    # ads count at the ad level only: campaign X's own bucket is not a channel figure
    meta = row_of(found, channel="meta_ads")
    assert meta["impressions"].value == 2000
    assert meta["clicks"].value == 40
    # subjects with organic activity: ad A1 only spent
    assert meta["subjects"] == Figure(value=d("1"), previous=d("0"), change=None)


async def add_campaign(
    store: InMemoryStore, owner: Principal, brand_id: UUID, name: str, ad_sets: list[AdSet]
) -> Campaign:
    """A campaign of the brand (made in umt, EUR) with these ad sets, stored."""
    tree = campaign(
        organization_id=owner.organization_id,
        brand_id=brand_id,
        name=name,
        ad_sets=ad_sets,
        starts_at=datetime(2026, 3, 1, tzinfo=UTC),
        ends_at=None,
        now=datetime(2026, 2, 20, tzinfo=UTC),
    )
    async with InMemoryUnitOfWork(store, UuidV7Generator(), audit=entry_for_event) as uow:
        await uow.campaigns.add(tree)
        await uow.commit()
    return tree


async def test_campaign_roas_and_cpa_with_zero_division_as_none(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore
) -> None:
    tree = await add_campaign(
        store,
        owner,
        brand_id,
        "Spring espresso",
        [ad_set(ads=[ad(id=A1)]), ad_set(ads=[ad(id=A2)])],
    )
    await ingest(bus, owner, brand_id, ad_rows())
    found = await report(bus, owner, brand_id, "campaigns")
    assert [r.labels["name"] for r in found.rows] == ["Spring espresso", None]
    spring = row_of(found, campaign_id=str(tree.id))
    assert spring["spend"] == Figure(value=d("200"), previous=d("100"), change=d("1"))
    assert spring["conversions"] == Figure(value=d("3"), previous=d("0"), change=None)
    assert spring["conversion_value"].value == 600
    assert spring["roas"] == Figure(value=d("3"), previous=d("0"), change=None)
    assert spring["cpa"] == Figure(value=d("66.666667"), previous=None, change=None)
    assert spring["roi"] == Figure(value=d("2"), previous=d("-1"), change=d("3"))
    assert spring["ctr"].value == d("0.02")  # 40 clicks / 2000 impressions
    outside = row_of(found, campaign_id=str(X))
    assert outside["spend"].value == 80
    assert outside["roas"].value == 0
    assert outside["cpa"].value is None
    assert outside["ctr"].value is None  # no impressions
    assert found.totals["spend"] == Figure(value=d("280"), previous=d("100"), change=d("1.8"))
    assert found.totals["roas"].value == d("2.142857")  # 600 / 280


async def published_at(
    store: InMemoryStore, owner: Principal, brand_id: UUID, subject: UUID, at: datetime
) -> None:
    item = publication(
        id=subject,
        organization_id=owner.organization_id,
        brand_id=brand_id,
        now=at - timedelta(hours=2),
        due_in=timedelta(hours=1),
    )
    fence = item.claim("test", until=at + timedelta(minutes=5), now=at - timedelta(minutes=30))
    item.begin_attempt(fence, now=at - timedelta(minutes=30))
    item.record_success(fence, remote_id=f"post-{subject}", now=at, published_at=at)
    async with InMemoryUnitOfWork(store, UuidV7Generator(), audit=entry_for_event) as uow:
        await uow.publications.add(item)
        await uow.commit()


async def test_time_of_day_by_the_local_weekday_and_hour_of_publishing(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore
) -> None:
    p4 = UUID(int=4)
    # 9 March is a Monday: 08:30 UTC is 09:30 in Berlin; 12 March (Thursday) 17:10 is 18:10;
    # P4 went out on Monday 2 March at 09:45 Berlin (previous period)
    await published_at(store, owner, brand_id, P1, datetime(2026, 3, 9, 8, 30, tzinfo=UTC))
    await published_at(store, owner, brand_id, P2, datetime(2026, 3, 12, 17, 10, tzinfo=UTC))
    await published_at(store, owner, brand_id, p4, datetime(2026, 3, 2, 8, 45, tzinfo=UTC))
    rows = social_rows()
    rows.append(
        {**rows[0], "subject_id": str(p4), "observed_at": "2026-03-03T10:00:00Z", "value": 400}
    )
    await ingest(bus, owner, brand_id, rows)
    found = await report(bus, owner, brand_id, "time_of_day")
    assert [(r.labels["weekday"], r.labels["hour"]) for r in found.rows] == [
        ("monday", "09"),
        ("thursday", "18"),
    ]
    monday = row_of(found, weekday="monday")
    assert monday["publications"] == Figure(value=d("1"), previous=d("1"), change=d("0"))
    assert monday["impressions"] == Figure(value=d("700"), previous=d("400"), change=d("0.75"))
    assert monday["engagement_rate"].value == d("0.057143")
    thursday = row_of(found, weekday="thursday")
    assert thursday["impressions"] == Figure(value=d("500"), previous=d("0"), change=None)
    assert thursday["impressions_per_publication"].value == 500
    assert found.totals["publications"] == Figure(value=d("2"), previous=d("1"), change=d("1"))


async def test_experiment_outcomes_with_winner_lift_and_interval(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore
) -> None:
    won = experiment(owner.organization_id, brand_id, name="Question subject")
    none = experiment(owner.organization_id, brand_id, name="Emoji subject")
    before = experiment(owner.organization_id, brand_id, name="Long copy")
    result = {
        "arms": [{"arm": "control", "exposed": 900}, {"arm": "variant-b", "exposed": 1800}],
        "comparisons": [
            {
                "variant": "variant-b",
                "role": "primary",
                "msprt": {"effect": 0.4, "relative_effect": 0.125, "ci_low": 0.1, "ci_high": 0.7},
                "adjusted_p_value": 0.004,
            },
            {"variant": "variant-b", "role": "guardrail", "msprt": {"effect": 9.0}},
        ],
    }
    started = datetime(2026, 2, 25, tzinfo=UTC)
    for item, at, reason, winner in (
        (won, datetime(2026, 3, 11, 9, tzinfo=UTC), StoppingReason.WINNER_FOUND, "variant-b"),
        (none, datetime(2026, 3, 13, 9, tzinfo=UTC), StoppingReason.NO_DIFFERENCE, None),
        (before, datetime(2026, 3, 4, 9, tzinfo=UTC), StoppingReason.WINNER_FOUND, "variant-b"),
    ):
        item.start(now=started)
        item.conclude(reason=reason, winner=winner, now=at, result=result)
    async with InMemoryUnitOfWork(store, UuidV7Generator(), audit=entry_for_event) as uow:
        for item in (won, none, before):
            await uow.experiments.add(item)
        await uow.commit()
    found = await report(bus, owner, brand_id, "experiments")
    assert [r.labels["name"] for r in found.rows] == ["Question subject", "Emoji subject"]
    first = found.rows[0]
    assert first.labels["winner"] == "variant-b"
    assert first.labels["stopping_reason"] == "winner_found"
    assert first.figures["lift"].value == d("0.125")
    assert (first.figures["ci_low"].value, first.figures["ci_high"].value) == (d("0.1"), d("0.7"))
    assert first.figures["exposed"].value == 2700
    assert found.rows[1].labels["winner"] is None
    assert found.totals["concluded"] == Figure(value=d("2"), previous=d("1"), change=d("1"))
    assert found.totals["with_winner"] == Figure(value=d("1"), previous=d("1"), change=d("0"))


async def test_an_empty_brand_reports_zeros_not_errors(
    bus: MessageBus, owner: Principal, brand_id: UUID
) -> None:
    for kind in ("content", "channels", "campaigns", "time_of_day", "experiments"):
        found = await report(bus, owner, brand_id, kind)
        assert found.rows == []
        assert all(f.change is None for f in found.totals.values())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "weather"}, "kind"),
        ({"start": END, "end": START}, "from"),
        ({"start": START - timedelta(days=400)}, "to"),
        ({"start": "8 March"}, "from"),
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
    ],
)
async def test_bad_input_names_its_field(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    changes: dict,
    field: str,  # type: ignore[type-arg]
) -> None:
    query = GetAnalyticsReport(
        **{"brand_id": brand_id, "kind": "content", "start": START, "end": END, **changes}
    )
    with pytest.raises(InvalidValue) as refused:
        await bus.ask(query, Report, owner)
    assert refused.value.field == field


async def test_another_tenants_brand_is_absent_and_a_role_without_analytics_refused(
    bus: MessageBus, owner: Principal, other_owner: Principal, brand_id: UUID
) -> None:
    query = GetAnalyticsReport(brand_id=brand_id, kind="content")
    with pytest.raises(NotFound):
        await bus.ask(query, Report, other_owner)
    # every role reads analytics: an API key limited to brands is refused
    nobody = dataclasses.replace(owner, permissions=frozenset({Permission.BRAND_READ}))
    with pytest.raises(PermissionDenied):
        await bus.ask(query, Report, nobody)


async def test_an_export_neutralises_a_hostile_campaign_name(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore
) -> None:
    tree = await add_campaign(
        store, owner, brand_id, '=HYPERLINK("http://evil.example")', [ad_set(ads=[ad(id=A1)])]
    )
    await ingest(bus, owner, brand_id, ad_rows())
    command = ExportAnalyticsReport(
        brand_id=brand_id, kind="campaigns", format="csv", start=START, end=END
    )
    file = await bus.ask(command, ReportFile, owner)
    assert file.filename == "campaigns-2026-03-08-2026-03-14.csv"
    lines = list(csv.reader(io.StringIO(file.content.decode())))
    spring = next(line for line in lines if line[0] == str(tree.id))
    assert spring[1] == '\'=HYPERLINK("http://evil.example")'
    header = lines[0]
    assert spring[header.index("cpa")] == "50"  # 150 / 3 (ad A1 only)
    assert spring[header.index("cpa_previous")] == ""  # no conversions before: empty
    with pytest.raises(InvalidValue):
        await bus.ask(dataclasses.replace(command, format="pdf"), ReportFile, owner)
