"""The report routes: a content report read from the rollups a batch made (beside the
previous period), the same report as an agent task, and bad queries, another organization's
brand and an unknown kind answered as problems."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.agents.test_jobs import finished_job
from tests.unit.entrypoints.http.analytics.test_analytics_routes import rows
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, create_brand

from umt.entrypoints.http.analytics.report_examples import REPORT_200

Client = TestClient[Litestar]


def brand_with_a_post(client: Client, owner: Account) -> tuple[str, str]:
    """A brand (UTC) whose post had 100 impressions two days ago, 130 yesterday, 190 today."""
    brand = create_brand(client, owner)
    post = str(uuid.uuid4())
    url = f"{API}/brands/{brand['id']}/analytics/samples"
    stored = client.post(url, json={"samples": rows(post, 100, 130, 190)}, headers=owner.headers)
    assert stored.status_code == 200, stored.text
    return brand["id"], post


def test_the_content_report_beside_the_previous_period(
    shared_client: Client, shared_owner: Account
) -> None:
    brand, post = brand_with_a_post(shared_client, shared_owner)
    today = datetime.now(UTC).date()
    params = {"from": str(today - timedelta(days=1)), "to": str(today)}
    response = shared_client.get(
        f"{API}/brands/{brand}/analytics/reports/content",
        params=params,
        headers=shared_owner.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["kind"] == "content"
    assert body["previous"] == {
        "from": str(today - timedelta(days=3)),
        "to": str(today - timedelta(days=2)),
    }
    assert body["dimensions"] == ["subject_kind", "subject_id", "channel"]
    (only,) = body["rows"]
    assert only["labels"] == {
        "subject_kind": "publication",
        "subject_id": post,
        "channel": "linkedin",
    }
    # 30 + 60 in the period, 100 (the first reading, from zero) before it
    assert only["figures"]["impressions"] == {"value": "90", "previous": "100", "change": "-0.1"}
    assert only["figures"]["engagement_rate"] == {"value": "0", "previous": "0", "change": None}
    assert body["totals"]["impressions"]["value"] == "90"
    assert body["truncated"] is False


def test_the_report_as_an_agent_task(shared_client: Client, shared_owner: Account) -> None:
    brand, _ = brand_with_a_post(shared_client, shared_owner)
    task = {"task_type": "analytics.report", "input": {"brand_id": brand, "kind": "channels"}}
    accepted = shared_client.post(f"{API}/jobs", json=task, headers=shared_owner.headers)
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["agent"] == "content-strategy"
    job = finished_job(shared_client, shared_owner, accepted.json()["id"])
    assert job["status"] == "succeeded", job
    (linkedin,) = job["result"]["rows"]
    assert linkedin["labels"] == {"channel": "linkedin"}
    assert linkedin["figures"]["impressions"]["value"] == "190"


def test_bad_report_queries_are_problems(
    shared_client: Client, shared_owner: Account, shared_other_owner: Account
) -> None:
    brand, _ = brand_with_a_post(shared_client, shared_owner)
    url = f"{API}/brands/{brand}/analytics/reports"
    headers = shared_owner.headers
    assert_problem(shared_client.get(f"{url}/weather", headers=headers), 404)
    for params in (
        {"from": "2026-03-02", "to": "2026-03-01"},
        {"from": "2024-01-01", "to": "2026-03-01"},
        {"from": "yesterday"},
        {"limit": "0"},
        {"limit": "5000"},
    ):
        assert_problem(shared_client.get(f"{url}/content", params=params, headers=headers), 422)
    foreign = shared_client.get(f"{url}/content", headers=shared_other_owner.headers)
    assert_problem(foreign, 404)
    missing = shared_client.get(
        f"{API}/brands/{uuid.uuid4()}/analytics/reports/content", headers=headers
    )
    assert_problem(missing, 404)


def test_the_openapi_example_shows_a_null_cpa_without_conversions() -> None:
    (example,) = REPORT_200.examples or ()
    spring, teaser = example.value["rows"]
    assert spring["figures"]["roas"]["value"] == "4"  # 1600 / 400
    assert spring["figures"]["cpa"] == {"value": "12.5", "previous": "16", "change": "-0.21875"}
    assert teaser["figures"]["cpa"]["value"] is None


def test_a_report_as_csv_by_format_and_as_xlsx_by_accept(
    shared_client: Client, shared_owner: Account
) -> None:
    brand, post = brand_with_a_post(shared_client, shared_owner)
    today = datetime.now(UTC).date()
    url = f"{API}/brands/{brand}/analytics/reports/content"
    params = {"from": str(today - timedelta(days=1)), "to": str(today), "format": "csv"}
    as_csv = shared_client.get(url, params=params, headers=shared_owner.headers)
    assert as_csv.status_code == 200, as_csv.text
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    name = f"content-{today - timedelta(days=1)}-{today}.csv"
    assert as_csv.headers["content-disposition"] == f'attachment; filename="{name}"'
    header, row, total = list(csv.reader(io.StringIO(as_csv.text)))
    assert header[:6] == [
        "subject_kind",
        "subject_id",
        "channel",
        "impressions",
        "impressions_previous",
        "impressions_change",
    ]
    assert row[:6] == ["publication", post, "linkedin", "90", "100", "-0.1"]
    assert total[:6] == ["total", "", "", "90", "100", "-0.1"]

    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    del params["format"]
    as_xlsx = shared_client.get(
        url, params=params, headers={**shared_owner.headers, "Accept": f"{xlsx}, */*;q=0.1"}
    )
    assert as_xlsx.status_code == 200, as_xlsx.text
    assert as_xlsx.headers["content-type"] == xlsx
    assert as_xlsx.headers["content-disposition"].endswith('.xlsx"')
    assert zipfile.ZipFile(io.BytesIO(as_xlsx.content)).read("xl/workbook.xml")
    # JSON first in Accept, or no Accept: JSON
    plain = shared_client.get(
        url, params=params, headers={**shared_owner.headers, "Accept": f"application/json, {xlsx}"}
    )
    assert plain.json()["kind"] == "content"


def test_a_bad_format_or_a_foreign_export_is_a_problem(
    shared_client: Client, shared_owner: Account, shared_other_owner: Account
) -> None:
    brand, _ = brand_with_a_post(shared_client, shared_owner)
    url = f"{API}/brands/{brand}/analytics/reports/campaigns"
    bad = shared_client.get(url, params={"format": "pdf"}, headers=shared_owner.headers)
    assert_problem(bad, 422)
    foreign = shared_client.get(url, params={"format": "csv"}, headers=shared_other_owner.headers)
    assert_problem(foreign, 404)
