"""Settings from files: one file per setting in a secrets directory (Docker and Kubernetes
secrets under /run/secrets, Vault Agent's rendered files), named like its variable."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from pydantic import SecretStr

from umt.entrypoints import settings as settings_module
from umt.entrypoints.settings import ConfigurationError, Settings, secrets_directory

JWT = "s" * 40


@pytest.fixture
def secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "secrets"
    directory.mkdir()
    monkeypatch.setenv("UMT_SECRETS_DIR", str(directory))
    for name in ("UMT_JWT_SECRET", "UMT_DATABASE_URL", "UMT_MAIL_BACKEND", "UMT_PLATFORM_APPS"):
        monkeypatch.delenv(name, raising=False)
    return directory


def test_a_file_per_setting_in_either_spelling_fills_its_section(secrets: Path) -> None:
    (secrets / "UMT_JWT_SECRET").write_text(JWT + "\n")  # a trailing newline is not the secret
    (secrets / "umt_database_url").write_text("postgresql+asyncpg://umt:pw@db/umt")
    (secrets / "umt_mail_backend").write_text("smtp")
    (secrets / "UMT_PLATFORM_APPS").write_text('{"meta": {"client_id": "app-1"}}')
    (secrets / "unrelated-secret").write_text("never read")
    settings = Settings(_env_file=None)
    assert settings.security.jwt_secret == SecretStr(JWT)
    assert settings.resolved_jwt_secret() == JWT
    assert settings.database.url == "postgresql+asyncpg://umt:pw@db/umt"
    assert settings.mail.backend == "smtp"
    assert settings.platforms.apps["meta"].client_id == "app-1"


def test_the_environment_and_keywords_win_over_a_file(
    secrets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (secrets / "umt_mail_backend").write_text("smtp")
    (secrets / "umt_jwt_secret").write_text(JWT)
    monkeypatch.setenv("UMT_MAIL_BACKEND", "file")
    settings = Settings(_env_file=None, jwt_secret="k" * 40)
    assert settings.mail.backend == "file"
    assert settings.resolved_jwt_secret() == "k" * 40


def test_a_kubernetes_secret_volume_is_read_through_its_symlinks(secrets: Path) -> None:
    # what the kubelet mounts: ..data -> a timestamped directory; each key a link through it
    version = secrets / "..2026_12_08_00_00_00.000000001"
    version.mkdir()
    (version / "UMT_JWT_SECRET").write_text(JWT)
    (secrets / "..data").symlink_to(version.name)
    (secrets / "UMT_JWT_SECRET").symlink_to("..data/UMT_JWT_SECRET")
    assert Settings(_env_file=None).resolved_jwt_secret() == JWT


def test_a_link_out_of_the_directory_is_not_followed(secrets: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.write_text(JWT)
    (secrets / "UMT_JWT_SECRET").symlink_to(outside)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        assert Settings(_env_file=None).security.jwt_secret is None


def test_an_invalid_value_in_a_file_names_its_setting(secrets: Path) -> None:
    (secrets / "UMT_DATABASE_POOL_SIZE").write_text("lots")
    with pytest.raises(ValueError, match=r"database\.pool_size\n  Input should be a valid integer"):
        Settings(_env_file=None)


def test_the_directory_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("UMT_SECRETS_DIR", str(tmp_path / "missing"))
    with pytest.raises(ConfigurationError, match=r"UMT_SECRETS_DIR=.*missing is not a directory"):
        Settings(_env_file=None)
    monkeypatch.setenv("UMT_SECRETS_DIR", "")  # empty: no secret files at all
    assert secrets_directory() is None
    # unset: /run/secrets when it exists (and not a warning when it does not)
    monkeypatch.delenv("UMT_SECRETS_DIR")
    monkeypatch.setattr(settings_module, "DEFAULT_SECRETS_DIR", tmp_path / "run-secrets")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert secrets_directory() is None
        Settings(_env_file=None)
    (tmp_path / "run-secrets").mkdir()
    (tmp_path / "run-secrets" / "umt_jwt_secret").write_text(JWT)
    assert secrets_directory() == tmp_path / "run-secrets"
    monkeypatch.delenv("UMT_JWT_SECRET", raising=False)
    assert Settings(_env_file=None).resolved_jwt_secret() == JWT


def test_a_directory_given_as_a_keyword_is_read(tmp_path: Path) -> None:
    (tmp_path / "UMT_JWT_SECRET").write_text(JWT)
    settings = Settings(_env_file=None, _secrets_dir=tmp_path)  # type: ignore[call-arg]
    assert settings.resolved_jwt_secret() == JWT
