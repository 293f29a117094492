"""`umt worker` as its own process on RabbitMQ and PostgreSQL, fed by the HTTP service: the
job resource, the agents list from heartbeats, system messages from `umt system`, and a
graceful SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.support.polling import wait_for
from tests.support.postgres import throwaway_database
from tests.support.rabbitmq import throwaway_vhost

from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

API = "/api/v1"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


def test_the_api_hands_work_to_a_worker_process(database_url: str, tmp_path: Path) -> None:
    with throwaway_vhost() as broker_url:
        env = {
            **os.environ,
            "UMT_DATABASE_URL": database_url,
            "UMT_BROKER_URL": broker_url,
            "UMT_REDIS_URL": "",
            "UMT_DATA_DIR": str(tmp_path),
            "UMT_JWT_SECRET": "w" * 40,
            "UMT_HEARTBEAT_SECONDS": "0.5",
            "UMT_LOG_LEVEL": "WARNING",
        }
        umt = [sys.executable, "-m", "umt.entrypoints.cli"]
        worker = subprocess.Popen(  # noqa: S603  # our own CLI, with this interpreter
            [*umt, "worker", "--agent", "brand-project", "--concurrency", "4"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            settings = Settings(
                database_url=database_url,
                broker_url=broker_url,
                data_dir=tmp_path,
                jwt_secret="w" * 40,
                log_level="WARNING",
                _env_file=None,
            )
            assert not settings.broker.serves_agents_in_process  # the worker process does the work
            with TestClient[Litestar](create_app(settings)) as client:
                client.post(
                    f"{API}/auth/register",
                    json={
                        "email": "w@acme.example",
                        "password": PASSWORD,
                        "organization_name": "W",
                    },
                )
                token = client.post(
                    f"{API}/auth/token", json={"email": "w@acme.example", "password": PASSWORD}
                ).json()["access_token"]
                auth = {"Authorization": f"Bearer {token}"}

                def brand_project() -> dict[str, Any] | None:
                    agents = client.get(f"{API}/agents", headers=auth).json()["items"]
                    found = next(a for a in agents if a["name"] == "brand-project")
                    return found if found["status"] == "up" else None

                agent = wait_for(brand_project)
                (instance,) = agent["instances"]
                assert instance["status"] == "running"

                accepted = client.post(
                    f"{API}/jobs",
                    json={"task_type": "brand.create", "input": {"name": "Worker Roast"}},
                    headers=auth,
                )
                assert accepted.status_code == 202, accepted.text

                def finished() -> dict[str, Any] | None:
                    job = client.get(accepted.headers["location"], headers=auth).json()
                    return job if job["status"] in ("succeeded", "failed") else None

                job = wait_for(finished)
                assert job["status"] == "succeeded", job
                assert job["result"]["name"] == "Worker Roast"
                brands = client.get(f"{API}/brands", headers=auth).json()["items"]
                assert [b["name"] for b in brands] == ["Worker Roast"]

                paused = subprocess.run(  # noqa: S603
                    [*umt, "system", "pause", "--target", "brand-project"],
                    env=env,
                    capture_output=True,
                    check=False,
                    timeout=60,
                )
                assert paused.returncode == 0, paused.stdout + paused.stderr

                def paused_instance() -> bool:
                    agents = client.get(f"{API}/agents", headers=auth).json()["items"]
                    found = next(a for a in agents if a["name"] == "brand-project")
                    return any(i["status"] == "paused" for i in found["instances"])

                wait_for(paused_instance)
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=60) == 0  # a graceful stop
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()


def test_a_worker_without_a_broker_url_refuses_to_start(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "umt.entrypoints.cli", "worker", "--all"],
        env={**os.environ, "UMT_BROKER_URL": "", "UMT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "UMT_BROKER_URL" in result.stderr
