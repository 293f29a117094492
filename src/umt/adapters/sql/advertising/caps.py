"""The SQL BudgetCaps: one row per (organization, scope, currency); the organization's own
cap has the nil UUID as its scope; a cap has a daily or a lifetime maximum, or both."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from uuid import UUID

from sqlalchemy import RowMapping, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from umt.adapters.sql.advertising.tables import budget_caps as bc
from umt.adapters.sql.base import SqlRepository
from umt.domain.advertising.budget_cap import BudgetCap
from umt.domain.advertising.caps import SpendCaps
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.money import Money
from umt.ports.budget_caps import BudgetCaps

ORGANIZATION_SCOPE = UUID(int=0)


def _money(amount: Decimal | None, currency: str) -> Money | None:
    return None if amount is None else Money(amount, currency)


def _scope(brand_id: BrandId | None) -> UUID:
    return ORGANIZATION_SCOPE if brand_id is None else brand_id


class SqlBudgetCaps(SqlRepository, BudgetCaps):
    async def cap_for(
        self, organization_id: OrganizationId, brand_id: BrandId, currency: str
    ) -> SpendCaps | None:
        result = await self._execute(
            select(bc.c.scope_id, bc.c.daily, bc.c.lifetime).where(
                bc.c.organization_id == organization_id,
                bc.c.currency == currency,
                bc.c.scope_id.in_([brand_id, ORGANIZATION_SCOPE]),
            )
        )
        found = {row.scope_id: row for row in result.all()}
        row = found.get(brand_id, found.get(ORGANIZATION_SCOPE))
        if row is None:
            return None
        return SpendCaps(daily=_money(row.daily, currency), lifetime=_money(row.lifetime, currency))

    async def get(
        self, organization_id: OrganizationId, brand_id: BrandId | None, currency: str
    ) -> BudgetCap | None:
        result = await self._execute(
            select(bc).where(
                bc.c.organization_id == organization_id,
                bc.c.scope_id == _scope(brand_id),
                bc.c.currency == currency,
            )
        )
        row = result.mappings().first()
        return None if row is None else self._tracker.track(_cap(row))

    async def put(self, cap: BudgetCap) -> None:
        insert = pg_insert if self._dialect == "postgresql" else sqlite_insert
        values = {
            "organization_id": cap.organization_id,
            "scope_id": _scope(cap.brand_id),
            "currency": cap.currency,
            "daily": None if cap.daily is None else cap.daily.amount,
            "lifetime": None if cap.lifetime is None else cap.lifetime.amount,
            "updated_at": cap.updated_at,
        }
        statement = insert(bc).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=["organization_id", "scope_id", "currency"],
            set_={
                "daily": values["daily"],
                "lifetime": values["lifetime"],
                "updated_at": values["updated_at"],
            },
        )
        await self._execute(statement)
        self._tracker.track(cap)

    async def remove(self, cap: BudgetCap) -> None:
        await self._execute(
            delete(bc).where(
                bc.c.organization_id == cap.organization_id,
                bc.c.scope_id == _scope(cap.brand_id),
                bc.c.currency == cap.currency,
            )
        )
        self._tracker.track(cap)

    async def list(self, organization_id: OrganizationId) -> Sequence[BudgetCap]:
        result = await self._execute(
            select(bc)
            .where(bc.c.organization_id == organization_id)
            .order_by(bc.c.scope_id, bc.c.currency)
        )
        return [_cap(row) for row in result.mappings()]


def _cap(row: RowMapping) -> BudgetCap:
    return BudgetCap(
        organization_id=row["organization_id"],
        brand_id=None if row["scope_id"] == ORGANIZATION_SCOPE else row["scope_id"],
        daily=_money(row["daily"], row["currency"]),
        lifetime=_money(row["lifetime"], row["currency"]),
        updated_at=row["updated_at"],
    )
