"""/api/v1/brands/{brand_id}/strategy/recommendations: generate (``strategy:manage``), list and
read (``strategy:read``), accept or dismiss (``strategy:manage``, If-Match)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from umt.application.strategy.recommend import GenerateRecommendations
from umt.application.strategy.recommendations import (
    AcceptRecommendation,
    DismissRecommendation,
    GetRecommendation,
    ListRecommendations,
)
from umt.domain.strategy.recommendation import Recommendation
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.etags import etag, expected_version
from umt.entrypoints.http.openapi import BEARER, ETAG_HEADERS, PROTECTED_ERRORS, IfMatch
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.strategy import (
    DismissIn,
    RecommendationList,
    RecommendationOut,
    recommendation_out,
)

_BRAND = "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c00"
_EXAMPLE = {
    "id": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c31",
    "brand_id": _BRAND,
    "kind": "posting_time",
    "subject": "posting_time:0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c21",
    "title": "Post on Acme on LinkedIn on Tuesdays at 09:00 (Europe/Berlin)",
    "rationale": "Engagement per impression there is 1.38x the account's average over 6 posts.",
    "confidence": 0.999,
    "evidence": [
        {
            "source": "strategy.best_times",
            "ref": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c21",
            "facts": {"weekday": 1, "hour": 9, "publications": 6, "lift": 1.38},
        }
    ],
    "action": {
        "summary": "Schedule an approved piece weekly at that slot",
        "calls": [
            {
                "method": "POST",
                "path": "/api/v1/schedules",
                "body": {
                    "content_id": "<an approved piece>",
                    "channel_account_ids": ["0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c21"],
                    "frequency": "weekly",
                    "weekdays": [1],
                    "local_time": "09:00",
                    "time_zone": "Europe/Berlin",
                },
                "headers": {},
            }
        ],
        "task": None,
        "task_input": None,
    },
    "status": "open",
    "dismissed_by": None,
    "dismissed_at": None,
    "dismissal_reason": None,
    "accepted_by": None,
    "accepted_at": None,
    "version": 1,
    "created_at": "2026-12-01T09:00:00Z",
    "updated_at": "2026-12-01T09:00:00Z",
}
LIST_200 = ResponseSpec(
    data_container=RecommendationList,
    generate_examples=False,
    description="The brand's recommendations: by kind (topic, format, channel, posting_time, "
    "budget_shift), the most confident first; each with its evidence and the exact calls "
    "that act on it",
    examples=[Example(id="one", summary="A posting time", value={"items": [_EXAMPLE]})],
)
StatusFilter = Annotated[
    Literal["open", "accepted", "dismissed", "all"],
    QueryParameter(description="Which ones (default open)"),
]
KindFilter = Annotated[
    Literal["topic", "format", "channel", "posting_time", "budget_shift"] | None,
    QueryParameter(description="Only this kind"),
]


def _response(found: Recommendation) -> Response[RecommendationOut]:
    return Response(recommendation_out(found), headers={"ETag": etag(found.version)})


class RecommendationController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/strategy/recommendations"
    tags = ["strategy"]
    security = BEARER

    @post(
        "/",
        status_code=HTTP_200_OK,
        summary="Generate the brand's recommendations from its data (stored, by key)",
        description="Topics from the research topic gaps, formats from concluded experiments, "
        "posting times and channels from the best-time model, budget shifts from the "
        "campaigns' ROAS and CPA. The same data gives the same recommendations; a dismissed "
        "one stays dismissed. Answers the open ones this run supports.",
        responses={**PROTECTED_ERRORS, 200: LIST_200},
        opt=requires_for(GenerateRecommendations),
    )
    async def generate(
        self, brand_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> RecommendationList:
        command = GenerateRecommendations(brand_id=brand_id)
        found = await bus.ask(command, list[Recommendation], principal)
        return RecommendationList(items=[recommendation_out(r) for r in found])

    @get(
        "/",
        summary="The brand's stored recommendations",
        responses={**PROTECTED_ERRORS, 200: LIST_200},
        opt=requires_for(ListRecommendations),
    )
    async def list_recommendations(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        status: StatusFilter = "open",
        kind: KindFilter = None,
    ) -> RecommendationList:
        query = ListRecommendations(
            brand_id=brand_id, status=None if status == "all" else status, kind=kind
        )
        found = await bus.ask(query, list[Recommendation], principal)
        return RecommendationList(items=[recommendation_out(r) for r in found])

    @get(
        "/{recommendation_id:uuid}",
        summary="One recommendation (its ETag is its version)",
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(GetRecommendation),
    )
    async def get_recommendation(
        self,
        brand_id: FromPath[UUID],
        recommendation_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
    ) -> Response[RecommendationOut]:
        query = GetRecommendation(brand_id=brand_id, recommendation_id=recommendation_id)
        return _response(await bus.ask(query, Recommendation, principal))

    @post(
        "/{recommendation_id:uuid}/dismiss",
        status_code=HTTP_200_OK,
        summary="Dismiss a recommendation (it stays dismissed across regenerations)",
        description="If-Match with the ETag read: a stale one is 412; dismissing a decided "
        "one (accepted or dismissed) is 409. Announced as recommendation.dismissed.",
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(DismissRecommendation),
    )
    async def dismiss(
        self,
        brand_id: FromPath[UUID],
        recommendation_id: FromPath[UUID],
        data: JSONBody[DismissIn],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[RecommendationOut]:
        command = DismissRecommendation(
            brand_id=brand_id,
            recommendation_id=recommendation_id,
            reason=data.reason,
            expected_version=expected_version(if_match),
        )
        return _response(await bus.ask(command, Recommendation, principal))

    @post(
        "/{recommendation_id:uuid}/accept",
        status_code=HTTP_200_OK,
        summary="Accept a recommendation: taken up (kept as it is across regenerations)",
        description="If-Match with the ETag read: a stale one is 412; accepting a decided one "
        "(accepted or dismissed) is 409. Announced as recommendation.accepted. Acting on it "
        "is its action's calls.",
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(AcceptRecommendation),
    )
    async def accept(
        self,
        brand_id: FromPath[UUID],
        recommendation_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[RecommendationOut]:
        command = AcceptRecommendation(
            brand_id=brand_id,
            recommendation_id=recommendation_id,
            expected_version=expected_version(if_match),
        )
        return _response(await bus.ask(command, Recommendation, principal))
