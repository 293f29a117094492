"""The brand's winning posts: published posts whose engagement rate, shrunk with their
account's best-time prior (``slot_model``), most likely beats the account's own rate; and the
topic advice they give (write more like them).

A post is one binomial draw (engagements of impressions); its posterior under the account's
Beta(alpha, beta) prior is Beta(alpha + k, beta + n - k), so a post with few impressions
cannot win on luck. A winner needs a posterior chance of at least ``MIN_CHANCE`` of beating
the account's pooled rate; the best ``limit`` by posterior mean are kept, with their pieces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from uuid import UUID

from umt.application.strategy.best_times import AccountBestTimes, measured_posts
from umt.domain.content.piece import ContentPiece
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.ids import ContentId
from umt.domain.strategy.recommendation import Action, Advice, ApiCall, Evidence
from umt.domain.strategy.recommendation import RecommendationKind as Kind
from umt.ports.unit_of_work import UnitOfWork

MIN_CHANCE = 0.9
MAX_LOOKUPS = 20  # pieces looked up for the best candidates (some may be gone)


@dataclass(frozen=True, slots=True, kw_only=True)
class WinningPost:
    publication_id: UUID
    piece: ContentPiece
    impressions: int
    engagements: int
    rate: float  # the posterior mean
    account_rate: float
    chance_above_account: float


class _Candidate(NamedTuple):
    rate: float  # the posterior mean
    chance: float
    publication_id: UUID
    content_id: UUID
    impressions: int
    engagements: int
    account_rate: float


async def winning_posts(
    uow: UnitOfWork,
    accounts: Sequence[tuple[ChannelAccount, AccountBestTimes]],
    since: datetime,
    *,
    limit: int,
) -> list[WinningPost]:
    """The best ``limit`` winning posts over the accounts the best-time model could fit
    (their pieces looked up for at most ``MAX_LOOKUPS`` candidates)."""
    # imported here, not at start-up: scipy and numpy add ~75 MiB to every process
    # (tests/unit/entrypoints/http/test_startup_footprint.py)
    from scipy.stats import beta as beta_distribution

    found: list[_Candidate] = []
    for account, answer in accounts:
        if answer.status != "ok" or answer.prior_alpha is None or answer.prior_beta is None:
            continue
        account_rate = answer.account_rate or 0.0
        _, measured = await measured_posts(uow, account, since)
        for post in measured:
            n = post.outcome.impressions
            k = min(post.outcome.engagements, n)
            a, b = answer.prior_alpha + k, answer.prior_beta + n - k
            chance = float(beta_distribution.sf(account_rate, a, b))
            if chance >= MIN_CHANCE:
                found.append(
                    _Candidate(
                        a / (a + b),
                        chance,
                        post.publication_id,
                        post.content_id,
                        n,
                        k,
                        account_rate,
                    )
                )
    found.sort(key=lambda c: (-c.rate, str(c.publication_id)))
    winners: list[WinningPost] = []
    for candidate in found[:MAX_LOOKUPS]:
        if len(winners) == limit:
            break
        organization_id = accounts[0][0].organization_id
        piece = await uow.content.get(organization_id, ContentId(candidate.content_id))
        if piece is None or any(w.piece.id == piece.id for w in winners):
            continue
        winners.append(
            WinningPost(
                publication_id=candidate.publication_id,
                piece=piece,
                impressions=candidate.impressions,
                engagements=candidate.engagements,
                rate=candidate.rate,
                account_rate=candidate.account_rate,
                chance_above_account=candidate.chance,
            )
        )
    return winners


def winner_advice(brand_id: UUID, winners: Sequence[WinningPost]) -> list[Advice]:
    """Write more like each winning post: a generation on its title, type and channel."""
    advice = []
    for won in winners:
        draft = won.piece.current.draft
        topic = draft.title or f"more like piece {won.piece.id}"
        body = {
            "topic": topic[:200],
            "content_type": draft.content_type.value,
            "channel": draft.channel.value,
            "n": 1,
        }
        advice.append(
            Advice(
                kind=Kind.TOPIC,
                key=f"topic:more_like:{won.piece.id}",
                title=f"Write more like {topic}",
                rationale=f"It earned {won.rate:.2%} engagement per impression (shrunk) against "
                f"the account's {won.account_rate:.2%}, over {won.impressions} impressions.",
                confidence=round(won.chance_above_account, 4),
                evidence=(
                    Evidence(
                        source="analytics.rollups",
                        ref=str(won.publication_id),
                        facts={
                            "content_id": str(won.piece.id),
                            "impressions": won.impressions,
                            "engagements": won.engagements,
                            "rate": round(won.rate, 6),
                            "account_rate": round(won.account_rate, 6),
                        },
                    ),
                ),
                action=Action(
                    summary="Generate a draft on the winner's topic",
                    calls=(
                        ApiCall(
                            method="POST",
                            path=f"/api/v1/brands/{brand_id}/generations",
                            body=body,
                        ),
                    ),
                ),
            )
        )
    return advice
