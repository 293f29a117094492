"""``umt sandbox seed-history``: a brand of the embedded database gets published sandbox
posts and their metrics, as the user named (password from UMT_USER_PASSWORD)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from uuid import UUID

from tests.unit.entrypoints.cli.test_cli import PASSWORD, run_cli

import umt
from umt.entrypoints.settings import Settings


def test_seed_history_gives_a_brand_posts_and_metrics(tmp_path: Path) -> None:
    env = {
        "UMT_DATA_DIR": str(tmp_path),
        "UMT_NEW_USER_PASSWORD": PASSWORD,
        "UMT_USER_PASSWORD": PASSWORD,
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),  # this checkout's umt
    }
    assert run_cli("migrate", env=env).returncode == 0
    created = run_cli("create-user", "ops@acme.example", "--organization-name", "Acme", env=env)
    assert created.returncode == 0, created.stderr

    async def brand() -> str:
        async with umt.connect(Settings(data_dir=tmp_path, _env_file=None)) as platform:
            session = await platform.login("ops@acme.example", PASSWORD)
            return str((await platform.brands.create(session, name="Acme Coffee")).id)

    brand_id = asyncio.run(brand())
    seeded = run_cli(
        "sandbox", "seed-history", brand_id, "--email", "ops@acme.example", "--weeks", "2", env=env
    )
    assert seeded.returncode == 0, seeded.stderr
    assert seeded.stdout.startswith("seeded ")
    assert "anomaly x6 on " in seeded.stdout

    async def measured() -> int:
        async with umt.connect(Settings(data_dir=tmp_path, _env_file=None)) as platform:
            session = await platform.login("ops@acme.example", PASSWORD)
            best = await platform.strategy.best_times(session, UUID(brand_id), min_posts=2)
            return best.accounts[0].measured

    assert asyncio.run(measured()) >= 14
    unknown = run_cli(
        "sandbox",
        "seed-history",
        "00000000-0000-4000-8000-000000000001",
        "--email",
        "ops@acme.example",
        env=env,
    )
    assert unknown.returncode == 1
    assert "not found" in unknown.stderr
