"""The library's register: trusted in-process code is told that an email is taken (the HTTP
API, which answers anyone, is not), and weak passwords are refused as over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

import umt
from umt.domain.identity.errors import WeakPassword
from umt.domain.shared.errors import Conflict
from umt.entrypoints.settings import Settings

PASSWORD = "correct horse battery staple"


async def test_register_says_a_taken_email_and_refuses_weak_passwords(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="", redis_url=""
    )
    async with umt.connect(settings) as platform:
        ana = await platform.register("ana@acme.example", PASSWORD, organization_name="Acme")
        assert ana.principal.role.value == "owner"
        with pytest.raises(Conflict):
            await platform.register("ANA@acme.example", "another long passphrase", "Other")
        with pytest.raises(WeakPassword) as weak:
            await platform.register("bo@acme.example", "aaaaaaaaaaaa", "Bo's")
        assert weak.value.field == "password"
        me = await platform.me(ana)
        assert [m.organization_id for m in me.memberships] == [ana.principal.organization_id]
