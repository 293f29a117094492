"""The strategy context's and the report schedules' events, driven through their aggregates
with fixed ids and times, for the pinned payloads of tests/unit/domain/test_event_payloads.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from umt.domain.analytics.report_schedule import Cadence, ReportSchedule
from umt.domain.shared.events import DomainEvent
from umt.domain.strategy.calendar import CalendarProposal, PlannedPiece, ProposedSlot
from umt.domain.strategy.recommendation import Action, Advice, Recommendation, RecommendationKind

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
BRAND = UUID(int=10)
MEMBER = UUID(int=2)


def report_schedule_events(organization_id: UUID) -> Iterator[DomainEvent]:
    schedule = ReportSchedule.create(
        now=T0,
        id=UUID(int=95),
        organization_id=organization_id,
        brand_id=BRAND,
        kind="channels",
        range_days=7,
        cadence=Cadence.WEEKLY,
        weekday=0,
        hour=8,
        time_zone="Europe/Berlin",
        recipients=("ana@acme.example",),
    )
    schedule.update({"hour": 9}, now=T0 + timedelta(minutes=1))
    schedule.delete(now=T0 + timedelta(minutes=2))
    yield from schedule.events


def _proposal(organization_id: UUID, n: int) -> CalendarProposal:
    slot = ProposedSlot(
        channel_account_id=UUID(int=40),
        channel="linkedin",
        due_at=datetime(2026, 1, 6, 8, tzinfo=UTC),
        local_time="2026-01-06T09:00",
        time_zone="Europe/Berlin",
        topic="webinar funnels",
        topic_source="topic_gap",
        content_type="social_post",
        timing="default",
        confidence=None,
    )
    return CalendarProposal(
        id=UUID(int=n),
        organization_id=organization_id,  # type: ignore[arg-type]
        brand_id=BRAND,  # type: ignore[arg-type]
        project_id=UUID(int=20),
        starts_on=date(2026, 1, 6),
        weeks=1,
        per_week=1,
        slots=(slot,),
        created_at=T0,
        updated_at=T0,
    )


def strategy_events(organization_id: UUID) -> Iterator[DomainEvent]:
    accepted = _proposal(organization_id, 96)
    accepted.proposed()
    accepted.accept(
        (PlannedPiece(slot=0, content_id=UUID(int=30)),),
        by=MEMBER,  # type: ignore[arg-type]
        now=T0 + timedelta(minutes=1),
    )
    yield from accepted.events
    rejected = _proposal(organization_id, 97)
    rejected.reject(by=MEMBER, reason="not this quarter", now=T0 + timedelta(minutes=2))  # type: ignore[arg-type]
    yield from rejected.events
    for n, decide in ((98, "accept"), (99, "dismiss")):
        recommendation = Recommendation(
            id=UUID(int=n),
            organization_id=organization_id,  # type: ignore[arg-type]
            brand_id=BRAND,  # type: ignore[arg-type]
            advice=Advice(
                kind=RecommendationKind.TOPIC,
                key=f"topic:webinar funnels {n}",
                title="Write about webinar funnels",
                rationale="Two competitors cover it; you do not.",
                confidence=0.75,
                evidence=(),
                action=Action(summary="Generate a post on it", calls=()),
            ),
            created_at=T0,
            updated_at=T0,
        )
        if decide == "accept":
            recommendation.accept(by=MEMBER, now=T0 + timedelta(minutes=3))  # type: ignore[arg-type]
        else:
            recommendation.dismiss(
                by=MEMBER,  # type: ignore[arg-type]
                reason="we do not cover that",
                now=T0 + timedelta(minutes=3),
            )
        yield from recommendation.events
