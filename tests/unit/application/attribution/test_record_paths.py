"""RecordConversionPaths: JSON batches and CSV uploads, all-or-nothing with every bad value
listed, idempotent by path key, scoped to the organization's brands and its permission."""

from __future__ import annotations

from uuid import UUID

import pytest
from tests.unit.application.attribution.attribution_support import brand_of, json_path, touch
from tests.unit.application.helpers import add_member

from umt.application.attribution.path_rows import MAX_BATCH_PATHS
from umt.application.attribution.record_paths import PathsRecorded, RecordConversionPaths
from umt.application.attribution.report import GetAttributionReport
from umt.application.attribution.views import AttributionReport
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.attribution.errors import PathsRejected
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied

ORDER = json_path(
    "order-1",
    touch("LinkedIn", "2026-03-01T09:00:00Z", campaign="spring"),
    touch("email", "2026-03-02T09:00:00+01:00"),
    at="2026-03-02T10:00:00Z",
    value="49.90",
)
LOST = json_path("visit-2", touch("x", "2026-03-01T12:00:00Z"), at=None)


async def record(bus: MessageBus, actor: Principal, brand_id: UUID, **kw: object) -> PathsRecorded:
    return await bus.ask(RecordConversionPaths(brand_id=brand_id, **kw), PathsRecorded, actor)


async def report(bus: MessageBus, actor: Principal, brand_id: UUID) -> AttributionReport:
    query = GetAttributionReport(brand_id=brand_id, start="2026-03-01", end="2026-03-31")
    return await bus.ask(query, AttributionReport, actor)


async def test_a_batch_is_stored_and_a_resent_one_changes_nothing(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    assert await record(bus, owner, brand.id, paths=[ORDER, LOST]) == PathsRecorded(2, 0)
    assert await record(bus, owner, brand.id, paths=[ORDER, LOST, ORDER]) == PathsRecorded(0, 2)
    found = await report(bus, owner, brand.id)
    assert (found.paths, found.unconverted_paths, found.value) == (1, 1, 49.9)
    assert {row.key for row in found.rows} == {"linkedin", "email", "x"}


async def test_every_bad_value_is_listed_and_nothing_is_stored(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    bad = [
        ORDER,
        json_path("", touch("", "yesterday"), at="2026-03-02T10:00:00"),
        json_path(
            "late",
            touch("a", "2026-03-02T09:00:00Z"),
            touch("b", "2026-03-01T09:00:00Z"),
            at="2026-03-03T09:00:00Z",
            value="-1",
        ),
        json_path("k", touch("a", "2026-03-02T09:00:00Z"), at=None, value="5"),
        {"path_key": "x", "touchpoints": [], "converted_at": None, "extra": 1},
    ]
    with pytest.raises(PathsRejected) as caught:
        await record(bus, owner, brand.id, paths=bad)
    assert [p.field for p in caught.value.problems] == [
        "paths[1].path_key",
        "paths[1].touchpoints[0].at",
        "paths[1].converted_at",
        "paths[2].value",
        "paths[3].value",
        "paths[4]",  # an unknown field: the path is not read further
    ]
    assert (await report(bus, owner, brand.id)).paths == 0


async def test_touchpoints_out_of_order_are_refused_naming_the_touchpoint(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    late = json_path(
        "late", touch("a", "2026-03-02T09:00:00Z"), touch("b", "2026-03-01T09:00:00Z"), at=None
    )
    with pytest.raises(PathsRejected) as caught:
        await record(bus, owner, brand.id, paths=[late])
    assert [p.field for p in caught.value.problems] == ["paths[0].touchpoints[1].at"]


async def test_a_key_stored_with_other_touchpoints_is_refused(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    await record(bus, owner, brand.id, paths=[ORDER])
    changed = {**ORDER, "value": "50.00"}
    with pytest.raises(PathsRejected) as caught:
        await record(bus, owner, brand.id, paths=[LOST, changed])
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("paths[1].path_key", "the path key is stored already with other touchpoints")
    ]
    with pytest.raises(PathsRejected, match="given twice"):
        await record(
            bus, owner, brand.id, paths=[LOST, {**LOST, "converted_at": "2026-03-05T00:00:00Z"}]
        )
    assert (await report(bus, owner, brand.id)).unconverted_paths == 0


CSV = """path_key,touched_at,channel,campaign,content,converted_at,value
order-7,2026-03-02T09:00:00Z,email,spring,,2026-03-02T10:00:00Z,20
order-7,2026-03-01T09:00:00Z,linkedin,spring,post-1,,
visit-8,2026-03-03T09:00:00Z,x,,,,
"""


async def test_a_csv_upload_groups_its_rows_by_path_in_time_order(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    assert await record(bus, owner, brand.id, csv=CSV) == PathsRecorded(2, 0)
    assert await record(bus, owner, brand.id, csv=CSV) == PathsRecorded(0, 2)
    found = await report(bus, owner, brand.id)
    first_touch = {r.key: r.credits["first_touch"].conversions for r in found.rows}
    assert first_touch == {"linkedin": 1.0, "email": 0.0, "x": 0.0}
    assert found.value == 20.0


async def test_bad_csv_cells_are_listed_by_row(bus: MessageBus, owner: Principal) -> None:
    brand = await brand_of(bus, owner)
    text = """path_key,touched_at,channel,converted_at,value
a,2026-03-01T09:00:00Z,email,2026-03-01T10:00:00Z,10
a,2026-03-01T08:00:00Z,x,2026-03-01T11:00:00Z,10
b,not a time,,,
c,2026-03-01T09:00:00Z,email,,7
"""
    with pytest.raises(PathsRejected) as caught:
        await record(bus, owner, brand.id, csv=text)
    assert [p.field for p in caught.value.problems] == [
        "rows[2].converted_at",
        "rows[3].touched_at",
        "rows[4].value",
    ]


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("path_key,touched_at,channel,colour\n", "unknown column"),
        ("path_key,channel\n", "lacks touched_at"),
        ("path_key,touched_at,channel\n", "no rows"),
    ],
)
async def test_an_unreadable_csv_is_refused_whole(
    bus: MessageBus, owner: Principal, csv: str, message: str
) -> None:
    brand = await brand_of(bus, owner)
    with pytest.raises(InvalidValue, match=message):
        await record(bus, owner, brand.id, csv=csv)


async def test_sizes_and_the_choice_of_input_are_bounded(bus: MessageBus, owner: Principal) -> None:
    brand = await brand_of(bus, owner)
    with pytest.raises(InvalidValue, match="either paths or csv"):
        await record(bus, owner, brand.id)
    with pytest.raises(InvalidValue, match=f"1 to {MAX_BATCH_PATHS}"):
        await record(bus, owner, brand.id, paths=[LOST] * (MAX_BATCH_PATHS + 1))


async def test_another_organizations_brand_is_not_found_and_a_viewer_may_not_record(
    bus: MessageBus, owner: Principal, other_owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    with pytest.raises(NotFound):
        await record(bus, other_owner, brand.id, paths=[ORDER])
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    analyst = await add_member(bus, owner, "analyst@acme.example", Role.ANALYST)
    with pytest.raises(PermissionDenied):
        await record(bus, viewer, brand.id, paths=[ORDER])
    assert await record(bus, analyst, brand.id, paths=[ORDER]) == PathsRecorded(1, 0)
    assert (await report(bus, viewer, brand.id)).paths == 1
