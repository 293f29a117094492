"""GenerateRecommendations through the bus: each kind from its evidence, stored by key,
deterministic for the same data, dismissed ones kept dismissed; listing and dismissing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from tests.support.strategy import WEEK, Post, a_piece, seed_account, seed_posts, weekly

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.system.clock import FixedClock
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.application.strategy.recommend import GenerateRecommendations
from umt.application.strategy.recommendations import (
    AcceptRecommendation,
    DismissRecommendation,
    GetRecommendation,
    ListRecommendations,
)
from umt.domain.brand.channels import Channel
from umt.domain.identity.permissions import Role
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.research.document import ResearchDocument
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied, StaleVersion
from umt.domain.strategy.recommendation import (
    Recommendation,
    RecommendationAccepted,
    RecommendationDismissed,
)
from umt.ports.unit_of_work import UnitOfWork

TUESDAY_9_BERLIN = datetime(2026, 2, 3, 8, 0, tzinfo=UTC)
THURSDAY_15_BERLIN = datetime(2026, 2, 5, 14, 0, tzinfo=UTC)


def _document(org: UUID, brand: UUID, competitor: UUID, n: int, at: datetime) -> ResearchDocument:
    return ResearchDocument(
        id=uuid4(),
        organization_id=org,
        brand_id=brand,
        competitor_id=competitor,
        url=f"https://rival{n}.example/webinar-funnels",
        source_url=f"https://rival{n}.example/feed.xml",
        title="Webinar funnels that convert",
        published_at=at,
        text_hash=f"{n:064d}",
        word_count=500,
        keyphrases=("webinar funnels", "webinar attendees"),
        signature=b"",
        fetched_at=at,
        created_at=at,
        updated_at=at,
        cluster="webinar funnels",
    )


async def _generate(bus: MessageBus, who: Principal, brand_id: UUID) -> list[Recommendation]:
    found: list[Recommendation] = await bus.ask(
        GenerateRecommendations(brand_id=brand_id), list[Recommendation], who
    )
    return found


@pytest.fixture
async def evidence(
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> ChannelAccount:
    """The brand's LinkedIn-like account posts best on Tuesdays at 9; a second account is
    weaker; two rivals cover webinar funnels."""
    now = clock.now()
    posts = weekly(TUESDAY_9_BERLIN, 12, 1000, 90) + weekly(THURSDAY_15_BERLIN, 12, 1000, 20)
    await seed_posts(uow_factory, account, posts, now=now)
    weak = await seed_account(
        uow_factory,
        owner.organization_id,
        brand_id,
        now=now,
        name="Acme on the other sandbox",
        kind=ChannelKind.SANDBOX_ACCOUNT,
    )
    weak_posts = weekly(TUESDAY_9_BERLIN, 12, 1000, 10) + weekly(THURSDAY_15_BERLIN, 12, 1000, 9)
    await seed_posts(uow_factory, weak, weak_posts, now=now)
    async with uow_factory() as uow:
        await uow.research.save_documents(
            [
                _document(owner.organization_id, brand_id, uuid4(), n, now - timedelta(days=n))
                for n in range(2)
            ]
        )
        await uow.commit()
    return weak


async def test_recommendations_carry_their_evidence_and_action(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    evidence: ChannelAccount,
) -> None:
    found = await _generate(bus, owner, brand_id)

    kinds = [r.advice.kind.value for r in found]
    assert kinds == ["topic", "posting_time", "posting_time"]
    topic = found[0].advice
    assert topic.title == "Write about webinar funnels"
    assert topic.confidence == pytest.approx(0.75)  # two competitors: 1 - 0.5^2
    assert {e.ref for e in topic.evidence} == {
        "https://rival0.example/webinar-funnels",
        "https://rival1.example/webinar-funnels",
    }
    (call,) = topic.action.calls
    assert (call.method, call.path) == ("POST", f"/api/v1/brands/{brand_id}/generations")
    assert call.body is not None
    assert call.body["topic"] == "webinar funnels"
    timing = next(r.advice for r in found if r.key == f"posting_time:{account.id}")
    assert timing.title.startswith("Post on Acme on the sandbox on Tuesdays at 09:00")
    assert timing.confidence > 0.99
    (schedule,) = timing.action.calls
    assert schedule.path == "/api/v1/schedules"
    assert schedule.body is not None
    assert (schedule.body["weekdays"], schedule.body["local_time"]) == ([1], "09:00")
    (slot,) = timing.evidence
    assert (slot.facts["weekday"], slot.facts["hour"], slot.facts["publications"]) == (1, 9, 12)


async def test_the_channel_recommendation_compares_the_accounts(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    strong = weekly(TUESDAY_9_BERLIN, 10, 1000, 60) + weekly(THURSDAY_15_BERLIN, 10, 1000, 50)
    await seed_posts(uow_factory, account, strong, now=clock.now())
    on_x = await seed_account(
        uow_factory, owner.organization_id, brand_id, now=clock.now(), channel=Channel.X
    )
    weak = weekly(TUESDAY_9_BERLIN, 10, 1000, 20) + weekly(THURSDAY_15_BERLIN, 10, 1000, 20)
    await seed_posts(uow_factory, on_x, weak, now=clock.now())

    found = await _generate(bus, owner, brand_id)

    (channel,) = (r.advice for r in found if r.advice.kind.value == "channel")
    assert channel.key == f"channel:{account.channel.value}"
    assert channel.confidence > 0.99  # 5.5% against 2% over 20,000 impressions each
    assert [e.ref for e in channel.evidence] == [str(account.id), str(on_x.id)]
    assert channel.evidence[0].facts["account_rate"] == pytest.approx(0.055)
    (call,) = channel.action.calls
    assert call.body is not None
    assert call.body["channel"] == account.channel.value
    # nothing on the weak account beats its own average: no posting time for it
    assert f"posting_time:{on_x.id}" not in {r.key for r in found}


async def test_the_same_data_gives_the_same_recommendations(
    bus: MessageBus, owner: Principal, brand_id: UUID, evidence: ChannelAccount
) -> None:
    first = await _generate(bus, owner, brand_id)
    second = await _generate(bus, owner, brand_id)
    assert [(r.id, r.version, r.advice) for r in first] == [
        (r.id, r.version, r.advice) for r in second
    ]
    listed = await bus.ask(ListRecommendations(brand_id=brand_id), list[Recommendation], owner)
    assert [r.id for r in listed] == [r.id for r in first]


async def test_a_dismissed_recommendation_stays_dismissed(
    bus: MessageBus, owner: Principal, brand_id: UUID, evidence: ChannelAccount
) -> None:
    topic = (await _generate(bus, owner, brand_id))[0]
    with pytest.raises(StaleVersion):
        await bus.ask(
            DismissRecommendation(
                brand_id=brand_id, recommendation_id=topic.id, expected_version=topic.version + 1
            ),
            Recommendation,
            owner,
        )
    dismissed = await bus.ask(
        DismissRecommendation(
            brand_id=brand_id,
            recommendation_id=topic.id,
            reason="not our audience",
            expected_version=topic.version,
        ),
        Recommendation,
        owner,
    )
    assert (dismissed.status.value, dismissed.dismissal_reason) == ("dismissed", "not our audience")
    assert dismissed.version == topic.version + 1
    with pytest.raises(RecommendationDismissed):
        await bus.ask(
            DismissRecommendation(brand_id=brand_id, recommendation_id=topic.id),
            Recommendation,
            owner,
        )
    again = await _generate(bus, owner, brand_id)
    assert topic.id not in {r.id for r in again}
    everything = await bus.ask(
        ListRecommendations(brand_id=brand_id, status=None), list[Recommendation], owner
    )
    kept = next(r for r in everything if r.id == topic.id)
    assert kept.status.value == "dismissed"
    dismissed_only = await bus.ask(
        ListRecommendations(brand_id=brand_id, status="dismissed"), list[Recommendation], owner
    )
    assert [r.id for r in dismissed_only] == [topic.id]


async def test_an_accepted_recommendation_is_kept_and_each_decision_announced(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    evidence: ChannelAccount,
    store: InMemoryStore,
) -> None:
    first, second = (await _generate(bus, owner, brand_id))[:2]
    accepted = await bus.ask(
        AcceptRecommendation(
            brand_id=brand_id, recommendation_id=first.id, expected_version=first.version
        ),
        Recommendation,
        owner,
    )
    await bus.ask(
        DismissRecommendation(brand_id=brand_id, recommendation_id=second.id, reason="later"),
        Recommendation,
        owner,
    )

    assert (accepted.status.value, accepted.accepted_by) == ("accepted", owner.user_id)
    for decide in (AcceptRecommendation, DismissRecommendation):
        with pytest.raises(RecommendationAccepted):
            await bus.ask(
                decide(brand_id=brand_id, recommendation_id=first.id), Recommendation, owner
            )
    with pytest.raises(RecommendationDismissed):
        await bus.ask(
            AcceptRecommendation(brand_id=brand_id, recommendation_id=second.id),
            Recommendation,
            owner,
        )
    events = [
        (m.event_type, m.aggregate_id, m.payload["data"])
        for m in store.outbox
        if m.event_type.startswith("recommendation.")
    ]
    assert [(t, a) for t, a, _ in events] == [
        ("recommendation.accepted", first.id),
        ("recommendation.dismissed", second.id),
    ]
    assert events[0][2]["key"] == first.key
    assert (events[1][2]["reason"], events[1][2]["by"]) == ("later", str(owner.user_id))
    # a regeneration keeps the accepted one as it is, and answers only the open ones
    again = await _generate(bus, owner, brand_id)
    assert first.id not in {r.id for r in again}
    kept = await bus.ask(
        ListRecommendations(brand_id=brand_id, status="accepted"), list[Recommendation], owner
    )
    assert [(r.id, r.version) for r in kept] == [(first.id, accepted.version)]


async def test_permissions_tenants_and_bad_filters(
    bus: MessageBus,
    owner: Principal,
    other_owner: Principal,
    brand_id: UUID,
    evidence: ChannelAccount,
) -> None:
    found = await _generate(bus, owner, brand_id)
    viewer = Principal.for_member(owner.user_id, owner.organization_id, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await _generate(bus, viewer, brand_id)
    with pytest.raises(PermissionDenied):
        await bus.ask(
            DismissRecommendation(brand_id=brand_id, recommendation_id=found[0].id),
            Recommendation,
            viewer,
        )
    analyst = Principal.for_member(owner.user_id, owner.organization_id, Role.ANALYST)
    assert len(await _generate(bus, analyst, brand_id)) == len(found)
    read = await bus.ask(
        GetRecommendation(brand_id=brand_id, recommendation_id=found[0].id), Recommendation, viewer
    )
    assert read.advice == found[0].advice
    with pytest.raises(NotFound):
        await bus.ask(
            GetRecommendation(brand_id=brand_id, recommendation_id=found[0].id),
            Recommendation,
            other_owner,
        )
    with pytest.raises(NotFound):
        await bus.ask(
            GetRecommendation(brand_id=brand_id, recommendation_id=uuid4()), Recommendation, owner
        )
    for bad in ({"status": "maybe"}, {"kind": "vibes"}):
        with pytest.raises(InvalidValue):
            await bus.ask(
                ListRecommendations(brand_id=brand_id, **bad),  # type: ignore[arg-type]
                list[Recommendation],
                owner,
            )


async def test_a_winning_post_is_a_topic_to_write_more_of(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    piece = await a_piece(bus, owner, brand_id, "Five webinar mistakes")
    posts = weekly(TUESDAY_9_BERLIN, 12, 1000, 40) + weekly(THURSDAY_15_BERLIN, 12, 1000, 40)
    hit = Post(at=TUESDAY_9_BERLIN + WEEK, impressions=2000, likes=300, content_id=piece.id)
    lucky = Post(at=THURSDAY_15_BERLIN + WEEK, impressions=10, likes=5)  # 50% of 10: luck
    await seed_posts(uow_factory, account, [*posts, hit, lucky], now=clock.now())

    found = await _generate(bus, owner, brand_id)

    (winner,) = (r.advice for r in found if r.key.startswith("topic:more_like:"))
    assert winner.key == f"topic:more_like:{piece.id}"
    assert winner.title == "Write more like Five webinar mistakes"
    assert winner.confidence > 0.99
    (evidence,) = winner.evidence
    assert (evidence.source, evidence.facts["impressions"], evidence.facts["engagements"]) == (
        "analytics.rollups",
        2000,
        300,
    )
    (call,) = winner.action.calls
    assert call.body == {
        "topic": "Five webinar mistakes",
        "content_type": "social_post",
        "channel": "linkedin",
        "n": 1,
    }
