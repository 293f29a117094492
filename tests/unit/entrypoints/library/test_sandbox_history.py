"""platform.sandbox.seed_history: twelve weeks of published sandbox posts whose metrics go
through the analytics ingestion, with an anomaly on the latest complete day (which anomaly
detection raises); the same for the same seed; best times and the dashboard have data;
production refuses."""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers

from umt.adapters.system.clock import FixedClock
from umt.application.analytics.ingest_samples import IngestSamples
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform as Umt
from umt.entrypoints.library import sandbox_history
from umt.entrypoints.library.sandbox_history import DemoOnly, HistoryReport
from umt.entrypoints.settings import Settings

NOW = datetime(2026, 3, 20, 15, 30, tzinfo=UTC)  # a Friday
PASSWORD = "a long enough passphrase"


def platform(tmp_path: Path, **settings: object) -> Umt:
    container = build_container(
        Settings(
            _env_file=None,
            database_url="memory://",
            data_dir=tmp_path,
            broker_url="",
            **settings,  # type: ignore[arg-type]
        )
    )
    container.clock.override(providers.Object(FixedClock(NOW)))
    return Umt(container)


async def seeded(tmp_path: Path, seed: str) -> tuple[HistoryReport, list[Decimal], Umt]:
    async with platform(tmp_path) as umt:
        owner = await umt.register("ada@acme.example", PASSWORD, "Acme")
        brand = await umt.brands.create(owner, name="Acme Coffee", time_zone="Europe/Berlin")
        report = await umt.sandbox.seed_history(owner, brand.id, seed=seed)
        board = await umt.analytics.dashboard(
            owner,
            brand.id,
            since=report.first_day,
            until=report.anomaly_day,
            metrics=["impressions"],
        )
        raised = await umt.insights.detect(owner, brand.id)
        spikes = [i for i in raised if i.kind == "anomaly" and i.day == report.anomaly_day]
        assert {i.measure for i in spikes} >= {"impressions", "likes"}, [
            (i.kind, i.measure, i.day) for i in raised
        ]
        assert {i.direction for i in spikes} == {"up"}
        best = await umt.strategy.best_times(owner, brand.id)
        assert [a.status for a in best.accounts] == ["ok"]
        assert best.accounts[0].measured == report.publications
        assert best.accounts[0].suggestions
        stranger = await umt.register("eve@elsewhere.example", PASSWORD, "Elsewhere")
        with pytest.raises(NotFound):
            await umt.sandbox.seed_history(stranger, brand.id)
        assert await umt.integrations.list(stranger) == []
        with pytest.raises(InvalidValue):
            await umt.sandbox.seed_history(owner, brand.id, weeks=0)
        return report, board.metrics[0].daily, umt


async def test_twelve_weeks_with_an_anomaly_on_the_latest_complete_day(tmp_path: Path) -> None:
    report, daily, _ = await seeded(tmp_path / "a", "demo")
    assert report.anomaly_day == date(2026, 3, 19)  # yesterday in Berlin
    assert report.first_day == date(2026, 3, 20) - timedelta(weeks=12)
    assert 84 <= report.publications <= 168  # one post a day, two on some
    assert report.samples > 7 * 14 * report.publications // 2
    # the latest complete day's impressions against the same weekday's in the weeks before
    latest = daily[-1]
    same_weekday = daily[-8::-7][:10]
    median = statistics.median(same_weekday)
    spread = statistics.median(abs(x - median) for x in same_weekday)
    assert median > 0
    assert latest > 3 * median
    assert (latest - median) / (Decimal("1.4826") * spread) > 5  # a robust z-score far out
    # the days before the anomaly stay ordinary
    assert max(daily[-8:-1]) < 2 * median


async def test_the_same_seed_gives_the_same_history_and_another_seed_another(
    tmp_path: Path,
) -> None:
    first, daily_a, _ = await seeded(tmp_path / "a", "demo")
    again, daily_b, _ = await seeded(tmp_path / "b", "demo")
    _, daily_c, _ = await seeded(tmp_path / "c", "other")
    assert (first.publications, first.samples, daily_a) == (
        again.publications,
        again.samples,
        daily_b,
    )
    assert daily_c != daily_a


async def test_a_production_deployment_refuses(tmp_path: Path) -> None:
    settings = {
        "environment": "production",
        "jwt_secret": "x" * 64,
    }
    async with platform(tmp_path, **settings) as umt:
        owner = await umt.register("ada@acme.example", PASSWORD, "Acme")
        brand = await umt.brands.create(owner, name="Acme")
        with pytest.raises(DemoOnly):
            await umt.sandbox.seed_history(owner, brand.id)
        assert await umt.integrations.list(owner) == []


async def test_the_samples_go_in_batches_short_enough_not_to_starve_other_writers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one batch is one write transaction: on SQLite, other writers wait for it at most the
    # busy timeout (5 s), which 5,000 samples came close to on a busy machine
    sizes: list[int] = []

    def counting(**fields: Any) -> IngestSamples:
        sizes.append(len(fields["samples"]))
        return IngestSamples(**fields)

    monkeypatch.setattr(sandbox_history, "IngestSamples", counting)
    async with platform(tmp_path) as umt:
        owner = await umt.register("ada@acme.example", PASSWORD, "Acme")
        brand = await umt.brands.create(owner, name="Acme Coffee", time_zone="Europe/Berlin")
        report = await umt.sandbox.seed_history(owner, brand.id, seed="demo")
    assert len(sizes) > 1
    assert max(sizes) <= 1000
    assert sum(sizes) == report.samples  # every sample sent once, each stored
