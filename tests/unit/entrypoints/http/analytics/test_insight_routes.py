"""The insights routes: an anomaly detected over HTTP (once), listed with filters and pages,
read with the rollup rows behind it, acknowledged and dismissed (If-Match: 412 when stale);
the performers; alert rules' CRUD with ETag/If-Match and their bound; 403, 404 and 422; the
same detection as an agent task."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.agents.test_jobs import finished_job
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    assert_problem,
    create_brand,
)
from tests.unit.entrypoints.http.insight_helpers import alert_rule_body, anomaly_rows

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]


def analytics_of(client: Client, owner: Account) -> str:
    brand = create_brand(client, owner)  # UTC
    return f"{API}/brands/{brand['id']}/analytics"


def detect(client: Client, owner: Account, base: str, **body: Any) -> dict[str, Any]:
    response = client.post(f"{base}/insights/detect", json=body, headers=owner.headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_an_anomaly_is_detected_once_and_shows_its_rows(
    shared_client: Client, shared_owner: Account
) -> None:
    base = analytics_of(shared_client, shared_owner)
    ingested = shared_client.post(
        f"{base}/samples", json={"samples": anomaly_rows()}, headers=shared_owner.headers
    )
    assert ingested.status_code == 200, ingested.text
    first = detect(shared_client, shared_owner, base)
    yesterday = str(datetime.now(UTC).date() - timedelta(days=1))
    assert first["day"] == yesterday
    assert sorted(i["series"] for i in first["raised"]) == [
        "anomaly:clicks:brand",
        "anomaly:clicks:channel:linkedin",
    ]
    again = detect(shared_client, shared_owner, base)
    assert (again["found"], again["raised"]) == (2, [])

    listed = shared_client.get(
        f"{base}/insights", params={"limit": 1, "kind": "anomaly"}, headers=shared_owner.headers
    ).json()
    assert len(listed["items"]) == 1
    assert listed["next_cursor"]
    rest = shared_client.get(
        f"{base}/insights",
        params={"limit": 1, "kind": "anomaly", "cursor": listed["next_cursor"]},
        headers=shared_owner.headers,
    ).json()
    assert {listed["items"][0]["id"], rest["items"][0]["id"]} == {i["id"] for i in first["raised"]}
    assert rest["next_cursor"] is None
    none = shared_client.get(
        f"{base}/insights", params={"kind": "trend_change"}, headers=shared_owner.headers
    ).json()
    assert none["items"] == []

    insight_id = first["raised"][0]["id"]
    one = shared_client.get(f"{base}/insights/{insight_id}", headers=shared_owner.headers)
    assert (one.status_code, one.headers["etag"]) == (200, '"1"')
    body = one.json()
    assert body["statistics"]["median"] == 10.0
    assert body["statistics"]["method"] == "constant_history"  # ten every day before
    latest = [r for r in body["evidence"] if r["role"] == "latest"]
    assert latest == [
        {
            "day": yesterday,
            "metric": "clicks",
            "value": "100.000000",
            "role": "latest",
            "channel": body["scope"]["channel"],
            "subject_kind": None,
            "subject_id": None,
        }
    ]
    assert len([r for r in body["evidence"] if r["role"] == "history"]) == 8


def test_acknowledge_and_dismiss_with_if_match(
    shared_client: Client, shared_owner: Account
) -> None:
    base = analytics_of(shared_client, shared_owner)
    shared_client.post(
        f"{base}/samples", json={"samples": anomaly_rows()}, headers=shared_owner.headers
    )
    insight_id = detect(shared_client, shared_owner, base)["raised"][0]["id"]
    url = f"{base}/insights/{insight_id}"
    stale = shared_client.post(
        f"{url}/acknowledge", headers={**shared_owner.headers, "If-Match": '"7"'}
    )
    assert_problem(stale, 412, "stale_version")
    acked = shared_client.post(
        f"{url}/acknowledge", headers={**shared_owner.headers, "If-Match": '"1"'}
    )
    assert acked.status_code == 200, acked.text
    assert (acked.json()["status"], acked.headers["etag"]) == ("acknowledged", '"2"')
    dismissed = shared_client.post(f"{url}/dismiss", headers=shared_owner.headers)
    assert dismissed.json()["status"] == "dismissed"
    reopened = shared_client.post(f"{url}/acknowledge", headers=shared_owner.headers)
    assert_problem(reopened, 409, "insight_status_refused")
    only = shared_client.get(
        f"{base}/insights", params={"status": "dismissed"}, headers=shared_owner.headers
    ).json()
    assert [i["id"] for i in only["items"]] == [insight_id]


def test_reading_needs_analytics_read_and_marking_analytics_manage(
    shared_client: Client, shared_owner: Account, shared_other_owner: Account
) -> None:
    base = analytics_of(shared_client, shared_owner)
    shared_client.post(
        f"{base}/samples", json={"samples": anomaly_rows()}, headers=shared_owner.headers
    )
    insight_id = detect(shared_client, shared_owner, base)["raised"][0]["id"]
    viewer = add_member(shared_client, shared_owner, Role.VIEWER)
    assert shared_client.get(f"{base}/insights", headers=viewer.headers).status_code == 200
    denied = shared_client.post(f"{base}/insights/{insight_id}/acknowledge", headers=viewer.headers)
    assert_problem(denied, 403, "permission_denied")
    assert_problem(
        shared_client.post(f"{base}/insights/detect", json={}, headers=viewer.headers),
        403,
        "permission_denied",
    )
    analyst = add_member(shared_client, shared_owner, Role.ANALYST)
    ok = shared_client.post(f"{base}/insights/{insight_id}/acknowledge", headers=analyst.headers)
    assert ok.status_code == 200, ok.text
    # another organization: the brand and the insight do not exist
    stranger = shared_other_owner.headers
    assert_problem(shared_client.get(f"{base}/insights", headers=stranger), 404, "not_found")
    assert_problem(
        shared_client.get(f"{base}/insights/{insight_id}", headers=stranger), 404, "not_found"
    )
    # an insight of another brand of the same organization is not this brand's
    other = analytics_of(shared_client, shared_owner)
    assert_problem(
        shared_client.get(f"{other}/insights/{insight_id}", headers=shared_owner.headers),
        404,
        "not_found",
    )


def test_bad_filters_are_422(shared_client: Client, shared_owner: Account) -> None:
    base = analytics_of(shared_client, shared_owner)
    h = shared_owner.headers
    for params in ({"kind": "rumour"}, {"sort": "headline"}, {"cursor": "not-a-cursor"}):
        response = shared_client.get(f"{base}/insights", params=params, headers=h)
        assert response.status_code in (400, 422), (params, response.text)
    assert_problem(
        shared_client.get(f"{base}/insights/performers", params={"measure": "mood"}, headers=h),
        422,
    )
    assert_problem(
        shared_client.post(f"{base}/insights/detect", json={"direction": "sideways"}, headers=h),
        422,
    )


def posts_rows(day: Any, clicks: int, impressions: int) -> list[dict[str, Any]]:
    subject = str(uuid.uuid4())
    at = datetime.combine(day, time(12), tzinfo=UTC).isoformat()
    return [
        {"subject_kind": "publication", "subject_id": subject, "channel": "linkedin",
         "metric": metric, "value": value, "observed_at": at}
        for metric, value in (("clicks", clicks), ("impressions", impressions))
    ]  # fmt: skip


def test_performers_rank_by_the_interval_with_the_rows_behind(
    shared_client: Client, shared_owner: Account
) -> None:
    base = analytics_of(shared_client, shared_owner)
    day = datetime.now(UTC).date() - timedelta(days=2)
    rows = [
        *posts_rows(day, 50, 1000),  # 5 %
        *posts_rows(day, 10, 1000),  # 1 %
        *posts_rows(day, 30, 1000),  # 3 %: the median
        *posts_rows(day, 9, 10),  # 90 %, but on 10 impressions only
    ]
    shared_client.post(f"{base}/samples", json={"samples": rows}, headers=shared_owner.headers)
    response = shared_client.get(
        f"{base}/insights/performers",
        params={"measure": "click_through_rate", "limit": 1},
        headers=shared_owner.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["interval"], body["subjects"], body["brand_median"]) == ("wilson", 3, 0.03)
    (top,) = body["top"]
    (bottom,) = body["bottom"]
    assert (top["value"], top["lift"], top["clear"]) == (0.05, round(0.05 / 0.03 - 1, 6), True)
    assert bottom["value"] == 0.01
    assert top["interval"][0] < 0.05 < top["interval"][1]
    assert {(e["metric"], e["value"]) for e in top["evidence"]} == {
        ("clicks", "50.000000"),
        ("impressions", "1000.000000"),
    }


def test_alert_rules_crud_with_etags(shared_client: Client, shared_owner: Account) -> None:
    base = analytics_of(shared_client, shared_owner)
    h = shared_owner.headers
    created = shared_client.post(f"{base}/alert-rules", json=alert_rule_body(), headers=h)
    assert created.status_code == 201, created.text
    assert created.headers["etag"] == '"1"'
    rule = created.json()
    url = f"{base}/alert-rules/{rule['id']}"
    assert rule["scope"] == {"channel": "linkedin", "subject_kind": None, "subject_id": None}
    without = shared_client.patch(url, json={"threshold": "60"}, headers=h)
    assert_problem(without, 428)
    stale = shared_client.patch(url, json={"threshold": "60"}, headers={**h, "If-Match": '"9"'})
    assert_problem(stale, 412, "stale_version")
    changed = shared_client.patch(url, json={"threshold": "60"}, headers={**h, "If-Match": '"1"'})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["threshold"], changed.headers["etag"]) == ("60.000000", '"2"')
    listed = shared_client.get(f"{base}/alert-rules", headers=h).json()["items"]
    assert [r["id"] for r in listed] == [rule["id"]]
    gone = shared_client.delete(url, headers={**h, "If-Match": '"2"'})
    assert gone.status_code == 204, gone.text
    assert_problem(shared_client.get(url, headers=h), 404, "not_found")


def test_a_brand_holds_a_bounded_number_of_alert_rules(
    shared_client: Client, shared_owner: Account
) -> None:
    base = analytics_of(shared_client, shared_owner)
    h = shared_owner.headers
    for _ in range(50):  # UMT_INSIGHTS_MAX_ALERT_RULES
        assert (
            shared_client.post(f"{base}/alert-rules", json=alert_rule_body(), headers=h).status_code
            == 201
        )
    refused = shared_client.post(f"{base}/alert-rules", json=alert_rule_body(), headers=h)
    assert_problem(refused, 409, "too_many_alert_rules")
    # another brand has its own allowance
    other = analytics_of(shared_client, shared_owner)
    assert (
        shared_client.post(f"{other}/alert-rules", json=alert_rule_body(), headers=h).status_code
        == 201
    )


def test_alert_rules_refuse_bad_definitions(shared_client: Client, shared_owner: Account) -> None:
    base = analytics_of(shared_client, shared_owner)
    h = shared_owner.headers
    bad = [
        {**alert_rule_body(), "measure": "spend"},  # money: no
        {**alert_rule_body(), "measure": "engagement_rate", "threshold": "2"},  # a rate > 1
        {**alert_rule_body(), "window_days": 0},
        {**alert_rule_body(), "scope": {"channel": "linkedin", "subject_kind": "publication"}},
        {**alert_rule_body(), "comparison": "about"},
    ]
    for body in bad:
        response = shared_client.post(f"{base}/alert-rules", json=body, headers=h)
        assert response.status_code in (400, 422), (body, response.text)
    viewer = add_member(shared_client, shared_owner, Role.VIEWER)
    denied = shared_client.post(
        f"{base}/alert-rules", json=alert_rule_body(), headers=viewer.headers
    )
    assert_problem(denied, 403, "permission_denied")
    assert shared_client.get(f"{base}/alert-rules", headers=h).json()["items"] == []


def test_detection_as_an_agent_task(shared_client: Client, shared_owner: Account) -> None:
    base = analytics_of(shared_client, shared_owner)
    brand_id = base.split("/")[-2]
    shared_client.post(
        f"{base}/samples", json={"samples": anomaly_rows()}, headers=shared_owner.headers
    )
    job = shared_client.post(
        f"{API}/jobs",
        json={"task_type": "insights.detect", "input": {"brand_id": brand_id}},
        headers=shared_owner.headers,
    )
    assert job.status_code == 202, job.text
    done = finished_job(shared_client, shared_owner, job.json()["id"])
    assert done["status"] == "succeeded", done
    assert len(done["result"]["raised"]) == 2
    listed = shared_client.post(
        f"{API}/jobs",
        json={"task_type": "insights.list", "input": {"brand_id": brand_id}},
        headers=shared_owner.headers,
    )
    listing = finished_job(shared_client, shared_owner, listed.json()["id"])
    assert len(listing["result"]["items"]) == 2
