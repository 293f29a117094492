"""``umt keys rotate`` on the embedded SQLite database: re-seals every secret under the
newest key, reports it, and a second run has nothing left to do."""

from __future__ import annotations

import asyncio
import base64
import os
import subprocess
import sys
from pathlib import Path

from tests.contracts.conftest import RandomIds
from tests.contracts.test_key_rotation import NEW, OLD, seed

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.integration.sealed_secrets import SqlSealedSecrets
from umt.adapters.sql.migrate import upgrade_to_head
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.application.audit.entries import entry_for_event


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  # our own CLI
        [sys.executable, "-m", "umt.entrypoints.cli", *args],
        env={
            "PATH": os.environ.get("PATH", ""),
            # the code under test, not an installed copy
            "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ring(*keys: tuple[str, bytes]) -> str:
    return ",".join(f"{kid}:{base64.b64encode(key).decode()}" for kid, key in keys)


def test_keys_rotate_reseals_everything(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'umt.db'}"

    async def prepare() -> None:
        await upgrade_to_head(url)
        engine = create_engine(url)
        try:
            await seed(lambda: SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event), 5)
        finally:
            await engine.dispose()

    async def remaining() -> int:
        engine = create_engine(url)
        try:
            return await SqlSealedSecrets(engine).count_not_under("new")
        finally:
            await engine.dispose()

    asyncio.run(prepare())
    env = {
        "UMT_DATA_DIR": str(tmp_path),
        "UMT_CREDENTIAL_KEYS": ring(("old", OLD), ("new", NEW)),
    }
    first = run_cli("keys", "rotate", "--batch-size", "2", env=env)
    assert first.returncode == 0, first.stderr
    assert "rotated 6" in first.stdout
    assert asyncio.run(remaining()) == 0
    second = run_cli("keys", "rotate", env=env)
    assert second.returncode == 0, second.stderr
    assert "rotated 0" in second.stdout
    # a ring that lost the old key cannot rotate what it cannot open: a clear error
    lost = run_cli(
        "keys", "rotate", env={**env, "UMT_CREDENTIAL_KEYS": ring(("newer", os.urandom(32)))}
    )
    assert lost.returncode == 2
    assert "missing from UMT_CREDENTIAL_KEYS" in lost.stderr
