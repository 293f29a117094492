"""Settings, read from ``UMT_*`` environment variables (and an optional ``.env`` file).

Every setting is documented in docs/configuration.md.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("var")
MIN_SECRET_LENGTH = 32


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class LogFormat(StrEnum):
    AUTO = "auto"
    JSON = "json"
    CONSOLE = "console"


class OtelExporter(StrEnum):
    """Where traces go."""

    NONE = "none"  # nothing recorded: the OpenTelemetry API stays a no-op
    CONSOLE = "console"  # spans printed to stdout (development)
    OTLP = "otlp"  # OTLP over HTTP/protobuf to a collector (UMT_OTEL_ENDPOINT)


class AgentsMode(StrEnum):
    """Whether ``umt serve`` runs the agents in its own process."""

    AUTO = "auto"  # yes on the in-process broker (nobody else could), no with RabbitMQ
    ALWAYS = "always"
    NEVER = "never"


class GeneratorKind(StrEnum):
    """Which content generator writes drafts (docs/generation.md)."""

    OFFLINE = "offline"  # the deterministic composer: no model, no network (the default)
    OPENAI = "openai"  # an OpenAI-compatible API, falling back to offline


class ModelPriceSetting(BaseModel):
    """A model's list price in US dollars per million tokens (``UMT_MODEL_PRICES``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    input_per_million: float = Field(ge=0, le=10_000)
    output_per_million: float = Field(ge=0, le=10_000)


