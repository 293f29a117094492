"""Rows of brand enrichments: the suggestions, findings and failures as JSON documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping

from umt.domain.research.crawl import CrawlFailure
from umt.domain.research.enrichment import BrandEnrichment, Decision, Suggestion


def enrichment_row(x: BrandEnrichment) -> dict[str, Any]:
    return {
        "id": x.id,
        "organization_id": x.organization_id,
        "brand_id": x.brand_id,
        "url": x.url,
        "requested_by": x.requested_by,
        "suggestions": [
            {
                "field": s.field,
                "value": s.value,
                "found_in": s.found_in,
                "decision": s.decision.value,
                "decided_by": None if s.decided_by is None else str(s.decided_by),
                "decided_at": None if s.decided_at is None else s.decided_at.isoformat(),
            }
            for s in x.suggestions
        ],
        "findings": dict(x.findings),
        "failures": [[f.url, f.reason, f.detail] for f in x.failures],
        "created_at": x.created_at,
        "reviewed_at": x.reviewed_at,
    }


def enrichment_from_row(row: RowMapping) -> BrandEnrichment:
    return BrandEnrichment(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        url=row["url"],
        requested_by=row["requested_by"],
        suggestions=tuple(
            Suggestion(
                field=s["field"],
                value=s["value"],
                found_in=s["found_in"],
                decision=Decision(s["decision"]),
                decided_by=None if s["decided_by"] is None else UUID(s["decided_by"]),
                decided_at=None
                if s["decided_at"] is None
                else datetime.fromisoformat(s["decided_at"]),
            )
            for s in row["suggestions"]
        ),
        findings=dict(row["findings"]),
        failures=tuple(CrawlFailure(*f) for f in row["failures"]),
        created_at=row["created_at"],
        reviewed_at=row["reviewed_at"],
    )
