"""What each source of evidence advises (pure functions over data already read): topics from
the research topic gaps, formats from concluded experiments, posting times and channels from
the best-time model (budget shifts: ``budget_advice``).

Every advice names the rows and statistics behind it (``Evidence``), a confidence in [0, 1]
and the exact API calls that act on it. The same inputs give the same advice, in the same
order (``Advice`` is a frozen value; keys name what each is about).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from umt.application.strategy.best_times import AccountBestTimes
from umt.domain.experiments.experiment import Experiment
from umt.domain.research.topics import TopicGap
from umt.domain.strategy.recommendation import Action, Advice, ApiCall, Evidence
from umt.domain.strategy.recommendation import RecommendationKind as Kind

MIN_CONFIDENCE = 0.6  # below this, a comparison is not worth recommending
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def normal_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def _generation(brand_id: UUID, topic: str, content_type: str, channel: str) -> ApiCall:
    body = {"topic": topic[:200], "content_type": content_type, "channel": channel, "n": 1}
    return ApiCall(method="POST", path=f"/api/v1/brands/{brand_id}/generations", body=body)


def topic_advice(brand_id: UUID, gaps: Sequence[TopicGap], *, channel: str) -> list[Advice]:
    """One advice per gap: cover it. Confidence grows with the competitors covering it."""
    advice = []
    for gap in gaps:
        call = _generation(brand_id, gap.topic, "blog_post", channel)
        advice.append(
            Advice(
                kind=Kind.TOPIC,
                key=f"topic:{gap.topic}"[:300],
                title=f"Write about {gap.topic}",
                rationale=f"{gap.competitors} competitors published {gap.documents} pieces on "
                "it (latest {:%Y-%m-%d}); the brand's own content does not cover it.".format(
                    gap.latest_at
                ),
                confidence=round(1 - 0.5**gap.competitors, 4),
                evidence=tuple(
                    Evidence(
                        source="research.topic_gaps",
                        ref=example.url,
                        facts={
                            "topic": gap.topic,
                            "keyphrases": list(gap.keyphrases),
                            "competitors": gap.competitors,
                            "documents": gap.documents,
                            "score": gap.score,
                            "title": example.title,
                        },
                    )
                    for example in gap.examples
                ),
                action=Action(
                    summary="Generate a draft on the topic",
                    calls=(call,),
                    task="content.generate_variants",
                    task_input={"brand_id": str(brand_id), **(call.body or {})},
                ),
            )
        )
    return advice


@dataclass(frozen=True, slots=True)
class Winner:
    """A concluded experiment's winning arm, with the piece it showed (if still there)."""

    experiment: Experiment
    content_type: str | None
    channel: str | None
    title: str | None


def format_advice(brand_id: UUID, winners: Sequence[Winner]) -> list[Advice]:
    """Write more in the format of each experiment's winner. Confidence: 1 - alpha, the level
    at which the experiment declared it."""
    advice = []
    for won in winners:
        experiment = won.experiment
        arm = experiment.arm(experiment.winner or "")
        content_type, channel = won.content_type or "social_post", won.channel or "linkedin"
        call = _generation(brand_id, won.title or experiment.name, content_type, channel)
        advice.append(
            Advice(
                kind=Kind.FORMAT,
                key=f"format:experiment:{experiment.id}",
                title=f"Write more {content_type.replace('_', ' ')}s like the winner of "
                f"{experiment.name}",
                rationale=f"Arm {arm.name} won on {experiment.primary_metric.name} "
                f"(alpha {experiment.alpha}).",
                confidence=round(1 - experiment.alpha, 4),
                evidence=(
                    Evidence(
                        source="experiments",
                        ref=str(experiment.id),
                        facts={
                            "name": experiment.name,
                            "winner": arm.name,
                            "content_id": str(arm.content_id),
                            "primary_metric": experiment.primary_metric.name,
                            "alpha": experiment.alpha,
                            "stopping_reason": str(experiment.stopping_reason),
                        },
                    ),
                ),
                action=Action(summary="Generate a draft in the winning format", calls=(call,)),
            )
        )
    return advice


