"""The generation usage ledger in SQL; month totals are GROUP BY queries over the ledger.

``reserve`` runs one short transaction: on PostgreSQL it first takes a transaction-scoped
advisory lock on the organization, so concurrent reservations of one organization queue up;
on SQLite the reservation row is inserted first, which takes the database's write lock for the
rest of the transaction. Either way the usage sum that follows sees every earlier reservation,
and a reservation that would start past the limit is rolled back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, case, delete, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite

from umt.adapters.sql.asyncio_package import AsyncConnection, AsyncEngine
from umt.adapters.sql.content.tables import generation_budgets as budgets
from umt.adapters.sql.content.tables import generation_usage as usage
from umt.adapters.sql.engine import translate_errors
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.content.budget import GenerationBudget, MonthWindow
from umt.domain.shared.ids import OrganizationId
from umt.ports.generation_usage import (
    GenerationUsage,
    ModelUsage,
    ReserveOutcome,
    UsageEntry,
    UsageTotals,
)


def _row(entry: UsageEntry, hold_until: datetime | None) -> dict[str, Any]:
    return {
        "id": entry.id,
        "organization_id": entry.organization_id,
        "user_id": entry.user_id,
        "agent": entry.agent,
        "adapter": entry.adapter,
        "model": entry.model,
        "prompt_version": entry.prompt_version,
        "input_tokens": entry.input_tokens,
        "output_tokens": entry.output_tokens,
        "cost_micros": entry.cost_micros,
        "latency_ms": entry.latency_ms,
        "cached": entry.cached,
        "at": entry.at,
        "hold_until": hold_until,
    }


def _lock_key(organization_id: UUID) -> int:
    return int.from_bytes(organization_id.bytes[:8], "big", signed=True)


class SqlGenerationUsage(GenerationUsage):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._postgres = engine.dialect.name == "postgresql"
        self._insert = postgresql.insert if self._postgres else sqlite.insert

    async def reserve(
        self,
        estimate: UsageEntry,
        *,
        budget: GenerationBudget,
        window: MonthWindow,
        now: datetime,
        hold_until: datetime,
    ) -> ReserveOutcome:
        async with translate_errors("reserving generation budget"):
            connection = await self._engine.connect()
            pg: PgTransaction | None = None
            try:
                if self._postgres:
                    connection, pg = await PgTransaction.begin(connection)
                    await connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"),
                        {"key": _lock_key(estimate.organization_id)},
                    )
                else:
                    await connection.begin()
                await connection.execute(usage.insert().values(_row(estimate, hold_until)))
                tokens, cost = await self._live_usage(connection, estimate, window, now)
                exhausted = budget.exhausted_by(tokens=tokens, cost_micros=cost)
                if exhausted is None:
                    await (pg.commit() if pg is not None else connection.commit())
                    return ReserveOutcome(granted=True)
                await (pg.rollback() if pg is not None else connection.rollback())
                return ReserveOutcome(granted=False, exhausted=exhausted)
            except BaseException:
                if pg is not None and not pg.finished:
                    await connection.invalidate()  # never pool a connection mid-transaction
                raise
            finally:
                await connection.close()

    async def _live_usage(
        self,
        connection: AsyncConnection,
        estimate: UsageEntry,
        window: MonthWindow,
        now: datetime,
    ) -> tuple[int, int]:
        """Tokens and cost of the window before this reservation: settled entries and the
        reservations still held, excluding the one being made."""
        row = (
            await connection.execute(
                select(
                    func.coalesce(func.sum(usage.c.input_tokens + usage.c.output_tokens), 0),
                    func.coalesce(func.sum(usage.c.cost_micros), 0),
                ).where(
                    usage.c.organization_id == estimate.organization_id,
                    usage.c.at >= window.start,
                    usage.c.at < window.end,
                    usage.c.id != estimate.id,
                    or_(usage.c.hold_until.is_(None), usage.c.hold_until > now),
                )
            )
        ).one()
        return int(row[0]), int(row[1])

    async def settle(self, actual: UsageEntry) -> None:
        values = _row(actual, None)
        statement = self._insert(usage).values(values)
        upsert = statement.on_conflict_do_update(
            index_elements=[usage.c.id],
            set_={k: statement.excluded[k] for k in values if k != "id"},
            where=usage.c.organization_id == actual.organization_id,
        )
        async with translate_errors("settling generation usage"), self._engine.begin() as c:
            await c.execute(upsert)

    async def release(self, organization_id: OrganizationId, reservation_id: UUID) -> None:
        async with translate_errors("releasing generation budget"), self._engine.begin() as c:
            await c.execute(
                delete(usage).where(
                    usage.c.id == reservation_id,
                    usage.c.organization_id == organization_id,
                    usage.c.hold_until.is_not(None),
                )
            )

    async def record(self, entry: UsageEntry) -> None:
        async with translate_errors("recording generation usage"), self._engine.begin() as c:
            await c.execute(usage.insert().values(_row(entry, None)))

    async def totals(self, organization_id: OrganizationId, window: MonthWindow) -> UsageTotals:
        cost = func.sum(usage.c.cost_micros)
        calls = func.count()
        query = (
            select(
                usage.c.model,
                calls,
                func.sum(case((usage.c.cached, 1), else_=0)),
                func.sum(usage.c.input_tokens),
                func.sum(usage.c.output_tokens),
                cost,
            )
            .where(
                and_(
                    usage.c.organization_id == organization_id,
                    usage.c.at >= window.start,
                    usage.c.at < window.end,
                    usage.c.hold_until.is_(None),
                )
            )
            .group_by(usage.c.model)
            .order_by(cost.desc(), calls.desc(), usage.c.model)
        )
        async with translate_errors("reading generation usage"), self._engine.connect() as c:
            rows = (await c.execute(query)).all()
        per_model = tuple(
            ModelUsage(
                model=row[0],
                calls=int(row[1]),
                cached_calls=int(row[2] or 0),
                input_tokens=int(row[3] or 0),
                output_tokens=int(row[4] or 0),
                cost_micros=int(row[5] or 0),
            )
            for row in rows
        )
        return UsageTotals(
            calls=sum(m.calls for m in per_model),
            cached_calls=sum(m.cached_calls for m in per_model),
            input_tokens=sum(m.input_tokens for m in per_model),
            output_tokens=sum(m.output_tokens for m in per_model),
            cost_micros=sum(m.cost_micros for m in per_model),
            per_model=per_model,
        )

    async def get_budget(self, organization_id: OrganizationId) -> GenerationBudget | None:
        query = select(budgets.c.token_limit, budgets.c.cost_limit_micros).where(
            budgets.c.organization_id == organization_id
        )
        async with translate_errors("reading a generation budget"), self._engine.connect() as c:
            row = (await c.execute(query)).first()
        if row is None:
            return None
        return GenerationBudget(token_limit=row[0], cost_limit_micros=row[1])

    async def set_budget(
        self, organization_id: OrganizationId, budget: GenerationBudget | None, *, at: datetime
    ) -> None:
        async with translate_errors("setting a generation budget"), self._engine.begin() as c:
            if budget is None:
                await c.execute(delete(budgets).where(budgets.c.organization_id == organization_id))
                return
            values = {
                "organization_id": organization_id,
                "token_limit": budget.token_limit,
                "cost_limit_micros": budget.cost_limit_micros,
                "updated_at": at,
            }
            statement = self._insert(budgets).values(values)
            await c.execute(
                statement.on_conflict_do_update(
                    index_elements=[budgets.c.organization_id],
                    set_={k: statement.excluded[k] for k in values if k != "organization_id"},
                )
            )
