"""The whole platform on real PostgreSQL: over HTTP and through the library API."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from tests.support.postgres import throwaway_database

import umt
from umt.domain.shared.errors import NotFound, StaleVersion
from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

PASSWORD = "correct horse battery staple"
SECRET = "integration-secret-" + "x" * 32
API = "/api/v1"


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


def settings(url: str, data_dir: Path) -> Settings:
    return Settings(
        database_url=url,
        data_dir=data_dir,
        jwt_secret=SECRET,
        environment="production",
        log_level="WARNING",
        _env_file=None,
    )


def login(client: TestClient[Any], email: str, org: str) -> dict[str, str]:
    created = client.post(
        f"{API}/auth/register",
        json={"email": email, "password": PASSWORD, "organization_name": org},
    )
    assert created.status_code == 202, created.text
    token = client.post(f"{API}/auth/token", json={"email": email, "password": PASSWORD})
    assert token.status_code == 200
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def test_http_flow_and_tenancy_on_postgres(database_url: str, tmp_path: Path) -> None:
    with TestClient(create_app(settings(database_url, tmp_path))) as client:
        assert client.get("/health/ready").json()["checks"] == {"database": "ok", "broker": "ok"}
        acme = login(client, "ana@acme.example", "Acme")
        globex = login(client, "bob@globex.example", "Globex")

        brand = client.post(
            f"{API}/brands",
            headers=acme,
            json={
                "name": "Acme Coffee",
                "industry": "food",
                "voice": {"tone": ["warm"], "channel_notes": {"linkedin": "no emoji"}},
                "styling": {"palette": [{"role": "primary", "color": "#6F4E37"}]},
            },
        )
        assert brand.status_code == 201, brand.text
        brand_id = brand.json()["id"]
        base = f"{API}/brands/{brand_id}"
        audience = client.post(
            f"{base}/audiences",
            headers=acme,
            json={"persona_name": "Busy CTO", "age_range": {"min": 30, "max": 55}},
        )
        competitor = client.post(
            f"{base}/competitors",
            headers=acme,
            json={"name": "Globex Beans", "feed_urls": ["https://g.example/rss"]},
        )
        project = client.post(
            f"{base}/projects",
            headers=acme,
            json={
                "name": "Launch",
                "project_type": "product_launch",
                "goals": [{"kpi": "signups", "target": 500}],
                "start_date": "2027-03-01",
            },
        )
        assert (audience.status_code, competitor.status_code, project.status_code) == (
            201,
            201,
            201,
        )

        patched = client.patch(
            base, headers={**acme, "If-Match": '"1"'}, json={"description": "Roasted with care."}
        )
        assert patched.status_code == 200
        assert patched.headers["etag"] == '"2"'
        stale = client.patch(base, headers={**acme, "If-Match": '"1"'}, json={"industry": "tea"})
        assert stale.status_code == 412
        archived = client.post(f"{base}/archive", headers=acme)
        assert archived.json()["status"] == "archived"

        stored = client.get(base, headers=acme).json()
        assert stored["voice"]["channel_notes"] == {"linkedin": "no emoji"}
        assert stored["styling"]["palette"] == [{"role": "primary", "color": "#6f4e37"}]
        assert stored["industry"] == "food"

        # Globex sees none of it
        for url in (
            base,
            f"{base}/audiences",
            f"{base}/competitors",
            f"{base}/projects",
            f"{API}/projects/{project.json()['id']}",
        ):
            assert client.get(url, headers=globex).status_code == 404, url
        assert client.get(f"{API}/brands", headers=globex).json()["items"] == []
        assert client.get(f"{API}/projects", headers=globex).json()["items"] == []
        assert len(client.get(f"{API}/projects", headers=acme).json()["items"]) == 1


async def test_library_flow_and_optimistic_concurrency_on_postgres(
    database_url: str, tmp_path: Path
) -> None:
    async with umt.connect(settings(database_url, tmp_path)) as platform:
        ana = await platform.register("ana@lib.example", PASSWORD, organization_name="Lib")
        bob = await platform.register("bob@lib2.example", PASSWORD, organization_name="Lib2")
        brand = await platform.brands.create(ana, name="Library Brand", industry="saas")
        await platform.audiences.add(ana, brand.id, persona_name="Ops lead")
        project = await platform.projects.create(
            ana, brand.id, name="Series", project_type="content_series"
        )
        await platform.projects.assign(
            ana, project.id, ana.principal.user_id, expected_version=project.version
        )

        # two writers edit version 1 at the same moment: exactly one wins
        results = await asyncio.gather(
            platform.brands.update(ana, brand.id, expected_version=1, industry="fintech"),
            platform.brands.update(ana, brand.id, expected_version=1, industry="retail"),
            return_exceptions=True,
        )
        assert sum(isinstance(r, StaleVersion) for r in results) == 1
        winner = next(r for r in results if not isinstance(r, BaseException))
        assert (await platform.brands.get(ana, brand.id)).industry == winner.industry

        with pytest.raises(NotFound):
            await platform.brands.get(bob, brand.id)
        assert (await platform.brands.list(bob)).items == []
        assert (await platform.projects.get(ana, project.id)).assignee_id == ana.principal.user_id


def test_database_down_is_a_fast_503_with_retry_after(tmp_path: Path) -> None:
    unreachable = "postgresql+asyncpg://postgres@127.0.0.1:9/nowhere"
    with TestClient(create_app(settings(unreachable, tmp_path))) as client:
        ready = client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["down"] == ["database"]
        response = client.post(
            f"{API}/auth/token", json={"email": "a@b.example", "password": PASSWORD}
        )
        assert response.status_code == 503
        assert response.headers["retry-after"].isdigit()
        assert response.json()["code"] == "dependency_unavailable"


def test_cli_migrates_a_fresh_database(tmp_path: Path) -> None:
    with throwaway_database(migrate=False) as url:
        result = subprocess.run(  # our own CLI
            [sys.executable, "-m", "umt.entrypoints.cli", "migrate"],
            env={"UMT_DATABASE_URL": url, "UMT_DATA_DIR": str(tmp_path), "PATH": ""},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "latest revision" in result.stdout
        with TestClient(create_app(settings(url, tmp_path))) as client:
            assert login(client, "cli@acme.example", "CLI")
