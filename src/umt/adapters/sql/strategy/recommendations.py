"""The SQL RecommendationRepository: one row per recommendation, its advice as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, delete, insert, select, update

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.strategy.tables import strategy_recommendations as t
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.strategy.recommendation import (
    Action,
    Advice,
    ApiCall,
    Evidence,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
)
from umt.ports.recommendation_repository import RecommendationRepository


def advice_to_json(advice: Advice) -> dict[str, Any]:
    action = advice.action
    return {
        "kind": advice.kind.value,
        "key": advice.key,
        "title": advice.title,
        "rationale": advice.rationale,
        "confidence": advice.confidence,
        "evidence": [
            {"source": e.source, "ref": e.ref, "facts": dict(e.facts)} for e in advice.evidence
        ],
        "action": {
            "summary": action.summary,
            "calls": [
                {
                    "method": c.method,
                    "path": c.path,
                    "body": None if c.body is None else dict(c.body),
                    "headers": dict(c.headers),
                }
                for c in action.calls
            ],
            "task": action.task,
            "task_input": None if action.task_input is None else dict(action.task_input),
        },
    }


def advice_from_json(doc: dict[str, Any]) -> Advice:
    action = doc["action"]
    return Advice(
        kind=RecommendationKind(doc["kind"]),
        key=doc["key"],
        title=doc["title"],
        rationale=doc["rationale"],
        confidence=doc["confidence"],
        evidence=tuple(
            Evidence(source=e["source"], ref=e["ref"], facts=e["facts"]) for e in doc["evidence"]
        ),
        action=Action(
            summary=action["summary"],
            calls=tuple(
                ApiCall(method=c["method"], path=c["path"], body=c["body"], headers=c["headers"])
                for c in action["calls"]
            ),
            task=action["task"],
            task_input=action["task_input"],
        ),
    )


def _row(r: Recommendation) -> dict[str, Any]:
    return {
        "id": r.id,
        "organization_id": r.organization_id,
        "brand_id": r.brand_id,
        "kind": r.advice.kind.value,
        "key": r.key,
        "status": r.status.value,
        "confidence": r.advice.confidence,
        "advice": advice_to_json(r.advice),
        "dismissed_by": r.dismissed_by,
        "dismissed_at": r.dismissed_at,
        "dismissal_reason": r.dismissal_reason,
        "accepted_by": r.accepted_by,
        "accepted_at": r.accepted_at,
        "version": r.version,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


def _recommendation(row: RowMapping) -> Recommendation:
    return Recommendation(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        advice=advice_from_json(row["advice"]),
        status=RecommendationStatus(row["status"]),
        dismissed_by=row["dismissed_by"],
        dismissed_at=row["dismissed_at"],
        dismissal_reason=row["dismissal_reason"],
        accepted_by=row["accepted_by"],
        accepted_at=row["accepted_at"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class SqlRecommendationRepository(SqlRepository, RecommendationRepository):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._versions: dict[UUID, int] = {}  # as loaded: what a save checks against

    async def get(
        self, organization_id: OrganizationId, recommendation_id: UUID
    ) -> Recommendation | None:
        statement = select(t).where(
            t.c.organization_id == organization_id, t.c.id == recommendation_id
        )
        row = (await self._execute(statement)).mappings().first()
        return None if row is None else self._loaded(_recommendation(row))

    async def for_brand(
        self, organization_id: OrganizationId, brand_id: BrandId
    ) -> Sequence[Recommendation]:
        statement = (
            select(t)
            .where(t.c.organization_id == organization_id, t.c.brand_id == brand_id)
            .order_by(t.c.key)
        )
        rows = (await self._execute(statement)).mappings().all()
        return [self._loaded(_recommendation(row)) for row in rows]

    async def add(self, recommendation: Recommendation) -> None:
        await self._execute(
            insert(t).values(**_row(recommendation)),
            on_unique={
                "uq_strategy_recommendations_key": lambda: Conflict(
                    f"the brand already has the recommendation {recommendation.key}"
                )
            },
        )
        self._versions[recommendation.id] = recommendation.version
        self._tracker.track(recommendation)

    async def save(self, recommendation: Recommendation) -> None:
        loaded = self._versions.get(recommendation.id, recommendation.version)
        values = _row(recommendation)
        for fixed in ("id", "organization_id", "brand_id", "created_at"):
            values.pop(fixed)
        result = await self._execute(
            update(t)
            .where(
                t.c.organization_id == recommendation.organization_id,
                t.c.id == recommendation.id,
                t.c.version == loaded,
            )
            .values(**values)
        )
        if result.rowcount != 1:
            raise StaleVersion("the recommendation was changed or deleted by someone else")
        self._versions[recommendation.id] = recommendation.version
        self._tracker.track(recommendation)

    async def remove(self, recommendation: Recommendation) -> None:
        await self._execute(
            delete(t).where(
                t.c.organization_id == recommendation.organization_id,
                t.c.id == recommendation.id,
            )
        )

    def _loaded(self, recommendation: Recommendation) -> Recommendation:
        self._versions[recommendation.id] = recommendation.version
        return self._tracker.track(recommendation)
