"""The sandbox connector as an AdNetwork: the tree, references, budgets, spend and faults."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from tests.unit.adapters.platforms.sandbox.helpers import START, Linked, linked

from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.delivery import Delivery
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.system.clock import FixedClock
from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.levels import AdLevel, DeliveryStatus, Objective
from umt.domain.integration.errors import (
    OutcomeUnknown,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
)
from umt.domain.shared.money import Money
from umt.ports.ad_network import (
    AdSetSpec,
    AdSpec,
    CampaignSpec,
    CampaignUpdate,
    Creative,
    RemoteAdObject,
    Targeting,
)
from umt.ports.channel_target import ChannelTarget

BIG = 2_000_000  # an ad audience large enough that the budget, not the audience, limits spend


@pytest.fixture
async def ann(network: SandboxNetwork, connector: SandboxConnector) -> Linked:
    return await linked(network, connector, ad_audience=BIG)


def _daily(amount: str, currency: str = "USD") -> Budget:
    return Budget(BudgetKind.DAILY, Money.of(amount, currency))


def _campaign(ref: str = "cmp-1", ends_at: datetime | None = None) -> CampaignSpec:
    return CampaignSpec(reference=ref, name="Spring", objective=Objective.TRAFFIC, ends_at=ends_at)


def _ad_set(ref: str = "set-1", budget: Budget | None = None) -> AdSetSpec:
    return AdSetSpec(
        reference=ref,
        name="Berlin 25-34",
        budget=budget or _daily("50.00"),
        targeting=Targeting(countries=("DE",), age_min=25, age_max=34),
    )


def _ad(ref: str = "ad-1") -> AdSpec:
    creative = Creative(
        headline="Spring shoes", body="Shop now: 20 % off", link="https://shop.example/spring"
    )
    return AdSpec(reference=ref, name="Variant A", creative=creative)


async def _tree(
    connector: SandboxConnector, who: Linked, budget: Budget | None = None
) -> tuple[RemoteAdObject, RemoteAdObject, RemoteAdObject]:
    c = await connector.create_campaign(who.ads, who.credentials, _campaign())
    s = await connector.create_ad_set(who.ads, who.credentials, c.remote_id, _ad_set(budget=budget))
    a = await connector.create_ad(who.ads, who.credentials, s.remote_id, _ad())
    return c, s, a


async def _activate(connector: SandboxConnector, who: Linked, *objs: RemoteAdObject) -> None:
    for obj in objs:
        await connector.set_status(
            who.ads, who.credentials, obj.level, obj.remote_id, DeliveryStatus.ACTIVE
        )


async def _delivered(
    network: SandboxNetwork, who: Linked, ad_set_id: str, at: datetime
) -> Delivery:
    return await network.ads.delivery(who.credentials.access_token, ad_set_id, at=at)


async def test_the_tree_is_created_paused_with_our_references_in_the_names(
    connector: SandboxConnector, ann: Linked
) -> None:
    campaign, ad_set, ad = await _tree(connector, ann)
    assert [o.status for o in (campaign, ad_set, ad)] == [DeliveryStatus.PAUSED] * 3
    assert campaign.name == "Spring [umt:cmp-1]"
    assert (campaign.reference, ad_set.reference, ad.reference) == ("cmp-1", "set-1", "ad-1")
    assert ad_set.parent_remote_id == campaign.remote_id
    assert ad.parent_remote_id == ad_set.remote_id
    assert ad_set.budget == _daily("50.00")
    for level, ref, obj in (
        (AdLevel.CAMPAIGN, "cmp-1", campaign),
        (AdLevel.AD_SET, "set-1", ad_set),
        (AdLevel.AD, "ad-1", ad),
    ):
        assert await connector.find(ann.ads, ann.credentials, level, ref) == obj
        assert await connector.get(ann.ads, ann.credentials, level, obj.remote_id) == obj
    # a reference is looked up per level
    assert await connector.find(ann.ads, ann.credentials, AdLevel.AD, "set-1") is None
    assert await connector.get(ann.ads, ann.credentials, AdLevel.AD, "adu_999") is None
    listed = await connector.list(
        ann.ads, ann.credentials, AdLevel.AD_SET, parent_remote_id=campaign.remote_id
    )
    assert listed == [ad_set]
    assert (
        await connector.list(ann.ads, ann.credentials, AdLevel.AD_SET, parent_remote_id="x") == []
    )


async def test_a_lost_answer_leaves_the_object_which_find_returns(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    campaign = await connector.create_campaign(ann.ads, ann.credentials, _campaign())
    network.faults.lose_responses(calls=1)
    with pytest.raises(OutcomeUnknown):
        await connector.create_ad_set(ann.ads, ann.credentials, campaign.remote_id, _ad_set())
    found = await connector.find(ann.ads, ann.credentials, AdLevel.AD_SET, "set-1")
    assert found is not None
    assert found.parent_remote_id == campaign.remote_id
    listed = await connector.list(ann.ads, ann.credentials, AdLevel.AD_SET)
    assert [o.remote_id for o in listed] == [found.remote_id]


async def test_a_budget_in_another_currency_is_refused_and_nothing_is_created(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    campaign = await connector.create_campaign(ann.ads, ann.credentials, _campaign())
    with pytest.raises(PlatformRejected) as caught:
        await connector.create_ad_set(
            ann.ads, ann.credentials, campaign.remote_id, _ad_set(budget=_daily("50.00", "EUR"))
        )
    assert caught.value.field == "budget.currency"
    # the network refuses it too when the target carries no currency
    bare = ChannelTarget(kind=ann.ads.kind, external_id=ann.ads.external_id)
    with pytest.raises(PlatformRejected, match="EUR"):
        await connector.create_ad_set(
            bare, ann.credentials, campaign.remote_id, _ad_set(budget=_daily("50.00", "EUR"))
        )
    assert await connector.list(ann.ads, ann.credentials, AdLevel.AD_SET) == []
    _, ad_set, _ = await _tree(connector, ann)
    for target in (ann.ads, bare):
        with pytest.raises(PlatformRejected):
            await connector.set_budget(
                target, ann.credentials, ad_set.remote_id, _daily("10.00", "EUR")
            )
    found = await connector.get(ann.ads, ann.credentials, AdLevel.AD_SET, ad_set.remote_id)
    assert found is not None
    assert found.budget == _daily("50.00")


async def test_a_yen_account_keeps_budgets_in_whole_yen(
    connector: SandboxConnector, network: SandboxNetwork
) -> None:
    ken = await linked(network, connector, name="Ken", currency="JPY", time_zone="Asia/Tokyo")
    _, ad_set, _ = await _tree(connector, ken, budget=_daily("5000", "JPY"))
    assert ad_set.budget == _daily("5000", "JPY")


async def test_an_active_ad_set_spends_at_most_its_daily_budget_each_day(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    campaign, ad_set, ad = await _tree(connector, ann)
    await _activate(connector, ann, ad, ad_set, campaign)
    midnights = [datetime(2026, 3, 4 + d, tzinfo=UTC) for d in range(4)]
    totals = [
        (await _delivered(network, ann, ad_set.remote_id, at)).spend_minor for at in midnights
    ]
    days = [totals[0], *(b - a for a, b in itertools.pairwise(totals))]
    assert all(4_750 <= day <= 5_000 for day in days), days  # 95-100 % of 50.00 USD
    # spend only grows, hour by hour
    hours = [
        await _delivered(network, ann, ad_set.remote_id, START + timedelta(minutes=30 * i))
        for i in range(20)
    ]
    assert all(a.spend_minor <= b.spend_minor for a, b in itertools.pairwise(hours))
    assert all(a.impressions <= b.impressions for a, b in itertools.pairwise(hours))
    assert hours[-1].clicks > 0


async def test_a_paused_tree_spends_nothing_and_pausing_stops_spend(
    connector: SandboxConnector, network: SandboxNetwork, clock: FixedClock, ann: Linked
) -> None:
    campaign, ad_set, ad = await _tree(connector, ann)
    later = START + timedelta(days=3)
    assert await _delivered(network, ann, ad_set.remote_id, later) == Delivery()
    await _activate(connector, ann, ad, ad_set)  # the campaign is still paused
    assert await _delivered(network, ann, ad_set.remote_id, later) == Delivery()
    await _activate(connector, ann, campaign)
    clock.advance(timedelta(minutes=50))
    await connector.set_status(
        ann.ads, ann.credentials, AdLevel.AD, ad.remote_id, DeliveryStatus.PAUSED
    )
    spent = await _delivered(network, ann, ad_set.remote_id, clock.now())
    assert spent.spend_minor > 0
    assert await _delivered(network, ann, ad_set.remote_id, later) == spent


async def test_a_budget_cut_below_the_days_spend_stops_spend_for_that_day(
    connector: SandboxConnector, network: SandboxNetwork, clock: FixedClock, ann: Linked
) -> None:
    campaign, ad_set, ad = await _tree(connector, ann, budget=_daily("24.00"))
    await _activate(connector, ann, ad, ad_set, campaign)
    clock.advance(timedelta(minutes=55))
    await connector.set_budget(ann.ads, ann.credentials, ad_set.remote_id, _daily("1.00"))
    at_cut = await _delivered(network, ann, ad_set.remote_id, clock.now())
    assert at_cut.spend_minor > 100  # more than the new budget was spent already
    midnight = datetime(2026, 3, 4, tzinfo=UTC)
    assert (await _delivered(network, ann, ad_set.remote_id, midnight)).spend_minor == (
        at_cut.spend_minor
    )
    next_day = await _delivered(network, ann, ad_set.remote_id, midnight + timedelta(days=1))
    assert 0 < next_day.spend_minor - at_cut.spend_minor <= 100
    found = await connector.get(ann.ads, ann.credentials, AdLevel.AD_SET, ad_set.remote_id)
    assert found is not None
    assert found.budget == _daily("1.00")


async def test_a_lifetime_budget_needs_an_end_and_is_never_exceeded(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    lifetime = Budget(BudgetKind.LIFETIME, Money.of("30.00", "USD"))
    with pytest.raises(PlatformRejected):
        await _tree(connector, ann, budget=lifetime)
    end = START + timedelta(days=2)
    campaign = await connector.create_campaign(
        ann.ads, ann.credentials, _campaign("cmp-2", ends_at=end)
    )
    ad_set = await connector.create_ad_set(
        ann.ads, ann.credentials, campaign.remote_id, _ad_set("set-2", lifetime)
    )
    ad = await connector.create_ad(ann.ads, ann.credentials, ad_set.remote_id, _ad("ad-2"))
    await _activate(connector, ann, ad, ad_set, campaign)
    halfway = await _delivered(network, ann, ad_set.remote_id, START + timedelta(days=1))
    final = await _delivered(network, ann, ad_set.remote_id, end + timedelta(days=5))
    assert 1_300 <= halfway.spend_minor <= 1_600  # paced evenly over the flight
    assert 2_850 <= final.spend_minor <= 3_000
    with pytest.raises(PlatformRejected):  # the kind stays as created
        await connector.set_budget(ann.ads, ann.credentials, ad_set.remote_id, _daily("5.00"))


async def test_deleted_is_final_and_archived_only_goes_to_deleted(
    connector: SandboxConnector, ann: Linked
) -> None:
    campaign, ad_set, ad = await _tree(connector, ann)
    creds, target = ann.credentials, ann.ads
    await connector.set_status(target, creds, AdLevel.AD, ad.remote_id, DeliveryStatus.ARCHIVED)
    with pytest.raises(PlatformRejected):
        await connector.set_status(target, creds, AdLevel.AD, ad.remote_id, DeliveryStatus.ACTIVE)
    await connector.set_status(target, creds, AdLevel.AD, ad.remote_id, DeliveryStatus.DELETED)
    found = await connector.get(target, creds, AdLevel.AD, ad.remote_id)
    assert found is not None
    assert found.status is DeliveryStatus.DELETED
    await connector.set_status(
        target, creds, AdLevel.CAMPAIGN, campaign.remote_id, DeliveryStatus.DELETED
    )
    with pytest.raises(PlatformRejected):
        await connector.create_ad_set(target, creds, campaign.remote_id, _ad_set("set-9"))
    assert ad_set.status is DeliveryStatus.PAUSED


@pytest.mark.parametrize(
    ("switch", "error"),
    [
        (lambda f: f.outage(), PlatformUnavailable),
        (lambda f: f.rate_limit(5), RateLimited),
        (lambda f: f.expire_tokens(), TokenExpired),
    ],
)
async def test_faults_before_the_effect_create_nothing(
    connector: SandboxConnector,
    network: SandboxNetwork,
    ann: Linked,
    switch: object,
    error: type[Exception],
) -> None:
    assert callable(switch)
    switch(network.faults)
    with pytest.raises(error) as caught:
        await connector.create_campaign(ann.ads, ann.credentials, _campaign())
    assert not isinstance(caught.value, OutcomeUnknown)
    network.faults.clear()
    assert await connector.list(ann.ads, ann.credentials, AdLevel.CAMPAIGN) == []


async def test_money_amounts_cross_in_minor_units(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    _, ad_set, _ = await _tree(connector, ann, budget=_daily("12.34"))
    record = await network.ads.get(ann.credentials.access_token, "ad_set", ad_set.remote_id)
    assert getattr(record, "budgets")[-1].minor == 1234  # noqa: B009 - an AdSet record
    assert ad_set.budget is not None
    assert ad_set.budget.amount.amount == Decimal("12.34")


async def test_each_ad_gets_its_share_and_a_paused_ad_stops_growing(
    connector: SandboxConnector, network: SandboxNetwork, clock: FixedClock, ann: Linked
) -> None:
    campaign, ad_set, first = await _tree(connector, ann, budget=_daily("100.00"))
    second = await connector.create_ad(ann.ads, ann.credentials, ad_set.remote_id, _ad("ad-2"))
    await _activate(connector, ann, first, second, ad_set, campaign)
    clock.advance(timedelta(minutes=30))
    await connector.set_status(
        ann.ads, ann.credentials, AdLevel.AD, second.remote_id, DeliveryStatus.PAUSED
    )
    token = ann.credentials.access_token
    at_pause = await network.ads.deliveries(token, ad_set.remote_id, at=clock.now())
    midnight = datetime(2026, 3, 4, tzinfo=UTC)
    later = await network.ads.deliveries(token, ad_set.remote_id, at=midnight)
    assert at_pause.per_ad[second.remote_id].impressions > 0
    assert later.per_ad[second.remote_id] == at_pause.per_ad[second.remote_id]
    assert later.per_ad[first.remote_id].impressions > at_pause.per_ad[first.remote_id].impressions
    # the ads' shares add up to the ad set's totals, and the budget still holds
    assert later.total.spend_minor == sum(d.spend_minor for d in later.per_ad.values())
    assert later.total.impressions == sum(d.impressions for d in later.per_ad.values())
    assert 9_500 <= later.total.spend_minor <= 10_000


async def test_update_campaign_renames_and_moves_within_the_network_rules(
    connector: SandboxConnector, network: SandboxNetwork, clock: FixedClock, ann: Linked
) -> None:
    starts = clock.now() + timedelta(minutes=30)
    spec = CampaignSpec(
        reference="cmp-1", name="Spring", objective=Objective.TRAFFIC,
        starts_at=starts, ends_at=starts + timedelta(days=5),
    )  # fmt: skip
    made = await connector.create_campaign(ann.ads, ann.credentials, spec)
    budget = Budget(BudgetKind.LIFETIME, Money.of("300", "USD"))
    await connector.create_ad_set(ann.ads, ann.credentials, made.remote_id, _ad_set(budget=budget))
    ends = starts + timedelta(days=8)
    update = CampaignUpdate(reference="cmp-1", name="Spring (long)", ends_at=ends)
    await connector.update_campaign(ann.ads, ann.credentials, made.remote_id, update)
    found = await connector.find(ann.ads, ann.credentials, AdLevel.CAMPAIGN, "cmp-1")
    assert found is not None
    assert found.name == "Spring (long) [umt:cmp-1]"
    stored = await network.ads.get(ann.credentials.access_token, "campaign", made.remote_id)
    assert stored.ends_at == ends
    refusals = [
        CampaignUpdate(reference="cmp-1", drop_end=True),  # a lifetime ad set needs an end
        CampaignUpdate(reference="cmp-1", ends_at=clock.now() - timedelta(hours=1)),
    ]
    for refused in refusals:
        with pytest.raises(PlatformRejected):
            await connector.update_campaign(ann.ads, ann.credentials, made.remote_id, refused)
    clock.advance(timedelta(minutes=40))  # it started: its start stays
    with pytest.raises(PlatformRejected, match="start"):
        await connector.update_campaign(
            ann.ads, ann.credentials, made.remote_id,
            CampaignUpdate(reference="cmp-1", starts_at=clock.now() + timedelta(days=1)),
        )  # fmt: skip
    stored = await network.ads.get(ann.credentials.access_token, "campaign", made.remote_id)
    assert (stored.starts_at, stored.ends_at, stored.name) == (
        starts, ends, "Spring (long) [umt:cmp-1]",
    )  # fmt: skip