def _slot_facts(answer: AccountBestTimes) -> dict[str, object]:
    best = answer.suggestions[0]
    return {
        "weekday": best.weekday,
        "hour": best.hour,
        "publications": best.publications,
        "impressions": best.impressions,
        "engagements": best.engagements,
        "rate": round(best.rate, 6),
        "low": round(best.low, 6),
        "high": round(best.high, 6),
        "lift": round(best.lift, 4),
        "account_rate": round(answer.account_rate or 0.0, 6),
        "prior_alpha": round(answer.prior_alpha or 0.0, 4),
        "prior_beta": round(answer.prior_beta or 0.0, 4),
    }


def time_advice(brand_id: UUID, zone: str, answers: Sequence[AccountBestTimes]) -> list[Advice]:
    """Post at each account's best slot, when it likely beats the account's average."""
    advice = []
    for answer in answers:
        if answer.status != "ok" or not answer.suggestions:
            continue
        best = answer.suggestions[0]
        if best.chance_above_account < MIN_CONFIDENCE:
            continue
        at = f"{best.hour:02d}:00"
        body = {
            "content_id": "<an approved piece>",
            "channel_account_ids": [str(answer.channel_account_id)],
            "frequency": "weekly",
            "weekdays": [best.weekday],
            "local_time": at,
            "time_zone": zone,
        }
        advice.append(
            Advice(
                kind=Kind.POSTING_TIME,
                key=f"posting_time:{answer.channel_account_id}",
                title=f"Post on {answer.name} on {WEEKDAYS[best.weekday]}s at {at} ({zone})",
                rationale=f"Engagement per impression there is {best.lift:.2f}x the account's "
                f"average over {best.publications} posts.",
                confidence=round(best.chance_above_account, 4),
                evidence=(
                    Evidence(
                        source="strategy.best_times",
                        ref=str(answer.channel_account_id),
                        facts=_slot_facts(answer),
                    ),
                ),
                action=Action(
                    summary="Schedule an approved piece weekly at that slot",
                    calls=(ApiCall(method="POST", path="/api/v1/schedules", body=body),),
                ),
            )
        )
    return advice


def channel_advice(
    brand_id: UUID, answers: Sequence[AccountBestTimes], *, topic: str
) -> list[Advice]:
    """Favour the account with the best engagement rate over the weakest, when a two-sample
    test of their pooled rates (normal approximation) says it is likely better."""
    rated = [
        a
        for a in answers
        if a.status == "ok" and a.account_rate is not None and _impressions(a) > 0
    ]
    if len(rated) < 2:
        return []
    ranked = sorted(rated, key=lambda a: (-(a.account_rate or 0.0), str(a.channel_account_id)))
    best, worst = ranked[0], ranked[-1]
    p1, n1, p2, n2 = (
        best.account_rate or 0.0,
        _impressions(best),
        worst.account_rate or 0.0,
        _impressions(worst),
    )
    spread = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    confidence = normal_cdf((p1 - p2) / spread) if spread > 0 else 0.5
    if confidence < MIN_CONFIDENCE or best.channel == worst.channel:
        return []
    return [
        Advice(
            kind=Kind.CHANNEL,
            key=f"channel:{best.channel}",
            title=f"Put more of the brand's posts on {best.channel}",
            rationale=f"{best.name} earns {p1:.2%} engagement per impression, {worst.name} "
            f"{p2:.2%}.",
            confidence=round(confidence, 4),
            evidence=tuple(
                Evidence(
                    source="strategy.best_times",
                    ref=str(a.channel_account_id),
                    facts={
                        "channel": a.channel,
                        "account_rate": round(a.account_rate or 0.0, 6),
                        "impressions": _impressions(a),
                        "measured": a.measured,
                    },
                )
                for a in (best, worst)
            ),
            action=Action(
                summary=f"Generate a {best.channel} post",
                calls=(_generation(brand_id, topic, "social_post", best.channel),),
            ),
        )
    ]


def _impressions(answer: AccountBestTimes) -> int:
    return sum(s.impressions for s in answer.slots)
