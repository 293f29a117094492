"""Through the library: an anomaly detected once, listed, read and acknowledged as frozen
views; performers; an alert rule kept with versions; a viewer reads and may do nothing else."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from tests.unit.entrypoints.http.insight_helpers import alert_rule_body, anomaly_rows

from umt.application.identity.create_user import CreateUser
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import PermissionDenied, StaleVersion
from umt.entrypoints.library import Platform as Umt

PASSWORD = "a long enough passphrase"


async def test_insights_through_the_library(tmp_path: Path) -> None:
    async with Umt.from_settings(database_url="memory://", data_dir=tmp_path, broker_url="") as umt:
        owner = await umt.register("ada@acme.example", PASSWORD, "Acme")
        brand = await umt.brands.create(owner, name="Acme")
        await umt.analytics.ingest(owner, brand.id, anomaly_rows())

        raised = await umt.insights.detect(owner, brand.id)
        assert sorted(i.series for i in raised) == [
            "anomaly:clicks:brand",
            "anomaly:clicks:channel:linkedin",
        ]
        assert await umt.insights.detect(owner, brand.id) == []
        first = raised[0]
        with pytest.raises(dataclasses.FrozenInstanceError):
            first.headline = "changed"  # type: ignore[misc]  # a view is read-only
        page = await umt.insights.list(owner, brand.id, kind="anomaly", limit=1)
        assert len(page.items) == 1
        assert page.next_cursor is not None
        read = await umt.insights.get(owner, brand.id, first.id)
        assert read.statistics["value"] == 100.0
        with pytest.raises(StaleVersion):
            await umt.insights.mark(owner, brand.id, first.id, "acknowledged", expected_version=5)
        acked = await umt.insights.mark(owner, brand.id, first.id, "acknowledged")
        assert (acked.status.value, acked.version) == ("acknowledged", 2)

        rule = await umt.insights.create_rule(owner, brand.id, alert_rule_body())
        changed = await umt.insights.update_rule(
            owner, brand.id, rule.id, {"window_days": 7}, expected_version=1
        )
        assert (changed.window_days, changed.version) == (7, 2)
        assert [r.id for r in await umt.insights.rules(owner, brand.id)] == [rule.id]
        report = await umt.insights.performers(owner, brand.id, measure="clicks", min_trials=0)
        assert report.interval == "poisson_sqrt"
        assert report.subjects == 1

        await umt.bus.execute(
            CreateUser(
                email="cy@acme.example",
                password=PASSWORD,
                role=Role.VIEWER,
                organization_id=owner.principal.organization_id,
            )
        )
        viewer = await umt.login("cy@acme.example", PASSWORD, owner.principal.organization_id)
        assert len((await umt.insights.list(viewer, brand.id)).items) == 2
        with pytest.raises(PermissionDenied):
            await umt.insights.detect(viewer, brand.id)
        with pytest.raises(PermissionDenied):
            await umt.insights.delete_rule(viewer, brand.id, rule.id)
        await umt.insights.delete_rule(owner, brand.id, rule.id, expected_version=2)
        assert await umt.insights.rules(owner, brand.id) == []
