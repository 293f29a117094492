"""The library's register: trusted in-process code is told that an email is taken (the HTTP
API, which answers anyone, is not), and weak passwords are refused as over HTTP."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

import umt
from umt.domain.identity.errors import WeakPassword
from umt.domain.shared.errors import AuthenticationFailed, Conflict
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


async def test_refresh_switches_to_another_organization_without_the_password(
    tmp_path: Path,
) -> None:
    settings = Settings(
        _env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="", redis_url=""
    )
    async with umt.connect(settings) as platform:
        ana = await platform.register("ana@acme.example", PASSWORD, organization_name="Acme")
        bo = await platform.register("bo@globex.example", PASSWORD, organization_name="Globex")
        await platform.members.invite(ana, "bo@globex.example", "analyst")
        await platform.accept_invitation(_mailed_token(tmp_path, "bo@globex.example"), PASSWORD)
        switched = await platform.refresh(bo, ana.principal.organization_id)
        assert switched.principal.organization_id == ana.principal.organization_id
        assert switched.principal.role.value == "analyst"
        stranger = await platform.register("cy@initech.example", PASSWORD, "Initech")
        with pytest.raises(AuthenticationFailed):
            await platform.refresh(switched, stranger.principal.organization_id)
        back = await platform.refresh(switched, bo.principal.organization_id)
        assert back.principal.role.value == "owner"


def _mailed_token(data_dir: Path, email: str) -> str:
    for path in (data_dir / "mail").glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        body = message.get_body(("plain",))
        found = body and re.search(r"#token=(\S+)", body.get_content())
        if message["To"] == email and found:
            return found.group(1)
    raise AssertionError(f"no invitation mailed to {email}")
