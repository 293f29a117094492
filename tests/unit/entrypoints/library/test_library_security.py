"""The library API of API keys and the audit log: the same use cases as over HTTP."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

import umt
from umt.domain.shared.errors import AuthenticationFailed, PermissionDenied
from umt.entrypoints.settings import Settings


async def test_keys_and_the_audit_log_through_the_library(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="", redis_url=""
    )
    async with umt.connect(settings) as platform:
        owner = await platform.register("lib@acme.example", "a long passphrase!", "Acme")
        now = platform.bus.services.clock.now()
        created = await platform.api_keys.create(
            owner,
            name="etl",
            scopes=["brand:read", "brand:create"],
            expires_at=now + timedelta(days=7),
        )
        robot = await platform.with_api_key(created.token)
        assert robot.principal.api_key_id == created.key.id
        brand = await platform.brands.create(robot, name="Made by a key")
        with pytest.raises(PermissionDenied):
            await platform.brands.archive(robot, brand.id)

        page = await platform.audit_log.query(owner, action="brand.created")
        assert [e.resource_id for e in page.items] == [str(brand.id)]
        assert page.items[0].actor.id == created.key.id
        assert [k.id for k in await platform.api_keys.list(owner)] == [created.key.id]

        await platform.api_keys.revoke(owner, created.key.id)
        with pytest.raises(AuthenticationFailed):
            await platform.with_api_key(created.token)
        with pytest.raises(PermissionDenied):
            await platform.audit_log.query(robot)
