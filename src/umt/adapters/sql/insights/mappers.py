"""Rows of the insights' tables to aggregates and back (explicit data mappers)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping

from umt.domain.analytics.insights.alert_rule import AlertRule, Comparison
from umt.domain.analytics.insights.insight import (
    EvidenceRow,
    Insight,
    InsightKind,
    InsightStatus,
    Scope,
)


def _scope(row: RowMapping) -> Scope:
    return Scope(
        channel=row["channel"], subject_kind=row["subject_kind"], subject_id=row["subject_id"]
    )


def _scope_columns(scope: Scope) -> dict[str, Any]:
    return {
        "channel": scope.channel,
        "subject_kind": scope.subject_kind,
        "subject_id": scope.subject_id,
    }


def evidence_document(rows: tuple[EvidenceRow, ...]) -> list[list[Any]]:
    return [
        [
            r.day.isoformat(),
            r.metric,
            str(r.value),
            r.channel,
            r.subject_kind,
            None if r.subject_id is None else str(r.subject_id),
            r.role,
        ]
        for r in rows
    ]


def evidence_from(document: list[list[Any]]) -> tuple[EvidenceRow, ...]:
    return tuple(
        EvidenceRow(
            day=date.fromisoformat(day),
            metric=metric,
            value=Decimal(value),
            channel=channel,
            subject_kind=subject_kind,
            subject_id=None if subject_id is None else UUID(subject_id),
            role=role,
        )
        for day, metric, value, channel, subject_kind, subject_id, role in document
    )


def insight_row(insight: Insight) -> dict[str, Any]:
    return {
        "id": insight.id,
        "organization_id": insight.organization_id,
        "brand_id": insight.brand_id,
        "key": insight.key,
        "kind": insight.kind.value,
        "series": insight.series,
        "day": insight.day,
        "measure": insight.measure,
        **_scope_columns(insight.scope),
        "direction": insight.direction,
        "headline": insight.headline,
        "statistics": dict(insight.statistics),
        "evidence": evidence_document(insight.evidence),
        "rule_id": insight.rule_id,
        "status": insight.status.value,
        "status_by": insight.status_by,
        "detected_at": insight.detected_at,
        "updated_at": insight.updated_at,
        "version": insight.version,
    }


def insight_from_row(row: RowMapping) -> Insight:
    return Insight(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        kind=InsightKind(row["kind"]),
        series=row["series"],
        day=row["day"],
        measure=row["measure"],
        scope=_scope(row),
        direction=row["direction"],
        headline=row["headline"],
        statistics=dict(row["statistics"]),
        evidence=evidence_from(row["evidence"]),
        rule_id=row["rule_id"],
        status=InsightStatus(row["status"]),
        status_by=row["status_by"],
        detected_at=row["detected_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )


def rule_row(rule: AlertRule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "organization_id": rule.organization_id,
        "brand_id": rule.brand_id,
        "name": rule.name,
        "measure": rule.measure,
        **_scope_columns(rule.scope),
        "comparison": rule.comparison.value,
        "threshold": rule.threshold,
        "window_days": rule.window_days,
        "enabled": rule.enabled,
        "version": rule.version,
        "created_at": rule.created_at,
        "updated_at": rule.updated_at,
    }


def rule_from_row(row: RowMapping) -> AlertRule:
    return AlertRule(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        name=row["name"],
        measure=row["measure"],
        scope=_scope(row),
        comparison=Comparison(row["comparison"]),
        threshold=row["threshold"],
        window_days=row["window_days"],
        enabled=bool(row["enabled"]),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
