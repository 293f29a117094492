"""Request and response bodies of brand enrichment."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.domain.research.enrichment import SUGGESTIBLE, BrandEnrichment
from umt.entrypoints.http.schemas.common import Input
from umt.entrypoints.http.schemas.research import FailureOut

FieldName = Annotated[str, Meta(max_length=40, examples=["palette"])]


class EnrichmentCreate(Input):
    """The page to read (none: the brand's website)."""

    url: Annotated[str, Meta(max_length=2048, examples=["https://acme.example/"])] | None = None


class FieldsChosen(Input):
    """The suggested fields to accept or reject (name, description, palette, fonts,
    logo_url), each still undecided."""

    fields: Annotated[
        list[FieldName], Meta(min_length=1, max_length=len(SUGGESTIBLE), examples=[["palette"]])
    ]


class SuggestionOut(msgspec.Struct):
    field: str
    value: Any
    found_in: str
    decision: str  # suggested | accepted | rejected
    decided_by: UUID | None = None
    decided_at: datetime | None = None


class EnrichmentOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    url: str
    requested_by: UUID
    created_at: datetime
    reviewed_at: datetime | None
    suggestions: list[SuggestionOut]
    findings: dict[str, Any]
    failures: list[FailureOut]


class EnrichmentList(msgspec.Struct):
    items: list[EnrichmentOut]


def enrichment_out(e: BrandEnrichment) -> EnrichmentOut:
    return EnrichmentOut(
        id=e.id,
        brand_id=e.brand_id,
        url=e.url,
        requested_by=e.requested_by,
        created_at=e.created_at,
        reviewed_at=e.reviewed_at,
        suggestions=[
            SuggestionOut(
                field=s.field,
                value=s.value,
                found_in=s.found_in,
                decision=s.decision.value,
                decided_by=s.decided_by,
                decided_at=s.decided_at,
            )
            for s in e.suggestions
        ],
        findings=dict(e.findings),
        failures=[FailureOut(f.url, f.reason, f.detail) for f in e.failures],
    )
