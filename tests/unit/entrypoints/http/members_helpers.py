"""Helpers for the member and invitation tests: invitations and the mails that carry them."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, PASSWORD, Account

_TOKEN = re.compile(r"#token=(\S+)")


def mail_folder(client: TestClient[Litestar]) -> Path:
    data_dir: Path = client.app.state.container.settings().data_dir
    return data_dir / "mail"


def mails(client: TestClient[Litestar]) -> list[EmailMessage]:
    folder = mail_folder(client)
    if not folder.exists():
        return []
    found = []
    for path in sorted(folder.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        found.append(message)
    return found


def token_for(client: TestClient[Litestar], email: str) -> str:
    """The token of the newest invitation mailed to ``email``."""
    for message in reversed(mails(client)):
        if message["To"] == email:
            body = message.get_body(("plain",))
            assert body is not None
            match = _TOKEN.search(body.get_content())
            assert match, body.get_content()
            return match.group(1)
    raise AssertionError(f"no invitation mailed to {email}")


def invite(
    client: TestClient[Litestar], by: Account, email: str, role: str = "viewer", **body: Any
) -> dict[str, Any]:
    response = client.post(
        f"{API}/invitations", json={"email": email, "role": role, **body}, headers=by.headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def accept(
    client: TestClient[Litestar], token: str, password: str | None = PASSWORD, **body: Any
) -> Any:
    payload: dict[str, Any] = {"token": token, **body}
    if password is not None:
        payload["password"] = password
    return client.post(f"{API}/invitations/accept", json=payload)


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}
