"""Bulk import: every valid row scheduled in one go, each bad row reported with its line,
field and reason (conflicts between rows of the same import included); an unreadable import
is refused whole and changes nothing."""

from __future__ import annotations

import pytest
from tests.unit.application.helpers import add_member
from tests.unit.application.publishing.publishing_support import approved_piece, channel_account

from umt.adapters.memory.store import InMemoryStore
from umt.application.bus import MessageBus
from umt.application.content.content_queries import GetContent
from umt.application.principal import Principal
from umt.application.publishing.import_publications import ImportPublications, ImportReport
from umt.domain.content.piece import ContentStatus
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import InvalidValue, PermissionDenied


async def run(bus: MessageBus, actor: Principal, **fields: object) -> ImportReport:
    report: ImportReport = await bus.execute(ImportPublications(**fields), actor)
    return report


async def test_csv_rows_are_scheduled_and_bad_ones_reported(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)
    account = await channel_account(store, piece, min_spacing_minutes=60)
    header = "content_id,channel_account_id,local_time,time_zone,at,first_comment\n"
    lines = [
        f"{piece.id},{account.id},2026-03-02T09:00:00,Europe/Berlin,,Tell us!",  # 1: ok
        f"{piece.id},{account.id},2026-03-02T09:30:00,Europe/Berlin,,",  # 2: 30 min after 1
        f"{piece.id},{account.id},,,2026-03-02T12:00:00Z,",  # 3: ok, an instant
        f"{piece.id},{account.id},,,2020-01-01T00:00:00Z,",  # 4: the past
        f"{piece.id},not-a-uuid,,,2026-03-03T12:00:00Z,",  # 5: a bad id
        f"{piece.id},{account.id},2026-03-04T09:00:00,Mars/Olympus,,",  # 6: unknown zone
    ]
    report = await run(bus, owner, csv=header + "\n".join(lines) + "\n")
    assert [p.due_at.isoformat() for p in report.scheduled] == [
        "2026-03-02T08:00:00+00:00",
        "2026-03-02T12:00:00+00:00",
    ]
    assert report.scheduled[0].first_comment == "Tell us!"
    assert [(r.row, r.field, r.code) for r in report.rejected] == [
        (2, "at", "min_spacing"),
        (4, "at", "publication_invalid"),
        (5, "channel_account_id", "invalid_value"),
        (6, "time_zone", "invalid_value"),
    ]
    assert set(store.publications) == {p.id for p in report.scheduled}
    content = await bus.execute(GetContent(content_id=piece.id), owner)
    assert content.status is ContentStatus.SCHEDULED


async def test_json_rows_report_unapproved_content_and_foreign_accounts(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(bus, owner)
    other = await approved_piece(bus, owner)  # another brand's piece
    account = await channel_account(store, piece)
    rows = [
        {
            "content_id": str(piece.id),
            "channel_account_id": str(account.id),
            "at": "2026-03-05T09:00Z",
        },
        {
            "content_id": str(other.id),
            "channel_account_id": str(account.id),
            "at": "2026-03-05T10:00Z",
        },
        {
            "content_id": str(piece.id),
            "channel_account_id": str(account.id),
            "at": "2026-03-05T11:00Z",
            "first_comment": 7,
        },
    ]
    report = await run(bus, owner, rows=rows)
    assert len(report.scheduled) == 1
    assert [(r.row, r.code) for r in report.rejected] == [
        (2, "account_not_publishable"),
        (3, "invalid_value"),
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"csv": "content_id,channel_account_id,colour\n1,2,red\n"},  # unknown column
        {"csv": "content_id,at\n1,2\n"},  # a required column missing
        {"csv": "content_id,channel_account_id\n"},  # no rows
        {"csv": "content_id,channel_account_id\n" + "a,b\n" * 501},  # too many rows
        {"csv": "x" * 500_001},
        {"rows": []},
        {"rows": ["not an object"]},
        {},
    ],
)
async def test_an_unreadable_import_is_refused_whole(
    bus: MessageBus, owner: Principal, store: InMemoryStore, fields: dict[str, object]
) -> None:
    with pytest.raises(InvalidValue):
        await run(bus, owner, **fields)
    assert store.publications == {}


async def test_importing_needs_publishing_manage(bus: MessageBus, owner: Principal) -> None:
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await run(bus, viewer, rows=[{"content_id": "x", "channel_account_id": "y"}])
