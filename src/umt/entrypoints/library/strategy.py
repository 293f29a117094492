"""``platform.strategy`` (as /api/v1/brands/{id}/strategy).

The best times to post per publishing account; the brand's recommendations (generated from
its data, listed, read and dismissed); calendar proposals (proposed, listed, read and accepted
once) (docs/strategy.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from umt.application.strategy.best_times import BestTimesReport, FindBestTimes
from umt.application.strategy.calendar_proposals import (
    AcceptCalendarProposal,
    GetCalendarProposal,
    ListCalendarProposals,
    RejectCalendarProposal,
)
from umt.application.strategy.propose_calendar import ProposeCalendar
from umt.application.strategy.recommend import GenerateRecommendations
from umt.application.strategy.recommendations import (
    AcceptRecommendation,
    DismissRecommendation,
    GetRecommendation,
    ListRecommendations,
)
from umt.application.strategy.views import (
    CalendarProposalView,
    RecommendationView,
    calendar_proposal_view,
    recommendation_view,
)
from umt.domain.strategy.calendar import CalendarProposal
from umt.domain.strategy.recommendation import Recommendation
from umt.entrypoints.library.session import BusApi, Session


class StrategyApi(BusApi):
    """The content strategy: reading needs ``strategy:read`` (every role), generating and
    dismissing recommendations ``strategy:manage`` (owners, admins, brand managers,
    analysts)."""

    async def best_times(
        self,
        session: Session,
        brand_id: UUID,
        *,
        channel_account_id: UUID | None = None,
        time_zone: str | None = None,
        days: int = 180,
        top: int = 5,
        level: float = 0.9,
        min_posts: int = 20,
        min_slot_posts: int = 3,
    ) -> BestTimesReport:
        """Per publishing account of the brand (or the one named): the suggested weekday and
        hour slots with their credible intervals, or ``not_enough_data`` and why."""
        query = FindBestTimes(
            brand_id=brand_id,
            channel_account_id=channel_account_id,
            time_zone=time_zone,
            days=days,
            top=top,
            level=level,
            min_posts=min_posts,
            min_slot_posts=min_slot_posts,
        )
        return await self._ask(session, query, BestTimesReport)

    async def recommend(self, session: Session, brand_id: UUID) -> list[RecommendationView]:
        """Generate the brand's recommendations from its data and store them (by key: the
        same data gives the same ones; a dismissed one stays dismissed); the open ones."""
        command = GenerateRecommendations(brand_id=brand_id)
        return [
            recommendation_view(r) for r in await self._ask(session, command, list[Recommendation])
        ]

    async def recommendations(
        self,
        session: Session,
        brand_id: UUID,
        *,
        status: str | None = "open",
        kind: str | None = None,
    ) -> list[RecommendationView]:
        """The stored ones (``status`` None: every status), by kind, the most confident first."""
        query = ListRecommendations(brand_id=brand_id, status=status, kind=kind)
        return [
            recommendation_view(r) for r in await self._ask(session, query, list[Recommendation])
        ]

    async def recommendation(
        self, session: Session, brand_id: UUID, recommendation_id: UUID
    ) -> RecommendationView:
        query = GetRecommendation(brand_id=brand_id, recommendation_id=recommendation_id)
        return recommendation_view(await self._ask(session, query, Recommendation))

    async def dismiss(
        self,
        session: Session,
        brand_id: UUID,
        recommendation_id: UUID,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> RecommendationView:
        """Dismiss it (``StaleVersion`` if it changed since ``expected_version``;
        ``RecommendationDismissed`` if it already was)."""
        command = DismissRecommendation(
            brand_id=brand_id,
            recommendation_id=recommendation_id,
            reason=reason,
            expected_version=expected_version,
        )
        return recommendation_view(await self._ask(session, command, Recommendation))

    async def accept(
        self,
        session: Session,
        brand_id: UUID,
        recommendation_id: UUID,
        *,
        expected_version: int | None = None,
    ) -> RecommendationView:
        """Accept it: taken up, kept as it is across regenerations (``StaleVersion`` if it
        changed since ``expected_version``; ``RecommendationAccepted`` or
        ``RecommendationDismissed`` if it was decided already)."""
        command = AcceptRecommendation(
            brand_id=brand_id,
            recommendation_id=recommendation_id,
            expected_version=expected_version,
        )
        return recommendation_view(await self._ask(session, command, Recommendation))

    async def propose_calendar(
        self,
        session: Session,
        brand_id: UUID,
        *,
        project_id: UUID | None = None,
        weeks: int = 4,
        per_week: int = 3,
        channel_account_ids: Sequence[UUID] = (),
        starts_on: date | None = None,
        content_type: str = "social_post",
    ) -> CalendarProposalView:
        """Propose ``weeks`` weeks of posts (stored for review; nothing is created yet)."""
        command = ProposeCalendar(
            brand_id=brand_id,
            project_id=project_id,
            weeks=weeks,
            per_week=per_week,
            channel_account_ids=tuple(channel_account_ids),
            starts_on=starts_on,
            content_type=content_type,
        )
        return calendar_proposal_view(await self._ask(session, command, CalendarProposal))

    async def calendar_proposals(
        self, session: Session, brand_id: UUID, *, limit: int = 20
    ) -> list[CalendarProposalView]:
        query = ListCalendarProposals(brand_id=brand_id, limit=limit)
        return [
            calendar_proposal_view(p)
            for p in await self._ask(session, query, list[CalendarProposal])
        ]

    async def calendar_proposal(
        self, session: Session, brand_id: UUID, proposal_id: UUID
    ) -> CalendarProposalView:
        query = GetCalendarProposal(brand_id=brand_id, proposal_id=proposal_id)
        return calendar_proposal_view(await self._ask(session, query, CalendarProposal))

    async def accept_calendar(
        self,
        session: Session,
        brand_id: UUID,
        proposal_id: UUID,
        *,
        expected_version: int | None = None,
    ) -> CalendarProposalView:
        """A draft piece per slot, in one transaction; accepting again creates nothing."""
        command = AcceptCalendarProposal(
            brand_id=brand_id, proposal_id=proposal_id, expected_version=expected_version
        )
        return calendar_proposal_view(await self._ask(session, command, CalendarProposal))

    async def reject_calendar(
        self,
        session: Session,
        brand_id: UUID,
        proposal_id: UUID,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> CalendarProposalView:
        """Nothing of it will be made (``ProposalDecided`` if it was accepted or rejected
        already)."""
        command = RejectCalendarProposal(
            brand_id=brand_id,
            proposal_id=proposal_id,
            reason=reason,
            expected_version=expected_version,
        )
        return calendar_proposal_view(await self._ask(session, command, CalendarProposal))