class PlatformAppSettings(BaseModel):
    """The app umt is registered as at one platform (its OAuth client or API credentials).

    ``api_base_url`` and ``auth_base_url`` override the platform's documented endpoints (a
    regional host, a proxy, or a local fake server in tests); ``options`` holds a platform's
    own extras (a Google Ads developer token, a Meta Graph API version, ...).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    client_id: str = ""
    client_secret: SecretStr = SecretStr("")
    api_base_url: str | None = None
    auth_base_url: str | None = None
    options: dict[str, str] = Field(default_factory=dict)


class ConfigurationError(RuntimeError):
    """The settings cannot start the platform; the message says what to set."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="UMT_", env_file=".env", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str = ""
    database_pool_size: int = Field(default=20, ge=1, le=200)

    redis_url: str = ""
    cache_ttl_seconds: int = Field(default=60, ge=0, le=86_400)
    idempotency_ttl_seconds: int = Field(default=86_400, ge=60, le=30 * 86_400)
    cache_stale_seconds: int = Field(default=3_600, ge=0, le=7 * 86_400)

    # resilience: circuit breakers and retries around every external dependency
    breaker_failure_threshold: int = Field(default=5, ge=0, le=1_000)
    breaker_reset_seconds: float = Field(default=10.0, gt=0, le=600)
    breaker_sync_ms: int = Field(default=250, ge=10, le=60_000)
    retry_attempts: int = Field(default=3, ge=1, le=10)
    retry_base_delay_ms: int = Field(default=50, ge=1, le=10_000)
    retry_max_delay_ms: int = Field(default=500, ge=1, le=60_000)

    broker_url: str = ""
    run_agents: AgentsMode = AgentsMode.AUTO
    agent_concurrency: int | None = Field(default=None, ge=1, le=1000)
    heartbeat_seconds: float = Field(default=5.0, gt=0, le=300)
    agent_stale_seconds: float = Field(default=15.0, gt=0, le=3600)
    run_outbox_relay: bool = True
    shutdown_grace_seconds: float = Field(default=30.0, ge=0, le=3600)

    # The base URL users reach umt at, for links in mails and OAuth redirect URIs; empty means
    # http://<host>:<port> (right for `make run`, wrong behind a proxy: set it in production).
    public_base_url: str = ""
    # Per platform (keyed by Platform value, e.g. "meta"): UMT_PLATFORM_APPS as a JSON object.
    platform_apps: dict[str, PlatformAppSettings] = Field(default_factory=dict)

    credential_keys: SecretStr | None = None  # "kid:base64,kid2:base64", the last current
    jwt_secret: SecretStr | None = None
    jwt_algorithm: str = "HS256"
    jwt_issuer: str = "umt"
    jwt_audience: str = "umt-api"
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=30, ge=1, le=365)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    max_request_bytes: int = Field(default=1_048_576, ge=1024)
    rate_limits: bool = True
    rate_limit_sign_in_per_minute: int = Field(default=20, ge=1)
    rate_limit_user_per_minute: int = Field(default=1200, ge=1)
    rate_limit_anonymous_per_minute: int = Field(default=300, ge=1)
    rate_limit_api_key_per_minute: int = Field(default=1200, ge=1)
    cors_origins: str = ""  # comma-separated origins allowed to call the API from a browser
    hsts: bool = False  # send Strict-Transport-Security on plain-HTTP requests too (TLS proxy)

    log_format: LogFormat = LogFormat.AUTO
    log_level: str = "INFO"

    otel_exporter: OtelExporter = OtelExporter.NONE
    otel_endpoint: str = ""  # empty: the exporter's default, http://localhost:4318/v1/traces
    otel_service_name: str = "umt"
    metrics_port: int = Field(default=0, ge=0, le=65535)  # umt worker's /metrics; 0 = off

    # the sandbox platform (docs/sandbox.md)
    sandbox_seed: int = Field(default=0, ge=0)
    sandbox_redirect_uris: str = ""  # comma-separated extra redirect URIs (exact) it accepts
    # identity and access: sign-in lockout, invitations and the mail that carries them
    sign_in_lockout_threshold: int = Field(default=5, ge=0, le=1_000)  # 0: no lockout
    sign_in_lockout_base_seconds: float = Field(default=1.0, gt=0, le=3_600)
    sign_in_lockout_max_seconds: float = Field(default=900.0, gt=0, le=86_400)
    sign_in_lockout_window_seconds: float = Field(default=900.0, gt=0, le=86_400)
    invitation_days: int = Field(default=7, ge=1, le=90)
    # file: each mail an .eml file under <data_dir>/mail/ (the embedded default); smtp: UMT_SMTP_*
    mail_backend: str = Field(default="file", pattern="^(file|smtp)$")
    mail_from: str = "umt <no-reply@umt.invalid>"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    # starttls (587), ssl (TLS from the first byte, 465), none (a relay on the host, tests)
    smtp_security: str = Field(default="starttls", pattern="^(starttls|ssl|none)$")
    smtp_username: str = ""
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    # webhooks (docs/webhooks.md): inbound secrets per platform (unset: no endpoint, 404)
    webhook_meta_app_secret: SecretStr | None = None
    webhook_meta_verify_token: SecretStr | None = None
    webhook_x_consumer_secret: SecretStr | None = None
    webhook_linkedin_client_secret: SecretStr | None = None
    webhook_hubspot_client_secret: SecretStr | None = None
    webhook_tiktok_client_secret: SecretStr | None = None
    webhook_mailchimp_secret: SecretStr | None = None
    webhook_sandbox_secret: SecretStr | None = None
    webhook_tolerance_seconds: int = Field(default=300, ge=1, le=3600)
    webhook_public_url: str = ""  # https://host the platforms call, when a proxy rewrites it
    # outbound deliveries
    webhook_allow_private_urls: bool = False  # tests and closed networks only: SSRF guard off
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    webhook_max_attempts: int = Field(default=8, ge=1, le=50)
    webhook_retry_base_seconds: float = Field(default=5.0, gt=0, le=3600)
    webhook_retry_max_seconds: float = Field(default=3600.0, gt=0, le=86_400)
    webhook_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    run_webhook_sender: bool = True
    # integrations (docs/integrations.md)
    integrations_return_url: str = ""  # set: the OAuth callback answers 303 to this page
    oauth_state_minutes: int = Field(default=10, ge=1, le=60)
    token_refresh_ahead_minutes: int = Field(default=10, ge=1, le=24 * 60)
    health_check_minutes: int = Field(default=360, ge=1, le=7 * 24 * 60)
    integration_scheduler_seconds: float = Field(default=30.0, gt=0, le=3600)
    # content generation (docs/generation.md): the chain is primary > fallback > offline
    generator: GeneratorKind = GeneratorKind.OFFLINE
    openai_base_url: str = "https://api.openai.com/v1"
    openai_api_key: SecretStr | None = None
    openai_model: str = Field(default="gpt-4o-mini", min_length=1, max_length=200)
    openai_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    openai_max_concurrency: int = Field(default=8, ge=1, le=512)
    openai_max_retries: int = Field(default=3, ge=0, le=10)
    openai_max_wait_seconds: float = Field(default=60.0, ge=0, le=600)
    openai_fallback_base_url: str = ""  # empty: the primary's (a second model, same server)
    openai_fallback_model: str = Field(default="", max_length=200)  # empty: no secondary
    openai_fallback_api_key: SecretStr | None = None  # unset: the primary's key
    # the generation pipeline (docs/generation-pipeline.md): prices, budget, cache, limits
    model_prices: dict[str, ModelPriceSetting] = Field(default_factory=dict)  # over defaults
    generation_budget_tokens: int | None = Field(default=None, ge=0)  # per org and month
    generation_budget_usd: float | None = Field(default=None, ge=0, le=1e9)
    generation_cache_ttl_seconds: int = Field(default=86_400, ge=0, le=30 * 86_400)
    generation_concurrency: int = Field(default=4, ge=1, le=32)
    generation_repair_attempts: int = Field(default=2, ge=0, le=5)
    # content templates compile and render in worker processes (docs/content.md#templates)
    template_workers: int = Field(default=2, ge=1, le=64)
    template_cpu_seconds: int = Field(default=2, ge=1, le=60)
    template_memory_mb: int = Field(default=512, ge=128, le=65_536)

    @field_validator("jwt_algorithm")
    @classmethod
    def _pinned_algorithm(cls, value: str) -> str:
        if value not in {"HS256", "HS384", "HS512"}:
            raise ValueError("UMT_JWT_ALGORITHM must be one of HS256, HS384, HS512")
        return value

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, or the embedded SQLite database under the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'umt.db'}"

    @field_validator("public_base_url")
    @classmethod
    def _absolute_base_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if value and (
            parts.scheme not in {"http", "https"}
            or not parts.hostname
            or parts.query
            or parts.fragment
            or parts.username is not None
        ):
            raise ValueError("UMT_PUBLIC_BASE_URL must be an http(s) URL without query or user")
        return value.rstrip("/")

    @field_validator("openai_base_url", "openai_fallback_base_url")
    @classmethod
    def _api_base_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if value and (
            parts.scheme not in {"http", "https"}
            or not parts.hostname
            or parts.fragment
            or parts.username is not None
        ):
            raise ValueError("an OpenAI base URL is an http(s) URL without user or fragment")
        return value.rstrip("/")

    @field_validator("sandbox_redirect_uris")
    @classmethod
    def _absolute_redirect_uris(cls, value: str) -> str:
        for uri in (u.strip() for u in value.split(",")):
            parts = urlsplit(uri)
            if uri and (
                parts.scheme not in {"http", "https"} or not parts.hostname or parts.fragment
            ):
                raise ValueError("UMT_SANDBOX_REDIRECT_URIS holds http(s) URLs without fragment")
        return value

    @property
    def allowed_sandbox_redirect_uris(self) -> frozenset[str]:
        """The redirect URIs the sandbox's consent page accepts: umt's own sandbox callback,
        plus the configured extra ones (exact matches, never a prefix)."""
        extra = {uri.strip() for uri in self.sandbox_redirect_uris.split(",") if uri.strip()}
        own = f"{self.resolved_public_base_url}/api/v1/integrations/sandbox/callback"
        return frozenset({own, *extra})

    @property
    def resolved_public_base_url(self) -> str:
        return (self.public_base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def allowed_cors_origins(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    @property
    def uses_in_process_broker(self) -> bool:
        return not self.broker_url

    @property
    def serves_agents_in_process(self) -> bool:
        if self.run_agents is AgentsMode.AUTO:
            return self.uses_in_process_broker
        return self.run_agents is AgentsMode.ALWAYS

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    def resolved_log_format(self) -> LogFormat:
        if self.log_format is not LogFormat.AUTO:
            return self.log_format
        return LogFormat.JSON if self.is_production else LogFormat.CONSOLE

    def resolved_jwt_secret(self) -> str:
        """The signing secret. Production must set one; development keeps a generated one."""
        if self.jwt_secret is not None:
            value = self.jwt_secret.get_secret_value()
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
        if self.credential_keys is not None:
            return self.credential_keys.get_secret_value()
        if self.is_production:
            raise ConfigurationError(
                "UMT_CREDENTIAL_KEYS is not set. In production the key ring that encrypts "
                "platform credentials must be provided: `umt keys generate` prints an entry."
            )
        return _development_secret(self.data_dir / "credential_keys", _development_key_ring)


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
