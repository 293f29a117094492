"""Idempotency-Key on POST: one effect per key, the same answer for every retry."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

API = "/api/v1"
PASSWORD = "correct horse battery staple"


def app_settings(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        database_url="memory://", data_dir=tmp_path, log_level="CRITICAL", _env_file=None, **extra
    )


@pytest.fixture
def client(tmp_path: Path) -> Any:
    with TestClient(create_app(app_settings(tmp_path))) as test_client:
        yield test_client


@pytest.fixture
def auth(client: TestClient[Any]) -> dict[str, str]:
    client.post(
        f"{API}/auth/register",
        json={"email": "ana@acme.example", "password": PASSWORD, "organization_name": "Acme"},
    )
    token = client.post(
        f"{API}/auth/token", json={"email": "ana@acme.example", "password": PASSWORD}
    )
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def brands(client: TestClient[Any], auth: dict[str, str]) -> list[str]:
    return [b["name"] for b in client.get(f"{API}/brands", headers=auth).json()["items"]]


def test_a_retried_create_has_one_effect_and_the_same_answer(
    client: TestClient[Any], auth: dict[str, str]
) -> None:
    headers = {**auth, "Idempotency-Key": "create-acme-1"}
    first = client.post(f"{API}/brands", json={"name": "Acme Coffee"}, headers=headers)
    again = client.post(f"{API}/brands", json={"name": "Acme Coffee"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert brands(client, auth) == ["Acme Coffee"]


def test_a_key_reused_for_another_request_is_refused(
    client: TestClient[Any], auth: dict[str, str]
) -> None:
    headers = {**auth, "Idempotency-Key": "k-1"}
    client.post(f"{API}/brands", json={"name": "Acme Coffee"}, headers=headers)
    other = client.post(f"{API}/brands", json={"name": "Other"}, headers=headers)
    assert other.status_code == 422
    assert other.headers["content-type"].startswith("application/problem+json")
    assert other.json()["code"] == "idempotency_key_reused"
    assert brands(client, auth) == ["Acme Coffee"]


def test_failures_are_replayed_too_but_server_errors_are_not_kept(
    client: TestClient[Any], auth: dict[str, str]
) -> None:
    headers = {**auth, "Idempotency-Key": "bad-color"}
    body = {"name": "X", "styling": {"palette": [{"role": "p", "color": "#GGG"}]}}
    first = client.post(f"{API}/brands", json=body, headers=headers)
    second = client.post(f"{API}/brands", json=body, headers=headers)
    assert first.status_code == second.status_code == 422
    assert second.json() == first.json() | {"request_id": second.json()["request_id"]}


def test_keys_belong_to_their_caller(client: TestClient[Any], auth: dict[str, str]) -> None:
    client.post(
        f"{API}/auth/register",
        json={"email": "bob@globex.example", "password": PASSWORD, "organization_name": "Globex"},
    )
    token = client.post(
        f"{API}/auth/token", json={"email": "bob@globex.example", "password": PASSWORD}
    )
    bob = {"Authorization": f"Bearer {token.json()['access_token']}"}
    for who in (auth, bob):
        response = client.post(
            f"{API}/brands", json={"name": "Same"}, headers={**who, "Idempotency-Key": "shared"}
        )
        assert response.status_code == 201
        assert "idempotent-replayed" not in response.headers
    assert brands(client, bob) == ["Same"]


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "tab\tkey"])
def test_malformed_keys_are_refused(
    client: TestClient[Any], auth: dict[str, str], key: str
) -> None:
    response = client.post(
        f"{API}/brands", json={"name": "Acme"}, headers={**auth, "Idempotency-Key": key}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_idempotency_key"
    assert brands(client, auth) == []


def test_concurrent_duplicates_have_exactly_one_effect(
    client: TestClient[Any], auth: dict[str, str]
) -> None:
    keys = [f"k{i}" for i in range(10)]

    def post(key: str) -> tuple[str, int, bytes]:
        response = client.post(
            f"{API}/brands", json={"name": f"Brand {key}"}, headers={**auth, "Idempotency-Key": key}
        )
        return key, response.status_code, response.content

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(post, [k for k in keys for _ in range(5)]))
    assert sorted(brands(client, auth)) == sorted(f"Brand {k}" for k in keys)
    for key in keys:
        answers = {(status, body) for k, status, body in results if k == key}
        assert len(answers) == 1, key
        assert next(iter(answers))[0] == 201
