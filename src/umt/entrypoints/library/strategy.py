"""``platform.strategy`` (as /api/v1/brands/{id}/strategy).

The best times to post per publishing account (docs/strategy.md).
"""

from __future__ import annotations

from uuid import UUID

from umt.application.strategy.best_times import BestTimesReport, FindBestTimes
from umt.entrypoints.library.session import BusApi, Session


class StrategyApi(BusApi):
    """The content strategy: reading needs ``strategy:read`` (every role)."""

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
