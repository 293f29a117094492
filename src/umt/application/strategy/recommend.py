"""GenerateRecommendations (task ``strategy.recommend``): read the brand's evidence, turn it
into advice (``advisors``) and store it as the brand's recommendations.

Stored by key: a regeneration updates an open recommendation in place (its version moves only
when its content changed), adds the new ones, leaves a dismissed one dismissed, and removes
the open ones the data no longer supports. The same data gives the same recommendations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.agents.names import Agent
from umt.application.research.queries import own_texts
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.strategy import advisors
from umt.application.strategy.best_times import FindBestTimes, account_times, publishing_accounts
from umt.application.strategy.budget_advice import budget_advice
from umt.application.strategy.recommendations import by_order
from umt.application.strategy.winning_posts import winner_advice, winning_posts
from umt.application.use_case import UseCase
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.conditions import Performance
from umt.domain.brand.brand import Brand
from umt.domain.experiments.experiment import ExperimentStatus
from umt.domain.identity.permissions import Permission
from umt.domain.research.topics import own_phrases, topic_gaps
from umt.domain.shared.ids import ContentId
from umt.domain.shared.metrics import SubjectKind
from umt.domain.strategy.recommendation import Advice, Recommendation, RecommendationStatus
from umt.ports.campaign_repository import CampaignFilter
from umt.ports.clock import Clock
from umt.ports.experiment_repository import ExperimentFilter
from umt.ports.id_generator import IdGenerator
from umt.ports.pagination import MAX_PAGE_SIZE, PageRequest
from umt.ports.unit_of_work import UnitOfWork

GAPS = 3  # topic recommendations per run from the gaps ...
WINNERS = 2  # ... and from the winning posts
EXPERIMENTS = 5  # the latest concluded experiments with a winner
PERFORMANCE_DAYS = 30


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateRecommendations:
    use_case: ClassVar = UseCase(
        Permission.STRATEGY_MANAGE, task="strategy.recommend", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID


async def generate_recommendations(
    cmd: GenerateRecommendations, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> list[Recommendation]:
    actor = ctx.actor()
    actor.require(GenerateRecommendations.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        advice = await _advice(uow, brand, now)
        stored = {
            r.key: r for r in await uow.recommendations.for_brand(brand.organization_id, brand.id)
        }
        fresh = {a.key: a for a in advice}
        for key, recommendation in stored.items():
            if key in fresh:
                if recommendation.refresh(fresh[key], now=now):
                    await uow.recommendations.save(recommendation)
            elif recommendation.status is RecommendationStatus.OPEN:
                await uow.recommendations.remove(recommendation)
        for key, found in fresh.items():
            if key not in stored:
                made = Recommendation(
                    id=ids.new_id(),
                    organization_id=brand.organization_id,
                    brand_id=brand.id,
                    advice=found,
                    created_at=now,
                    updated_at=now,
                )
                await uow.recommendations.add(made)
                stored[key] = made
        await uow.commit()
    return by_order(
        [r for k, r in stored.items() if k in fresh and r.status is RecommendationStatus.OPEN]
    )


async def _advice(uow: UnitOfWork, brand: Brand, now: datetime) -> list[Advice]:
    org = brand.organization_id
    query = FindBestTimes(brand_id=brand.id)
    zone = ZoneInfo(brand.time_zone)
    accounts = await publishing_accounts(uow, org, brand.id)
    since = now - timedelta(days=query.days)
    answers = [await account_times(uow, a, query, since, zone) for a in accounts]
    winners = await winning_posts(
        uow, list(zip(accounts, answers, strict=True)), since, limit=WINNERS
    )
    documents = await uow.research.all_documents(org, brand.id)
    gaps = topic_gaps(
        documents,
        own_phrases(await own_texts(uow, org, brand.id)),
        now=now,
        half_life_days=30.0,
        limit=GAPS,
        examples=3,
    )
    channel = accounts[0].channel.value if accounts else "blog"
    topic = gaps[0].topic if gaps else brand.name
    found = [
        *advisors.topic_advice(brand.id, gaps, channel=channel),
        *winner_advice(brand.id, winners),
        *advisors.format_advice(brand.id, await winners_of(uow, brand)),
        *advisors.time_advice(brand.id, brand.time_zone, answers),
        *advisors.channel_advice(brand.id, answers, topic=topic),
        *budget_advice(await _performances(uow, brand, now)),
    ]
    return found


async def winners_of(uow: UnitOfWork, brand: Brand) -> list[advisors.Winner]:
    concluded = await uow.experiments.list(
        brand.organization_id,
        ExperimentFilter(brand_id=brand.id, status=ExperimentStatus.CONCLUDED),
        PageRequest(limit=MAX_PAGE_SIZE, sort="created_at", descending=True),
    )
    winners = []
    for experiment in [e for e in concluded.items if e.winner is not None][:EXPERIMENTS]:
        arm = experiment.arm(experiment.winner or "")
        piece = await uow.content.get(brand.organization_id, ContentId(arm.content_id))
        draft = None if piece is None else piece.current.draft
        winners.append(
            advisors.Winner(
                experiment=experiment,
                content_type=None if draft is None else draft.content_type.value,
                channel=None if draft is None else draft.channel.value,
                title=None if draft is None else draft.title or None,
            )
        )
    return winners


async def _performances(
    uow: UnitOfWork, brand: Brand, now: datetime
) -> list[tuple[Campaign, Performance]]:
    campaigns = await uow.campaigns.list(brand.organization_id, CampaignFilter(brand_id=brand.id))
    start = now - timedelta(days=PERFORMANCE_DAYS)
    found = []
    for campaign in campaigns:
        if campaign.launched_at is None:
            continue
        performance = await uow.ad_performance.performance(
            brand.organization_id, SubjectKind.CAMPAIGN, campaign.id, start=start, end=now
        )
        found.append((campaign, performance))
    return found
