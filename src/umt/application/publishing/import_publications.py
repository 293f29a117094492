"""ImportPublications: many publications at once, from CSV or JSON, with a report per row.

Every row is checked as ``SchedulePublication`` checks one account (approved version, account
of the brand, a time in the future, a compliant rendering, the calendar's conflicts, including
those between rows of the same import). The valid rows are scheduled together, in one
transaction; each refused row is listed with its line, field, code and reason, and schedules
nothing. A request that cannot be read as rows at all (too big, an unknown column) is refused
whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.principal import Principal
from umt.application.publishing.conflicts import PublicationConflicts, Slot, conflicts_of
from umt.application.publishing.content_status import refresh_content_status
from umt.application.publishing.import_rows import ImportRow, csv_rows, json_rows
from umt.application.publishing.planning import (
    approved_content,
    approved_version,
    new_publication,
    publishable_account,
    rendered_for,
)
from umt.application.publishing.timing import grace_of, missed_policy_of, planned_time, uuid_of
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.content.piece import ContentPiece
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.publication import Publication
from umt.domain.shared.errors import DomainError, InvalidValue
from umt.domain.shared.ids import ChannelAccountId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportPublications:
    use_case: ClassVar = UseCase(
        Permission.PUBLISHING_MANAGE, task="publication.import", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    csv: str | None = None  # CSV text with a header line ...
    rows: Sequence[Mapping[str, Any]] | None = None  # ... or the rows as JSON objects


@dataclass(frozen=True, slots=True)
class RowRejection:
    row: int  # 1-based
    field: str | None
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    scheduled: tuple[Publication, ...]
    rejected: tuple[RowRejection, ...]


async def import_publications(
    cmd: ImportPublications, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> ImportReport:
    actor = ctx.actor()
    actor.require(ImportPublications.use_case.permission)
    if (cmd.csv is None) == (cmd.rows is None):
        raise InvalidValue("give either csv or rows", field="csv")
    rows = csv_rows(cmd.csv) if cmd.csv is not None else json_rows(cmd.rows or ())
    now = clock.now()
    scheduled: list[Publication] = []
    rejected: list[RowRejection] = []
    async with ctx.uow as uow:
        importer = _Importer(uow, actor, ids, now)
        for row in rows:
            try:
                scheduled.append(await importer.schedule(row))
            except PublicationConflicts as exc:
                rejected += [
                    RowRejection(row.number, c.field, c.code, c.message) for c in exc.conflicts
                ]
            except DomainError as exc:
                rejected.append(RowRejection(row.number, exc.field, exc.code, exc.message))
        for publication in scheduled:
            await uow.publications.add(publication)
        for piece in importer.pieces.values():
            await refresh_content_status(
                uow, piece.organization_id, piece.id, now=now, changed=scheduled, piece=piece
            )
        await uow.commit()
    return ImportReport(tuple(scheduled), tuple(rejected))


class _Importer:
    """Schedules rows one by one in one transaction, remembering what it loaded and the slots
    the rows before took on each account."""

    def __init__(self, uow: UnitOfWork, actor: Principal, ids: IdGenerator, now: datetime) -> None:
        self._uow, self._actor, self._ids, self._now = uow, actor, ids, now
        self.pieces: dict[UUID, ContentPiece] = {}
        self._pending: dict[UUID, list[Slot]] = {}

    async def schedule(self, row: ImportRow) -> Publication:
        v = row.values
        content_id = uuid_of(v.get("content_id"), "content_id")
        account_id = uuid_of(v.get("channel_account_id"), "channel_account_id")
        version_id = v.get("version_id")
        grace = grace_of(_integer(v.get("grace_seconds")))
        policy = missed_policy_of(v.get("missed_policy"))
        piece = self.pieces.get(content_id)
        if piece is None:
            piece, _ = await approved_content(self._uow, self._actor, content_id, None)
        version = approved_version(
            piece, None if version_id is None else uuid_of(version_id, "version_id")
        )
        self.pieces.setdefault(piece.id, piece)
        brand = await brand_summary(self._uow, self._actor, piece.brand_id)
        account = await publishable_account(
            self._uow, piece, ChannelAccountId(account_id), field="channel_account_id"
        )
        plan = planned_time(
            at=v.get("at"),
            local_time=v.get("local_time"),
            time_zone=v.get("time_zone"),
            default_zone=account.time_zone,
        )
        comment = v.get("first_comment")
        if comment is not None and not isinstance(comment, str):
            raise InvalidValue("first_comment is text", field="first_comment")
        rendered = rendered_for(piece, version, account, brand.voice, comment)
        pending = self._pending.setdefault(account.id, [])
        conflicts = await conflicts_of(
            self._uow,
            account,
            plan.due_at,
            field="at",
            pending=pending,
            blackout_dates=brand.blackout_dates,
        )
        if conflicts:
            raise PublicationConflicts(conflicts)
        publication = new_publication(
            self._ids.new_id(),
            piece=piece,
            version=version,
            account=account,
            plan=plan,
            rendered=rendered,
            now=self._now,
            grace=grace,
            missed_policy=policy,
        )
        pending.append(Slot(publication.due_at, publication.id))
        return publication


def _integer(value: Any) -> int | None:
    if value is None or isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError:
        raise InvalidValue("grace_seconds is a whole number", field="grace_seconds") from None
