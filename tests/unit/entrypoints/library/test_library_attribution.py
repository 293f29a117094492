"""Through the library: an analyst records tagged clicks and a conversion, a bad batch is
refused with every bad value listed, and the report over the default range (the 30 days up to
today, by the container's clock) credits the tagged content."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from dependency_injector import providers

from umt.adapters.system.clock import FixedClock
from umt.domain.attribution.errors import PathsRejected
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform as Umt
from umt.entrypoints.settings import Settings

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
TAGGED = "https://acme.example/?utm_source=linkedin&utm_medium=social&utm_content=piece-1"


async def test_tagged_events_and_the_report(tmp_path: Path) -> None:
    container = build_container(
        Settings(_env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="")
    )
    container.clock.override(providers.Object(FixedClock(NOW)))
    async with Umt(container) as umt:
        owner = await umt.register("ada@acme.example", "a long enough passphrase", "Acme")
        brand = await umt.brands.create(owner, name="Acme")
        events = [
            {"event_id": "c1", "type": "click", "visitor": "v1", "at": "2026-03-18T09:00:00Z",
             "url": TAGGED},
            {"event_id": "c2", "type": "click", "visitor": "v1", "at": "2026-03-19T09:00:00Z",
             "utm_source": "newsletter"},
            {"event_id": "o1", "type": "conversion", "visitor": "v1",
             "at": "2026-03-19T10:00:00Z", "value": "12.50"},
        ]  # fmt: skip
        done = await umt.attribution.record_events(owner, brand.id, events)
        assert (done.clicks_stored, done.conversions_attributed) == (2, 1)
        with pytest.raises(PathsRejected) as caught:
            await umt.attribution.record_paths(
                owner, brand.id, paths=[{"path_key": "x", "touchpoints": [{"channel": "x"}]}]
            )
        assert [p.field for p in caught.value.problems] == ["paths[0].touchpoints[0].at"]
        report = await umt.attribution.report(owner, brand.id, dimension="content")
        assert (str(report.start), str(report.end)) == ("2026-02-19", "2026-03-20")
        first = {row.key: row.credits["first_touch"].value for row in report.rows}
        assert first == {"piece-1": 12.5, "(not set)": 0.0}
