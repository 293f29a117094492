"""Production refuses the development-only backends (state in one process or on one host's
disk) unless UMT_ALLOW_DEVELOPMENT_BACKENDS says the operator knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from umt.entrypoints.cli import main
from umt.entrypoints.deployment import development_backends, refuse_development_backends
from umt.entrypoints.settings import ConfigurationError, Settings

SHARED = {
    "database_url": "postgresql+asyncpg://umt:pw@db.internal:5432/umt",
    "broker_url": "amqp://umt:pw@mq.internal:5672/umt",
    "mail_backend": "smtp",
}


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, jwt_secret="p" * 40, **values)  # type: ignore[arg-type]


def test_the_embedded_defaults_are_all_development_only(tmp_path: Path) -> None:
    found = development_backends(settings(data_dir=tmp_path))
    assert len(found) == 3
    assert "SQLite" in found[0]
    assert "in-process broker" in found[1]
    assert str(tmp_path / "mail") in found[2]


def test_production_on_shared_services_starts() -> None:
    production = settings(environment="production", **SHARED)
    assert development_backends(production) == []
    refuse_development_backends(production)  # no error


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"database_url": "memory://"}, "UMT_DATABASE_URL=memory://"),
        ({"database_url": "sqlite+aiosqlite:////srv/umt.db"}, "the database is SQLite"),
        ({"broker_url": ""}, "UMT_BROKER_URL=amqp://"),
        ({"mail_backend": "file"}, "UMT_MAIL_BACKEND=smtp"),
        ({"sandbox_lost_response_rate": 0.1}, "UMT_SANDBOX_LOST_RESPONSE_RATE"),
    ],
)
def test_production_refuses_each_development_backend(
    override: dict[str, object], named: str
) -> None:
    production = settings(environment="production", **{**SHARED, **override})
    with pytest.raises(ConfigurationError) as refused:
        refuse_development_backends(production)
    message = str(refused.value)
    assert named in message
    assert message.count("\n  - ") == 1  # only that one
    assert "UMT_ALLOW_DEVELOPMENT_BACKENDS=true" in message
    allowed = settings(environment="production", allow_development_backends=True, **override)
    refuse_development_backends(allowed)  # told to: starts


def test_development_never_refuses() -> None:
    refuse_development_backends(settings(database_url="memory://"))


@pytest.mark.parametrize("command", [["serve", "--no-migrate"], ["scheduler"]])
def test_the_processes_refuse_to_start_with_exit_code_2(
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("UMT_ENVIRONMENT", "production")
    monkeypatch.setenv("UMT_JWT_SECRET", "p" * 40)
    monkeypatch.setenv("UMT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("UMT_BROKER_URL", SHARED["broker_url"])
    monkeypatch.setenv("UMT_MAIL_BACKEND", "file")
    monkeypatch.delenv("UMT_DATABASE_URL", raising=False)
    monkeypatch.delenv("UMT_ALLOW_DEVELOPMENT_BACKENDS", raising=False)
    assert main(command) == 2
    error = capsys.readouterr().err
    assert error.startswith("configuration error: UMT_ENVIRONMENT=production refuses")
    assert "the database is SQLite" in error
    assert "UMT_MAIL_BACKEND=file" in error
    assert "in-process broker" not in error
    assert not (tmp_path / "umt.db").exists()  # refused before touching anything


def test_the_kubernetes_production_overlay_starts_in_production() -> None:
    """deploy/k8s: the base settings with the production overlay's, and the Secret's keys
    (the overlay names them; an operator supplies them), pass the production check."""
    import yaml

    deploy = Path(__file__).resolve().parents[3] / "deploy" / "k8s"
    values = dict(
        line.split("=", 1)
        for line in (deploy / "base" / "settings.env").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    overlay = yaml.safe_load(
        (deploy / "overlays" / "production" / "kustomization.yaml").read_text()
    )
    for generator in overlay["configMapGenerator"]:
        values |= dict(literal.split("=", 1) for literal in generator["literals"])
    secret = {
        "UMT_DATABASE_URL": SHARED["database_url"],
        "UMT_BROKER_URL": SHARED["broker_url"],
    }
    configured = {
        name.removeprefix("UMT_").lower(): value for name, value in {**values, **secret}.items()
    }
    production = Settings(_env_file=None, jwt_secret="p" * 40, **configured)
    assert production.is_production
    refuse_development_backends(production)
