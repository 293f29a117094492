"""The scheduled reports' routes: a schedule made, read, changed (If-Match) and deleted; its
run delivered by the app's loop and fetched by the id report.ready names; another
organization's schedule and delivery answered 404, a viewer's change 403, bad input 422."""

from __future__ import annotations

import csv
import io
import uuid

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    assert_problem,
    create_brand,
)
from tests.unit.entrypoints.http.report_support import created_report_schedule, delivered_report

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]


def test_a_schedule_is_made_read_changed_and_deleted(
    shared_client: Client, shared_owner: Account
) -> None:
    brand = create_brand(shared_client, shared_owner, time_zone="Europe/Berlin")
    made = created_report_schedule(
        shared_client, shared_owner, brand["id"], cadence="daily", weekday=None, hour=7
    )
    assert made["time_zone"] == "Europe/Berlin"
    assert made["recipients"] == ["ana@acme.example"]
    assert made["version"] == 1
    url = f"{API}/report-schedules/{made['id']}"
    read = shared_client.get(url, headers=shared_owner.headers)
    assert read.status_code == 200
    assert read.headers["etag"] == '"1"'
    listed = shared_client.get(
        f"{API}/brands/{brand['id']}/analytics/report-schedules", headers=shared_owner.headers
    )
    assert [s["id"] for s in listed.json()["items"]] == [made["id"]]
    body = {"hour": 9, "file_format": "xlsx"}
    assert_problem(shared_client.patch(url, json=body, headers=shared_owner.headers), 428)
    changed = shared_client.patch(
        url, json=body, headers={**shared_owner.headers, "If-Match": '"1"'}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["hour"], changed.json()["file_format"]) == (9, "xlsx")
    stale = shared_client.patch(url, json=body, headers={**shared_owner.headers, "If-Match": '"1"'})
    assert_problem(stale, 412)
    gone = shared_client.delete(url, headers={**shared_owner.headers, "If-Match": '"2"'})
    assert gone.status_code == 204, gone.text
    assert_problem(shared_client.get(url, headers=shared_owner.headers), 404)


def test_a_delivered_run_is_fetched_by_its_id_as_a_file(
    shared_client: Client, shared_owner: Account, shared_other_owner: Account
) -> None:
    brand = create_brand(shared_client, shared_owner)
    delivery = delivered_report(shared_client, shared_owner, brand["id"])
    url = f"{API}/report-deliveries/{delivery}"
    fetched = shared_client.get(url, headers=shared_owner.headers)
    assert fetched.status_code == 200, fetched.text
    assert fetched.headers["content-type"].startswith("text/csv")
    assert fetched.headers["content-disposition"].startswith('attachment; filename="channels-')
    header = next(csv.reader(io.StringIO(fetched.text)))
    assert header[:2] == ["channel", "impressions"]
    assert_problem(shared_client.get(url, headers=shared_other_owner.headers), 404)
    missing = shared_client.get(
        f"{API}/report-deliveries/{uuid.uuid4()}", headers=shared_owner.headers
    )
    assert_problem(missing, 404)


def test_another_organization_a_viewer_and_bad_input_are_problems(
    shared_client: Client, shared_owner: Account, shared_other_owner: Account
) -> None:
    brand = create_brand(shared_client, shared_owner)
    made = created_report_schedule(shared_client, shared_owner, brand["id"])
    url = f"{API}/report-schedules/{made['id']}"
    other = shared_other_owner.headers
    assert_problem(shared_client.get(url, headers=other), 404)
    assert_problem(
        shared_client.patch(url, json={"hour": 1}, headers={**other, "If-Match": "*"}), 404
    )
    assert_problem(shared_client.delete(url, headers={**other, "If-Match": "*"}), 404)
    create = f"{API}/brands/{brand['id']}/analytics/report-schedules"
    assert_problem(shared_client.post(create, json={"kind": "channels"}, headers=other), 404)
    viewer = add_member(shared_client, shared_owner, Role.VIEWER)
    assert_problem(
        shared_client.patch(url, json={"hour": 1}, headers={**viewer.headers, "If-Match": "*"}),
        403,
    )
    assert shared_client.get(url, headers=viewer.headers).status_code == 200
    for body in (
        {"kind": "weather"},
        {"kind": "channels", "hour": 24},
        {"kind": "channels", "recipients": ["nobody"]},
        {"kind": "channels", "cadence": "weekly", "weekday": None, "recipients": ["a@b.example"]},
        {"kind": "channels"},  # nobody to tell: no recipient and no webhook
    ):
        assert_problem(shared_client.post(create, json=body, headers=shared_owner.headers), 422)
    unchanged = shared_client.get(url, headers=shared_owner.headers).json()
    assert unchanged["version"] == 1
