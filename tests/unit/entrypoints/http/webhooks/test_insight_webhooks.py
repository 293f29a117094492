"""insight.detected reaches a subscriber once per insight: detecting the same day again raises
nothing and sends nothing; the body carries the event's snapshot of the insight."""

from __future__ import annotations

import json
from pathlib import Path

from litestar import Litestar
from litestar.testing import TestClient
from tests.support.webhook_receiver import webhook_receiver
from tests.unit.entrypoints.http.helpers import API, build_app, register
from tests.unit.entrypoints.http.insight_helpers import anomaly_rows
from tests.unit.entrypoints.http.webhooks.test_webhooks import (
    FAST,
    deliveries,
    make_brand,
    settled,
    subscribe,
)

Client = TestClient[Litestar]


def test_each_insight_is_delivered_once(tmp_path: Path) -> None:
    with TestClient(app=build_app(tmp_path, **FAST)) as client, webhook_receiver() as receiver:
        owner = register(client)
        created = subscribe(client, owner, receiver.url, "insight.*", "brand.created")
        brand = make_brand(client, owner)
        settled(client, owner, created["id"], count=1)  # the brand's own event
        base = f"{API}/brands/{brand}/analytics"
        client.post(f"{base}/samples", json={"samples": anomaly_rows()}, headers=owner.headers)
        first = client.post(f"{base}/insights/detect", json={}, headers=owner.headers).json()
        assert len(first["raised"]) == 2
        sent = settled(client, owner, created["id"], count=3)
        assert {d["status"] for d in sent} == {"delivered"}
        requests = receiver.wait_for(3)
        bodies = [b for r in requests if (b := json.loads(r.body))["type"] == "insight.detected"]
        assert len(bodies) == 2
        assert {b["subject_id"] for b in bodies} == {i["id"] for i in first["raised"]}
        assert {b["data"]["kind"] for b in bodies} == {"anomaly"}
        assert {b["data"]["evidence_rows"] for b in bodies} == {9}

        again = client.post(f"{base}/insights/detect", json={}, headers=owner.headers).json()
        assert (again["found"], again["raised"]) == (2, [])
        # a later event is relayed after anything the second detection would have written to
        # the outbox: once it is delivered, no insight came twice
        make_brand(client, owner, name="Later Brand")
        settled(client, owner, created["id"], count=4)
        types = [d["event_type"] for d in deliveries(client, owner, created["id"])]
        assert sorted(types) == ["brand.created"] * 2 + ["insight.detected"] * 2
