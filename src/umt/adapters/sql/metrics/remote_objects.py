"""SQL remote-object index: ``INSERT ... ON CONFLICT DO NOTHING`` on (account, remote id)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, RowMapping, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.metrics.tables import remote_objects
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId
from umt.domain.shared.metrics import SubjectKind
from umt.ports.remote_objects import RemoteObject, RemoteObjectIndex


def remote_object_from_row(row: RowMapping) -> RemoteObject:
    return RemoteObject(
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        channel_account_id=row["channel_account_id"],
        subject_kind=SubjectKind(row["subject_kind"]),
        subject_id=row["subject_id"],
        remote_id=row["remote_id"],
    )


class SqlRemoteObjectIndex(SqlRepository, RemoteObjectIndex):
    """The database decides what is new, also against a concurrent writer of the same id."""

    async def remember(
        self,
        *,
        organization_id: OrganizationId,
        brand_id: BrandId,
        channel_account_id: ChannelAccountId,
        subject_kind: SubjectKind,
        subject_id: UUID,
        remote_id: str,
    ) -> bool:
        row = {
            "channel_account_id": channel_account_id,
            "remote_id": remote_id,
            "organization_id": organization_id,
            "brand_id": brand_id,
            "subject_kind": subject_kind.value,
            "subject_id": subject_id,
        }
        insert: Any = pg_insert if self._dialect == "postgresql" else sqlite_insert
        statement = (
            insert(remote_objects)
            .values(row)
            .on_conflict_do_nothing(index_elements=("channel_account_id", "remote_id"))
            .returning(remote_objects.c.remote_id)
        )
        result = await self._execute(statement)
        if result.first() is not None:
            return True
        existing = await self._get(channel_account_id, remote_id)
        if existing is None or existing.organization_id != organization_id:
            raise Conflict(f"the remote id {remote_id!r} belongs to another account")
        if (existing.subject_kind, existing.subject_id) != (subject_kind, subject_id):
            raise Conflict(
                f"the remote id {remote_id!r} already stands for {existing.subject_kind} "
                f"{existing.subject_id}"
            )
        return False

    async def lookup(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        remote_id: str,
    ) -> RemoteObject | None:
        found = await self._get(channel_account_id, remote_id)
        return None if found is None or found.organization_id != organization_id else found

    async def remote_ids(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        *,
        subject_kinds: frozenset[SubjectKind] | None = None,
    ) -> Sequence[str]:
        query = select(remote_objects.c.remote_id).where(
            remote_objects.c.channel_account_id == channel_account_id,
            remote_objects.c.organization_id == organization_id,
        )
        if subject_kinds is not None:
            query = query.where(
                remote_objects.c.subject_kind.in_(sorted(k.value for k in subject_kinds))
            )
        result = await self._execute(query.order_by(self._by_remote_id()))
        return list(result.scalars())

    async def of_account(
        self, organization_id: OrganizationId, channel_account_id: ChannelAccountId
    ) -> Sequence[RemoteObject]:
        result = await self._execute(
            select(remote_objects)
            .where(
                remote_objects.c.channel_account_id == channel_account_id,
                remote_objects.c.organization_id == organization_id,
            )
            .order_by(self._by_remote_id())
        )
        return [remote_object_from_row(row) for row in result.mappings()]

    async def of_subject(
        self, organization_id: OrganizationId, subject_kind: SubjectKind, subject_id: UUID
    ) -> Sequence[RemoteObject]:
        result = await self._execute(
            select(remote_objects)
            .where(
                remote_objects.c.organization_id == organization_id,
                remote_objects.c.subject_kind == subject_kind.value,
                remote_objects.c.subject_id == subject_id,
            )
            .order_by(remote_objects.c.channel_account_id, self._by_remote_id())
        )
        return [remote_object_from_row(row) for row in result.mappings()]

    def _by_remote_id(self) -> ColumnElement[str]:
        """Remote ids by code point, as Python sorts them (not by the database's locale)."""
        collation = "C" if self._dialect == "postgresql" else "BINARY"
        return remote_objects.c.remote_id.collate(collation)

    async def _get(self, channel_account_id: UUID, remote_id: str) -> RemoteObject | None:
        result = await self._execute(
            select(remote_objects).where(
                remote_objects.c.channel_account_id == channel_account_id,
                remote_objects.c.remote_id == remote_id,
            )
        )
        row = result.mappings().first()
        return None if row is None else remote_object_from_row(row)
