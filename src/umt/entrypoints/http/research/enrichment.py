"""Brand enrichment: read the brand's website (a job), then accept or reject what it
suggests, field by field. Accepting updates the brand (If-Match: the brand's ETag)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from umt.application.research.enrichment import CheckEnrichment, EnrichBrand
from umt.application.research.enrichment_review import (
    AcceptSuggestions,
    GetEnrichment,
    ListEnrichments,
    RejectSuggestions,
    Reviewed,
)
from umt.domain.research.enrichment import BrandEnrichment
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.etags import etag, expected_version
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS, IfMatch
from umt.entrypoints.http.research.jobs import job_accepted
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.enrichment import (
    EnrichmentCreate,
    EnrichmentList,
    EnrichmentOut,
    FieldsChosen,
    enrichment_out,
)
from umt.entrypoints.http.schemas.jobs import JobOut

ENRICH_TASK = "brand.enrich"
ENRICH_TIMEOUT_SECONDS = 300  # a page and a few stylesheets, each host paced politely
ENRICH_RESPONSES = {
    **PROTECTED_ERRORS,
    202: ResponseSpec(
        data_container=JobOut,
        generate_examples=False,
        description="The enrichment, handed to the content-strategy agent: poll GET "
        "/api/v1/jobs/{id} (named by Location) for its progress and its result (the "
        "enrichment's id, the fields suggested, what could not be read)",
    ),
}


ENRICHMENT_EXAMPLE = {
    "id": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c21",
    "brand_id": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c00",
    "url": "https://acme.example/",
    "requested_by": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c01",
    "created_at": "2026-03-01T09:00:00Z",
    "reviewed_at": "2026-03-01T09:05:00Z",
    "suggestions": [
        {
            "field": "name",
            "value": "Acme Coffee",
            "found_in": "og:site_name",
            "decision": "accepted",
            "decided_by": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c01",
            "decided_at": "2026-03-01T09:05:00Z",
        },
        {
            "field": "palette",
            "value": [
                {"role": "primary", "color": "#6f4e37"},
                {"role": "secondary", "color": "#d35400"},
            ],
            "found_in": "meta theme-color, then the most frequent non-grey colours of the CSS",
            "decision": "suggested",
            "decided_by": None,
            "decided_at": None,
        },
        {
            "field": "fonts",
            "value": [{"role": "primary", "family": "Lora"}],
            "found_in": "Google Fonts links and CSS font-family",
            "decision": "rejected",
            "decided_by": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c01",
            "decided_at": "2026-03-01T09:05:00Z",
        },
    ],
    "findings": {
        "final_url": "https://acme.example/",
        "page_truncated": False,
        "theme_color": "#6F4E37",
        "social_links": {"instagram": "https://www.instagram.com/acmecoffee"},
        "stylesheets_read": 2,
        "structured_data": {"json-ld": [{"@type": "Organization", "name": "Acme Coffee"}]},
    },
    "failures": [
        {
            "url": "https://cdn.acme.example/print.css",
            "reason": "robots_disallowed",
            "detail": "robots.txt disallows https://cdn.acme.example/print.css",
        }
    ],
}
ENRICHMENT_200 = ResponseSpec(
    data_container=EnrichmentOut,
    generate_examples=False,
    description="The enrichment: each suggested field with where it was found and what was "
    "decided, the findings (social links, structured data) and what could not be read",
    examples=[
        Example(
            id="reviewed",
            summary="One field accepted, one rejected, one open",
            value=ENRICHMENT_EXAMPLE,
        )
    ],
)


class EnrichmentController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/enrichments"
    tags = ["research"]
    security = BEARER

    @post(
        "/",
        status_code=HTTP_202_ACCEPTED,
        summary="Read the brand's website for suggested brand fields (a job)",
        description="Checked at once (an unknown brand is 404; no url and no website 422), "
        "then run by the content-strategy agent: the page and its stylesheets fetched "
        "politely through the SSRF guard (robots.txt, size limits). The suggestions are "
        "stored, never applied: accept or reject them field by field.",
        responses=ENRICH_RESPONSES,
        opt=requires_for(EnrichBrand),
    )
    async def enrich(
        self,
        brand_id: FromPath[UUID],
        data: JSONBody[EnrichmentCreate],
        principal: Caller,
        bus: Bus,
        request: Request[Any, Any, Any],
    ) -> Response[JobOut]:
        command = EnrichBrand(brand_id=brand_id, url=data.url)
        url = await bus.execute(CheckEnrichment(request=command), principal)
        payload = {"brand_id": str(brand_id), "url": url}
        return await job_accepted(request, principal, ENRICH_TASK, payload, ENRICH_TIMEOUT_SECONDS)

    @get(
        "/",
        summary="The brand's latest enrichments, with their suggestions and decisions",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListEnrichments),
    )
    async def enrichments(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
    ) -> EnrichmentList:
        query = ListEnrichments(brand_id=brand_id, limit=limit)
        found = await bus.ask(query, list[BrandEnrichment], principal)
        return EnrichmentList(items=[enrichment_out(e) for e in found])

    @get(
        "/{enrichment_id:uuid}",
        summary="One enrichment: its suggestions, findings (social links, structured data) "
        "and failures",
        responses={**PROTECTED_ERRORS, 200: ENRICHMENT_200},
        opt=requires_for(GetEnrichment),
    )
    async def enrichment(
        self, brand_id: FromPath[UUID], enrichment_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> EnrichmentOut:
        query = GetEnrichment(brand_id=brand_id, enrichment_id=enrichment_id)
        return enrichment_out(await bus.ask(query, BrandEnrichment, principal))

    @post(
        "/{enrichment_id:uuid}/accept",
        status_code=HTTP_200_OK,
        summary="Accept suggested fields: the brand is updated with them (If-Match: the "
        "brand's ETag)",
        description="Applied through the brand's update (its checks, its brand.updated "
        "event); the response's ETag is the brand's new version. A field already decided "
        "is 409, one not suggested 422, a stale If-Match 412.",
        responses=PROTECTED_ERRORS,
        opt=requires_for(AcceptSuggestions),
    )
    async def accept(
        self,
        brand_id: FromPath[UUID],
        enrichment_id: FromPath[UUID],
        data: JSONBody[FieldsChosen],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[EnrichmentOut]:
        command = AcceptSuggestions(
            brand_id=brand_id,
            enrichment_id=enrichment_id,
            fields=tuple(data.fields),
            expected_version=expected_version(if_match),
        )
        reviewed = await bus.ask(command, Reviewed, principal)
        return Response(
            enrichment_out(reviewed.enrichment),
            headers={"ETag": etag(reviewed.brand_version)},
        )

    @post(
        "/{enrichment_id:uuid}/reject",
        status_code=HTTP_200_OK,
        summary="Reject suggested fields (recorded; the brand is not touched)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(RejectSuggestions),
    )
    async def reject(
        self,
        brand_id: FromPath[UUID],
        enrichment_id: FromPath[UUID],
        data: JSONBody[FieldsChosen],
        principal: Caller,
        bus: Bus,
    ) -> EnrichmentOut:
        command = RejectSuggestions(
            brand_id=brand_id, enrichment_id=enrichment_id, fields=tuple(data.fields)
        )
        return enrichment_out(await bus.ask(command, BrandEnrichment, principal))
