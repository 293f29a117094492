"""FindBestTimes (task ``strategy.best_times``): when each of a brand's publishing accounts
gets the most engagement per impression, by weekday and hour on the audience's clock.

The posts are the account's published publications within the look-back (their publish
time); what each earned is the latest total of its engagement metrics and of its impressions
in the daily rollups. ``slot_model`` turns them into shrunk rates with intervals. An account
with too few measured posts, or posts in fewer than two slots, is answered with
``not_enough_data`` and the reason: an answer, not an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.strategy.slot_model import (
    PostOutcome,
    SlotEstimate,
    estimate_slots,
    slot_of,
)
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ROLE_OF, Role
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.domain.shared.time_zones import require_time_zone
from umt.ports.channel_account_repository import ChannelAccountFilter
from umt.ports.clock import Clock
from umt.ports.pagination import MAX_PAGE_SIZE, PageRequest
from umt.ports.publication_repository import PublicationFilter
from umt.ports.unit_of_work import UnitOfWork

# what counts as engaging with a post (a click on its link is one of its clicks)
ENGAGEMENT = frozenset({Metric.LIKES, Metric.COMMENTS, Metric.SHARES, Metric.SAVES, Metric.CLICKS})
MAX_POSTS = 5000  # per account: its most recent published posts in the look-back
MAX_DAYS = 730
OK = "ok"
NOT_ENOUGH_DATA = "not_enough_data"


@dataclass(frozen=True, slots=True, kw_only=True)
class FindBestTimes:
    use_case: ClassVar = UseCase(
        Permission.STRATEGY_READ, task="strategy.best_times", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    channel_account_id: UUID | None = None  # None: every publishing account of the brand
    time_zone: str | None = None  # the audience's clock; None: the brand's time zone
    days: int = 180  # look back this many days from now
    top: int = 5  # suggested slots per account
    level: float = 0.9  # of the credible intervals
    min_posts: int = 20  # measured posts an account needs before any suggestion
    min_slot_posts: int = 3  # posts a slot needs to be suggested


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountBestTimes:
    channel_account_id: UUID
    name: str
    channel: str
    status: str  # ok | not_enough_data
    reason: str | None
    publications: int  # published in the look-back (up to MAX_POSTS)
    measured: int  # of which with impressions in the rollups: the model's posts
    account_rate: float | None = None  # engagements / impressions over the measured posts
    prior_alpha: float | None = None
    prior_beta: float | None = None
    prior_pooled: bool | None = None
    suggestions: tuple[SlotEstimate, ...] = field(default_factory=tuple)
    slots: tuple[SlotEstimate, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True, kw_only=True)
class BestTimesReport:
    brand_id: UUID
    time_zone: str
    since: datetime
    until: datetime
    level: float
    min_posts: int
    min_slot_posts: int
    accounts: tuple[AccountBestTimes, ...] = field(default_factory=tuple)


def _check(query: FindBestTimes) -> None:
    bounds = (
        ("days", query.days, 1, MAX_DAYS),
        ("top", query.top, 1, 24),
        ("min_posts", query.min_posts, 2, MAX_POSTS),
        ("min_slot_posts", query.min_slot_posts, 1, 1000),
    )
    for name, value, low, high in bounds:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidValue(f"{name} is a whole number from {low} to {high}", field=name)
    level = query.level
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0.5 <= level < 1:
        raise InvalidValue("level lies in [0.5, 1)", field="level")
    if query.time_zone is not None:
        require_time_zone(query.time_zone)


async def find_best_times(query: FindBestTimes, ctx: Context, *, clock: Clock) -> BestTimesReport:
    actor = ctx.actor()
    actor.require(FindBestTimes.use_case.permission)
    _check(query)
    until = clock.now()
    since = until - timedelta(days=query.days)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, query.brand_id)
        zone_name = query.time_zone or brand.time_zone
        accounts = await publishing_accounts(
            uow, actor.organization_id, brand.id, query.channel_account_id
        )
        answers = [
            await account_times(uow, account, query, since, ZoneInfo(zone_name))
            for account in accounts
        ]
    return BestTimesReport(
        brand_id=brand.id,
        time_zone=zone_name,
        since=since,
        until=until,
        level=float(query.level),
        min_posts=query.min_posts,
        min_slot_posts=query.min_slot_posts,
        accounts=tuple(answers),
    )


async def publishing_accounts(
    uow: UnitOfWork, org: OrganizationId, brand_id: BrandId, wanted: UUID | None = None
) -> list[ChannelAccount]:
    if wanted is not None:
        account = await uow.channel_accounts.get(org, ChannelAccountId(wanted))
        if account is None or account.brand_id != brand_id:
            raise NotFound(f"channel account {wanted} not found")
        return [account]
    found = await uow.channel_accounts.list(org, ChannelAccountFilter(brand_id=brand_id))
    return [a for a in found if ROLE_OF[a.kind] is Role.PUBLISH]


async def account_times(
    uow: UnitOfWork,
    account: ChannelAccount,
    query: FindBestTimes,
    since: datetime,
    zone: ZoneInfo,
) -> AccountBestTimes:
    published, measured = await measured_posts(uow, account, since)
    posts = [m.outcome for m in measured]
    base = AccountBestTimes(
        channel_account_id=account.id,
        name=account.name,
        channel=account.channel.value,
        status=NOT_ENOUGH_DATA,
        reason=None,
        publications=published,
        measured=len(posts),
    )
    if len(posts) < query.min_posts:
        reason = (
            f"{len(posts)} published posts with impressions in the last {query.days} days; "
            f"the model needs {query.min_posts}"
        )
        return replace(base, reason=reason)
    if len({slot_of(p.at, zone) for p in posts}) < 2:
        reason = "every measured post went out in the same hour of the week: nothing to compare"
        return replace(base, reason=reason)
    model = estimate_slots(posts, zone, level=query.level, min_posts=query.min_slot_posts)
    suggestions = model.suggestions(query.top)
    return replace(
        base,
        status=OK,
        reason=None if suggestions else "no hour of the week has enough posts to suggest",
        account_rate=model.account_rate,
        prior_alpha=model.prior.alpha,
        prior_beta=model.prior.beta,
        prior_pooled=model.prior.pooled,
        suggestions=suggestions,
        slots=model.slots,
    )


@dataclass(frozen=True, slots=True)
class MeasuredPost:
    """A published post with impressions in the rollups, and the piece it showed."""

    publication_id: UUID
    content_id: UUID
    outcome: PostOutcome


async def measured_posts(
    uow: UnitOfWork, account: ChannelAccount, since: datetime
) -> tuple[int, list[MeasuredPost]]:
    """How many posts the account published since ``since`` (its latest ``MAX_POSTS``), and
    those of them with impressions: their engagement (capped at zero below) and impressions,
    the latest totals of the rollups."""
    published = await _published(uow, account, since)
    totals = await uow.subject_totals.latest_totals(
        account.organization_id,
        SubjectKind.PUBLICATION,
        list(published),
        ENGAGEMENT | {Metric.IMPRESSIONS},
    )
    measured = []
    for publication_id, (at, content_id) in published.items():
        found = totals.get(publication_id, {})
        impressions = int(found.get(Metric.IMPRESSIONS, 0))
        if impressions > 0:
            engaged = max(int(sum(v for m, v in found.items() if m in ENGAGEMENT)), 0)
            outcome = PostOutcome(at=at, engagements=engaged, impressions=impressions)
            measured.append(MeasuredPost(publication_id, content_id, outcome))
    return len(published), measured


async def _published(
    uow: UnitOfWork, account: ChannelAccount, since: datetime
) -> dict[UUID, tuple[datetime, UUID]]:
    """The account's published publications since ``since`` (the latest ``MAX_POSTS``):
    each one's publish time (its planned time when the platform gave none) and its piece."""
    filters = PublicationFilter(
        channel_account_id=account.id,
        statuses=frozenset({PublicationStatus.PUBLISHED}),
        due_from=since,
    )
    found: dict[UUID, tuple[datetime, UUID]] = {}
    cursor = None
    while len(found) < MAX_POSTS:
        page = await uow.publications.list(
            account.organization_id,
            filters,
            PageRequest(limit=MAX_PAGE_SIZE, sort="due_at", descending=True, cursor=cursor),
        )
        for publication in page.items:
            at = publication.published_at or publication.due_at
            found[publication.id] = (at, publication.content_id)
        cursor = page.next_cursor
        if cursor is None:
            break
    return dict(list(found.items())[:MAX_POSTS])
