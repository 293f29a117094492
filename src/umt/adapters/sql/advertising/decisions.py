"""The SQL AdDecisionLog: ``INSERT ... ON CONFLICT DO NOTHING`` is the claim of a window (on
PostgreSQL a concurrent claimer waits for the first one's transaction, then loses)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from umt.adapters.sql.advertising.tables import ad_rule_evaluations as ev
from umt.adapters.sql.advertising.tables import pacing_checks as pc
from umt.adapters.sql.base import SqlRepository
from umt.domain.shared.ids import AdRuleId, AdSetId, OrganizationId
from umt.ports.ad_decision_log import AdDecisionLog, PacingCheck, RuleEvaluation

_ACTED = "triggered"


def _evaluation_from(row: RowMapping) -> RuleEvaluation:
    return RuleEvaluation(
        id=row["id"],
        organization_id=row["organization_id"],
        rule_id=row["rule_id"],
        campaign_id=row["campaign_id"],
        subject_id=row["subject_id"],
        slot=row["slot"],
        window_start=row["window_start"],
        window_end=row["window_end"],
        evaluated_at=row["evaluated_at"],
        outcome=row["outcome"],
        value=row["value"],
        dry_run=bool(row["dry_run"]),
        action=dict(row["action"]),
    )


class SqlAdDecisionLog(SqlRepository, AdDecisionLog):
    def _insert(self) -> Any:
        return pg_insert if self._dialect == "postgresql" else sqlite_insert

    async def claim_evaluation(self, evaluation: RuleEvaluation) -> bool:
        row = {
            "id": evaluation.id,
            "organization_id": evaluation.organization_id,
            "rule_id": evaluation.rule_id,
            "campaign_id": evaluation.campaign_id,
            "subject_id": evaluation.subject_id,
            "slot": evaluation.slot,
            "window_start": evaluation.window_start,
            "window_end": evaluation.window_end,
            "evaluated_at": evaluation.evaluated_at,
            "outcome": evaluation.outcome,
            "value": evaluation.value,
            "dry_run": evaluation.dry_run,
            "action": dict(evaluation.action),
        }
        statement = (
            self._insert()(ev)
            .values(row)
            .on_conflict_do_nothing(index_elements=["rule_id", "subject_id", "slot"])
            .returning(ev.c.id)
        )
        return (await self._execute(statement)).first() is not None

    async def update_action(self, evaluation_id: UUID, action: Mapping[str, Any]) -> None:
        await self._execute(update(ev).where(ev.c.id == evaluation_id).values(action=dict(action)))

    async def evaluations(
        self, organization_id: OrganizationId, rule_id: AdRuleId, *, limit: int = 100
    ) -> Sequence[RuleEvaluation]:
        result = await self._execute(
            select(ev)
            .where(ev.c.organization_id == organization_id, ev.c.rule_id == rule_id)
            .order_by(ev.c.evaluated_at.desc(), ev.c.id.desc())
            .limit(limit)
        )
        return [_evaluation_from(row) for row in result.mappings()]

    async def last_action_at(self, rule_id: AdRuleId, subject_id: UUID) -> datetime | None:
        result = await self._execute(
            select(ev.c.evaluated_at)
            .where(ev.c.rule_id == rule_id, ev.c.subject_id == subject_id, ev.c.outcome == _ACTED)
            .order_by(ev.c.evaluated_at.desc())
            .limit(1)
        )
        latest: datetime | None = result.scalar()
        return latest

    async def actions_since(self, rule_id: AdRuleId, since: datetime) -> int:
        result = await self._execute(
            select(func.count()).where(
                ev.c.rule_id == rule_id, ev.c.outcome == _ACTED, ev.c.evaluated_at >= since
            )
        )
        return int(result.scalar() or 0)

    async def claim_pacing(self, check: PacingCheck) -> bool:
        row = {
            "ad_set_id": check.ad_set_id,
            "slot": check.slot,
            "organization_id": check.organization_id,
            "campaign_id": check.campaign_id,
            "checked_at": check.checked_at,
            "state": check.state,
            "ratio": check.ratio,
            "action": dict(check.action),
        }
        statement = (
            self._insert()(pc)
            .values(row)
            .on_conflict_do_nothing(index_elements=["ad_set_id", "slot"])
            .returning(pc.c.slot)
        )
        return (await self._execute(statement)).first() is not None

    async def last_pacing(self, ad_set_id: AdSetId, before_slot: str) -> PacingCheck | None:
        result = await self._execute(
            select(pc)
            .where(pc.c.ad_set_id == ad_set_id, pc.c.slot < before_slot)
            .order_by(pc.c.slot.desc())
            .limit(1)
        )
        row = result.mappings().first()
        if row is None:
            return None
        return PacingCheck(
            organization_id=row["organization_id"],
            campaign_id=row["campaign_id"],
            ad_set_id=row["ad_set_id"],
            slot=row["slot"],
            checked_at=row["checked_at"],
            state=row["state"],
            ratio=row["ratio"],
            action=dict(row["action"]),
        )
