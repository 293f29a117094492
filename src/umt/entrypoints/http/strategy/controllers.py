"""/api/v1/brands/{brand_id}/strategy: the best times to post (``strategy:read``)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import FromPath, QueryParameter

from umt.application.strategy.best_times import BestTimesReport, FindBestTimes
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.strategy import BestTimesOut, best_times_out

_SLOT = {
    "weekday": 1,
    "hour": 9,
    "publications": 6,
    "impressions": 14200,
    "engagements": 781,
    "observed_rate": 0.055,
    "rate": 0.0541,
    "low": 0.0508,
    "high": 0.0575,
    "lift": 1.38,
    "lift_low": 1.3,
    "lift_high": 1.47,
    "chance_above_account": 0.999,
    "enough_data": True,
}
BEST_TIMES_200 = ResponseSpec(
    data_container=BestTimesOut,
    generate_examples=False,
    description="Per publishing account: the suggested slots (best first) with their "
    "credible intervals, every slot with posts, the fitted prior; or not_enough_data and why",
    examples=[
        Example(
            id="one-account",
            summary="Tuesdays at 9 beat the account's average; a new account has too few posts",
            value={
                "brand_id": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c00",
                "time_zone": "Europe/Berlin",
                "since": "2026-06-04T09:00:00Z",
                "until": "2026-12-01T09:00:00Z",
                "level": 0.9,
                "min_posts": 20,
                "min_slot_posts": 3,
                "accounts": [
                    {
                        "channel_account_id": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c21",
                        "name": "Acme on LinkedIn",
                        "channel": "linkedin",
                        "status": "ok",
                        "reason": None,
                        "publications": 64,
                        "measured": 61,
                        "account_rate": 0.0392,
                        "prior_alpha": 17.3,
                        "prior_beta": 424.1,
                        "prior_pooled": False,
                        "suggestions": [_SLOT],
                        "slots": [_SLOT],
                    },
                    {
                        "channel_account_id": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c22",
                        "name": "Acme on X",
                        "channel": "x",
                        "status": "not_enough_data",
                        "reason": "4 published posts with impressions in the last 180 days; "
                        "the model needs 20",
                        "publications": 5,
                        "measured": 4,
                        "account_rate": None,
                        "prior_alpha": None,
                        "prior_beta": None,
                        "prior_pooled": None,
                        "suggestions": [],
                        "slots": [],
                    },
                ],
            },
        )
    ],
)


class StrategyController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/strategy"
    tags = ["strategy"]
    security = BEARER

    @get(
        "/best-times",
        summary="The best weekday and hour to post, per publishing account",
        description="Engagement per impression of the account's published posts by weekday "
        "and hour on the audience's clock (the brand's time zone unless time_zone says), "
        "shrunk towards the account's own rate (beta-binomial empirical Bayes), each slot "
        "with its credible interval. Too few posts is an answer (not_enough_data), not an "
        "error.",
        responses={**PROTECTED_ERRORS, 200: BEST_TIMES_200},
        opt=requires_for(FindBestTimes),
    )
    async def best_times(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        channel_account_id: Annotated[
            UUID | None, QueryParameter(description="Only this account")
        ] = None,
        time_zone: Annotated[
            str | None, QueryParameter(max_length=64, description="The audience's IANA zone")
        ] = None,
        days: Annotated[int, QueryParameter(ge=1, le=730)] = 180,
        top: Annotated[int, QueryParameter(ge=1, le=24)] = 5,
        level: Annotated[float, QueryParameter(ge=0.5, lt=1)] = 0.9,
        min_posts: Annotated[int, QueryParameter(ge=2, le=5000)] = 20,
        min_slot_posts: Annotated[int, QueryParameter(ge=1, le=1000)] = 3,
    ) -> BestTimesOut:
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
        return best_times_out(await bus.ask(query, BestTimesReport, principal))
