"""``platform.evergreen`` (as /api/v1/brands/{brand_id}/evergreen-rule).

A brand's evergreen rule: its best performing published pieces (the analytics performers by
the rule's measure) scheduled again into free slots, within a minimum age, a cooldown and a
weekly cap, each pick with its reason. Refusals are the HTTP API's: ``EvergreenRuleInvalid``
(a setting out of bounds, an account not the brand's), ``NotFound``, ``StaleVersion``.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from umt.application.publishing.evergreen import Recycling
from umt.application.publishing.evergreen_rules import (
    CreateEvergreenRule,
    DeleteEvergreenRule,
    GetEvergreenRule,
    RecycleEvergreen,
    UpdateEvergreenRule,
)
from umt.application.publishing.evergreen_views import EvergreenRuleView, RecyclingView
from umt.domain.publishing.evergreen import EvergreenRule
from umt.entrypoints.library.session import BusApi, Session


class EvergreenApi(BusApi):
    """``platform.evergreen`` (as /api/v1/brands/{brand_id}/evergreen-rule): a brand's
    recycling of its best performing published pieces (docs/publishing.md)."""

    async def _rule(self, session: Session, message: object) -> EvergreenRuleView:
        return EvergreenRuleView.from_aggregate(await self._ask(session, message, EvergreenRule))

    async def create(  # one keyword per setting
        self,
        session: Session,
        brand_id: UUID,
        *,
        channel_account_ids: Sequence[UUID] | None = None,
        measure: str | None = None,
        lookback_days: int | None = None,
        min_trials: int | None = None,
        min_age_days: int | None = None,
        cooldown_days: int | None = None,
        max_per_week: int | None = None,
        active: bool | None = None,
    ) -> EvergreenRuleView:
        """The brand's rule with the settings given, the others at their defaults
        (``Conflict`` when it has one)."""
        return await self._rule(
            session,
            CreateEvergreenRule(
                brand_id=brand_id,
                channel_account_ids=channel_account_ids,
                measure=measure,
                lookback_days=lookback_days,
                min_trials=min_trials,
                min_age_days=min_age_days,
                cooldown_days=cooldown_days,
                max_per_week=max_per_week,
                active=active,
            ),
        )

    async def update(  # one keyword per setting
        self,
        session: Session,
        brand_id: UUID,
        *,
        channel_account_ids: Sequence[UUID] | None = None,
        measure: str | None = None,
        lookback_days: int | None = None,
        min_trials: int | None = None,
        min_age_days: int | None = None,
        cooldown_days: int | None = None,
        max_per_week: int | None = None,
        active: bool | None = None,
        expected_version: int | None = None,
    ) -> EvergreenRuleView:
        """Change the settings given (None leaves one as it is)."""
        return await self._rule(
            session,
            UpdateEvergreenRule(
                brand_id=brand_id,
                channel_account_ids=channel_account_ids,
                measure=measure,
                lookback_days=lookback_days,
                min_trials=min_trials,
                min_age_days=min_age_days,
                cooldown_days=cooldown_days,
                max_per_week=max_per_week,
                active=active,
                expected_version=expected_version,
            ),
        )

    async def get(self, session: Session, brand_id: UUID) -> EvergreenRuleView:
        return await self._rule(session, GetEvergreenRule(brand_id=brand_id))

    async def delete(
        self, session: Session, brand_id: UUID, *, expected_version: int | None = None
    ) -> EvergreenRuleView:
        """Remove the rule; what it scheduled stays on the calendar."""
        return await self._rule(
            session, DeleteEvergreenRule(brand_id=brand_id, expected_version=expected_version)
        )

    async def run(self, session: Session, brand_id: UUID) -> RecyclingView:
        """One pass now: the brand's winners scheduled into free slots, each with why."""
        done = await self._ask(session, RecycleEvergreen(brand_id=brand_id), Recycling)
        return RecyclingView.of(done)
