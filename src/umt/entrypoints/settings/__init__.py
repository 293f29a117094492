"""Settings, read from ``UMT_*`` environment variables, an optional ``.env`` file, and files
in a secrets directory (``/run/secrets``, or ``UMT_SECRETS_DIR``: one file per setting, named
like its variable, ``UMT_JWT_SECRET`` or ``umt_jwt_secret``, holding its value), in that order
of precedence.

The settings are grouped in sections (``settings.database.url``, ``settings.cache.redis_url``,
...), declared in ``sections.py`` and ``feature_sections.py``, while every variable keeps its
flat name (``UMT_DATABASE_URL``) and so does every keyword: ``Settings(database_url=...)``,
``settings.model_copy(update={"database_url": ...})`` and ``umt.connect(database_url=...)``
take the flat names (``environment_names()`` lists them). Every setting is documented in
docs/configuration.md, grouped by section.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable, Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Self

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SecretsSettingsSource,
    SettingsConfigDict,
)

from umt.entrypoints.settings.analytics_section import AnalyticsSettings
from umt.entrypoints.settings.feature_sections import (
    GenerationSettings,
    ModelPriceSetting,
    PlatformAppSettings,
    PlatformSettings,
    TemplateSettings,
    WebhookSettings,
)
from umt.entrypoints.settings.flat import FlatNames
from umt.entrypoints.settings.flat import NestedSource as _NestedSource
from umt.entrypoints.settings.insights_section import InsightSettings
from umt.entrypoints.settings.publishing_section import PublishingSettings
from umt.entrypoints.settings.research_section import ResearchSettings
from umt.entrypoints.settings.sections import (
    AgentsMode,
    BrokerSettings,
    CacheSettings,
    DatabaseSettings,
    ForwardedHeader,
    GeneratorKind,
    HttpSettings,
    LogFormat,
    MailSettings,
    ObservabilitySettings,
    OtelExporter,
    ResilienceSettings,
    SecuritySettings,
)

__all__ = [
    "AgentsMode",
    "AnalyticsSettings",
    "BrokerSettings",
    "CacheSettings",
    "ConfigurationError",
    "DatabaseSettings",
    "Environment",
    "ForwardedHeader",
    "GenerationSettings",
    "GeneratorKind",
    "HttpSettings",
    "LogFormat",
    "MailSettings",
    "ModelPriceSetting",
    "ObservabilitySettings",
    "OtelExporter",
    "PlatformAppSettings",
    "PlatformSettings",
    "PublishingSettings",
    "ResearchSettings",
    "ResilienceSettings",
    "SecuritySettings",
    "Settings",
    "TemplateSettings",
    "WebhookSettings",
    "environment_names",
]

DEFAULT_DATA_DIR = Path("var")
# where Docker and Kubernetes mount secrets as files (read when it exists; UMT_SECRETS_DIR moves it)
DEFAULT_SECRETS_DIR = Path("/run/secrets")
MIN_SECRET_LENGTH = 32
ENV_PREFIX = "UMT_"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class ConfigurationError(RuntimeError):
    """The settings cannot start the platform; the message says what to set."""


class Settings(BaseSettings):
    """Every setting of a umt process, by section. Built from the environment by
    ``Settings()``; keywords take the flat variable names without the prefix."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_file=".env", extra="ignore")

    # what every section may depend on: the kind of deployment and the embedded files
    environment: Environment = Environment.DEVELOPMENT
    # production starts on development-only backends (SQLite, the in-process broker, file mail)
    allow_development_backends: bool = False
    data_dir: Path = DEFAULT_DATA_DIR
    # read from the environment before the other settings (secrets_directory()); here so that
    # it is documented and listed with them. Empty: no secret files.
    secrets_dir: str = str(DEFAULT_SECRETS_DIR)

    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    cache: CacheSettings = Field(default_factory=CacheSettings)
    resilience: ResilienceSettings = Field(default_factory=ResilienceSettings)
    broker: BrokerSettings = Field(default_factory=BrokerSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    observability: ObservabilitySettings = Field(default_factory=ObservabilitySettings)
    platforms: PlatformSettings = Field(default_factory=PlatformSettings)
    webhooks: WebhookSettings = Field(default_factory=WebhookSettings)
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    templates: TemplateSettings = Field(default_factory=TemplateSettings)
    publishing: PublishingSettings = Field(default_factory=PublishingSettings)
    research: ResearchSettings = Field(default_factory=ResearchSettings)
    analytics: AnalyticsSettings = Field(default_factory=AnalyticsSettings)
    insights: InsightSettings = Field(default_factory=InsightSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The usual sources and order, reading the flat names (settings/flat.py): keywords,
        the environment, the .env file, then the secret files (of the directory given as
        ``Settings(_secrets_dir=...)``, else ``secrets_directory()``)."""
        names = _flat_names()
        given = getattr(file_secret_settings, "secrets_dir", None)
        secrets = SecretsSettingsSource(
            settings_cls,
            secrets_dir=given if given is not None else secrets_directory(),
            case_sensitive=False,
            env_prefix=ENV_PREFIX,
        )
        return (
            _NestedSource(settings_cls, init_settings, names, reads_fields=False),
            _NestedSource(settings_cls, env_settings, names, reads_fields=True),
            _NestedSource(settings_cls, dotenv_settings, names, reads_fields=True),
            _NestedSource(settings_cls, secrets, names, reads_fields=True),
        )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with some settings replaced, named by their flat names
        (``update={"database_url": ...}``) or whole sections (``update={"database": ...}``).
        Like pydantic's, the values are not validated."""
        if not update:
            return super().model_copy(deep=deep)
        top, sections = _flat_names().split_update(update)
        for section, values in sections.items():
            base = top.get(section, getattr(self, section))
            top[section] = base.model_copy(update=values)
        return super().model_copy(update=top, deep=deep)

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, or the embedded SQLite database under the data directory."""
        if self.database.url:
            return self.database.url
        return f"sqlite+aiosqlite:///{self.data_dir / 'umt.db'}"

    @property
    def allowed_sandbox_redirect_uris(self) -> frozenset[str]:
        """The redirect URIs the sandbox's consent page accepts: umt's own sandbox callback,
        plus the configured extra ones (exact matches, never a prefix)."""
        configured = self.platforms.sandbox_redirect_uris.split(",")
        extra = {uri.strip() for uri in configured if uri.strip()}
        own = f"{self.http.resolved_public_base_url}/api/v1/integrations/sandbox/callback"
        return frozenset({own, *extra})

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    def resolved_log_format(self) -> LogFormat:
        if self.observability.log_format is not LogFormat.AUTO:
            return self.observability.log_format
        return LogFormat.JSON if self.is_production else LogFormat.CONSOLE

    def resolved_jwt_secret(self) -> str:
        """The signing secret. Production must set one; development keeps a generated one."""
        if self.security.jwt_secret is not None:
            value = self.security.jwt_secret.get_secret_value()
            if len(value) < MIN_SECRET_LENGTH:
                raise ConfigurationError(
                    f"UMT_JWT_SECRET must be at least {MIN_SECRET_LENGTH} characters"
                )
            return value
        if self.is_production:
            raise ConfigurationError(
                "UMT_JWT_SECRET is not set. In production the token signing secret must be "
                "provided (at least 32 random characters, e.g. `openssl rand -hex 32`)."
            )
        return _development_secret(self.data_dir / "jwt_secret")

    def resolved_credential_keys(self) -> str:
        """The credential vault's key ring. Production must set one; development keeps a
        generated single-key ring under the data directory."""
        if self.security.credential_keys is not None:
            return self.security.credential_keys.get_secret_value()
        if self.is_production:
            raise ConfigurationError(
                "UMT_CREDENTIAL_KEYS is not set. In production the key ring that encrypts "
                "platform credentials must be provided: `umt keys generate` prints an entry."
            )
        return _development_secret(self.data_dir / "credential_keys", _development_key_ring)


@cache
def _flat_names() -> FlatNames:
    """Built once, on first use (Settings is complete by then)."""
    return FlatNames(Settings)


def secrets_directory() -> Path | None:
    """The directory of the secret files: ``UMT_SECRETS_DIR`` (empty: none; a path that is
    no directory is a ConfigurationError), else ``/run/secrets`` when it exists."""
    configured = os.environ.get(f"{ENV_PREFIX}SECRETS_DIR")
    if configured is None:
        return DEFAULT_SECRETS_DIR if DEFAULT_SECRETS_DIR.is_dir() else None
    if not configured.strip():
        return None
    path = Path(configured)
    if not path.is_dir():
        raise ConfigurationError(f"UMT_SECRETS_DIR={configured} is not a directory")
    return path


def environment_names() -> list[str]:
    """Every environment variable the settings read (``UMT_DATABASE_URL``, ...), in the
    order they are declared."""
    return [f"{ENV_PREFIX}{name}".upper() for name in _flat_names()]


def _development_key_ring() -> str:
    return f"dev-1:{base64.b64encode(secrets.token_bytes(32)).decode()}"


def _development_secret(path: Path, make: Callable[[], str] | None = None) -> str:
    """Read the generated development secret, creating it (mode 0600) on first use."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make() if make is not None else secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value
