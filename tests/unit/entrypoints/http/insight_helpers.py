"""An insight and an alert rule of a brand, made over HTTP for the route-derived matrices
(helpers.World): a publication's clicks, ten a day for eight weeks and a hundred yesterday,
make an anomaly of the brand's latest complete day (yesterday, UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import uuid4

from litestar import Litestar
from litestar.testing import TestClient

API = "/api/v1"
HISTORY_DAYS = 57


def anomaly_rows(*, latest: int = 100, days: int = HISTORY_DAYS) -> list[dict[str, Any]]:
    """Cumulative clicks of one post: 10 a day, ``latest`` on the brand's yesterday (UTC)."""
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    subject = str(uuid4())
    rows: list[dict[str, Any]] = []
    total = 0
    for back in range(days - 1, -1, -1):
        day = yesterday - timedelta(days=back)
        total += latest if back == 0 else 10
        rows.append(
            {
                "subject_kind": "publication",
                "subject_id": subject,
                "channel": "linkedin",
                "metric": "clicks",
                "value": total,
                "observed_at": datetime.combine(day, time(12), tzinfo=UTC).isoformat(),
            }
        )
    return rows


def insight_id(client: TestClient[Litestar], headers: dict[str, str], brand_id: str) -> str:
    """The id of an insight of the brand (an anomaly made and detected here)."""
    base = f"{API}/brands/{brand_id}/analytics"
    ingested = client.post(f"{base}/samples", json={"samples": anomaly_rows()}, headers=headers)
    assert ingested.status_code == 200, ingested.text
    detected = client.post(f"{base}/insights/detect", json={}, headers=headers)
    assert detected.status_code == 200, detected.text
    raised = detected.json()["raised"]
    assert raised, detected.text
    return str(raised[0]["id"])


def alert_rule_body() -> dict[str, Any]:
    return {
        "name": "Clicks on LinkedIn",
        "measure": "clicks",
        "scope": {"channel": "linkedin"},
        "comparison": "gt",
        "threshold": "50",
        "window_days": 3,
    }


def alert_rule_id(client: TestClient[Litestar], headers: dict[str, str], brand_id: str) -> str:
    response = client.post(
        f"{API}/brands/{brand_id}/analytics/alert-rules", json=alert_rule_body(), headers=headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def insight_world_ids(
    client: TestClient[Litestar], headers: dict[str, str], brand_id: str
) -> dict[str, str]:
    return {
        "insight_id": insight_id(client, headers, brand_id),
        "alert_rule_id": alert_rule_id(client, headers, brand_id),
    }
