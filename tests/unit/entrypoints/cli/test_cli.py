"""The operator CLI: version, migrate, create-user, and a clear error for a missing secret."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import umt
from umt.entrypoints.settings import Settings

PASSWORD = "an operator chose this passphrase"


# the source tree under test, not whichever one the interpreter's site-packages points at
SOURCE = str(Path(umt.__file__).resolve().parents[1])


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  # our own CLI
        [sys.executable, "-m", "umt.entrypoints.cli", *args],
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": SOURCE, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_version() -> None:
    result = run_cli("version", env={})
    assert result.stdout.strip() == umt.__version__


def test_migrate_says_what_it_applied(tmp_path: Path) -> None:
    from umt.adapters.sql.migrate import revisions

    env = {"UMT_DATA_DIR": str(tmp_path)}
    first = run_cli("migrate", env=env)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == (
        f"created the schema of sqlite+aiosqlite:///{tmp_path / 'umt.db'}:"
        f" applied {len(revisions())} migrations"
    )
    assert [line.split(":")[0].strip() for line in lines[1:-1]] == revisions()
    assert lines[-1] == f"the database is at the latest revision ({revisions()[-1]})"
    again = run_cli("migrate", env=env)
    assert again.stdout.startswith("nothing to apply: the database is at the latest revision")


def test_migrate_then_create_user_who_can_log_in(tmp_path: Path) -> None:
    env = {"UMT_DATA_DIR": str(tmp_path), "UMT_NEW_USER_PASSWORD": PASSWORD}
    assert run_cli("migrate", env=env).returncode == 0
    created = run_cli(
        "create-user",
        "ops@acme.example",
        "--role",
        "admin",
        "--organization-name",
        "Acme Ops",
        env=env,
    )
    assert created.returncode == 0, created.stderr
    assert "as admin" in created.stdout
    assert PASSWORD not in created.stdout + created.stderr

    async def login() -> str:
        async with umt.connect(Settings(data_dir=tmp_path, _env_file=None)) as platform:
            session = await platform.login("ops@acme.example", PASSWORD)
            return session.principal.role.value

    assert asyncio.run(login()) == "admin"
    duplicate = run_cli("create-user", "ops@acme.example", env=env)
    assert duplicate.returncode == 1
    assert "already registered" in duplicate.stderr


def test_production_without_secret_is_a_clear_startup_error(tmp_path: Path) -> None:
    result = run_cli("serve", env={"UMT_ENVIRONMENT": "production", "UMT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "UMT_JWT_SECRET is not set" in result.stderr


def test_create_user_refuses_a_weak_password_with_the_reason(tmp_path: Path) -> None:
    env = {"UMT_DATA_DIR": str(tmp_path), "UMT_NEW_USER_PASSWORD": "123456789012"}
    assert run_cli("migrate", env=env).returncode == 0
    refused = run_cli("create-user", "ops@acme.example", env=env)
    assert refused.returncode == 1
    assert "too easy to guess" in refused.stderr
    same_as_email = run_cli(
        "create-user", "ops@acme.example", env={**env, "UMT_NEW_USER_PASSWORD": "ops@acme.example"}
    )
    assert same_as_email.returncode == 1
    assert "your email" in same_as_email.stderr
