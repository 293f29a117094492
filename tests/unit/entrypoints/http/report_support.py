"""Scheduled reports for the HTTP tests: a schedule made over HTTP, and its first run
delivered by the app's own report-deliveries loop (as its claim would hand it over)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account

from umt.ports.report_schedule_repository import DueReport


def created_report_schedule(
    client: TestClient[Litestar], owner: Account, brand_id: str, **body: Any
) -> dict[str, Any]:
    payload = {"kind": "channels", "recipients": ["ana@acme.example"], "webhook": True, **body}
    url = f"{API}/brands/{brand_id}/analytics/report-schedules"
    response = client.post(url, json=payload, headers=owner.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def delivered_report(client: TestClient[Litestar], owner: Account, brand_id: str) -> str:
    """The id of the delivery of a new schedule's first run."""
    schedule = created_report_schedule(client, owner, brand_id)
    run = DueReport(
        organization_id=UUID(owner.organization_id),
        schedule_id=UUID(schedule["id"]),
        due_at=datetime.fromisoformat(schedule["next_due_at"]),
    )
    deliveries = client.app.state.container.report_deliveries()
    delivery = client.blocking_portal.call(deliveries.deliver, run)
    assert delivery is not None
    return str(delivery.id)
