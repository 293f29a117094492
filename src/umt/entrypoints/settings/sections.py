"""The sections of the settings: one model per concern, one field per ``UMT_*`` variable.

Each field is the one place a setting is declared. Its variable keeps the flat name it has
always had (``UMT_DATABASE_URL``, not ``UMT_DATABASE__URL``): a field whose name inside its
section differs from that name reads it through its ``validation_alias`` (``url`` in
``DatabaseSettings`` reads ``database_url``). Sections accept both spellings, so
``DatabaseSettings(url=...)`` and the flat ``Settings(database_url=...)`` both work.
docs/configuration.md documents every variable, grouped by these sections.
"""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

# frozen: the settings a process started with never change under it; a copy with other
# values is made with ``Settings.model_copy(update=...)``.
SECTION_CONFIG = ConfigDict(
    extra="forbid", frozen=True, validate_by_name=True, validate_by_alias=True
)


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


class ForwardedHeader(StrEnum):
    """The header the trusted proxies write the client's address to (http/forwarded.py)."""

    X_FORWARDED_FOR = "x-forwarded-for"  # with X-Forwarded-Proto (nginx, most ingresses, ALB)
    FORWARDED = "forwarded"  # RFC 7239: for= and proto= (Envoy, HAProxy, Traefik can)


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> tuple[Network, ...]:
    """``"10.0.0.0/8, 192.168.1.7, ::1"`` -> networks (a bare address is a /32 or /128).

    Raises ValueError naming the entry that is neither."""
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network (CIDR)") from None
    return tuple(networks)


class GeneratorKind(StrEnum):
    """Which content generator writes drafts (docs/generation.md)."""

    OFFLINE = "offline"  # the deterministic composer: no model, no network (the default)
    OPENAI = "openai"  # an OpenAI-compatible API, falling back to offline


class DatabaseSettings(BaseModel):
    """The store of the aggregates, the outbox and the inbox."""

    model_config = SECTION_CONFIG

    # empty: the embedded SQLite database under the data directory; memory:// in process
    url: str = Field(default="", validation_alias="database_url")
    pool_size: int = Field(default=20, ge=1, le=200, validation_alias="database_pool_size")

    @property
    def in_memory(self) -> bool:
        """``memory://``: a throwaway in-process store instead of a database."""
        return self.url.startswith("memory://")


class CacheSettings(BaseModel):
    """Redis (shared by every instance) or process memory: caches, idempotency keys."""

    model_config = SECTION_CONFIG

    redis_url: str = ""
    ttl_seconds: int = Field(default=60, ge=0, le=86_400, validation_alias="cache_ttl_seconds")
    stale_seconds: int = Field(
        default=3_600, ge=0, le=7 * 86_400, validation_alias="cache_stale_seconds"
    )
    idempotency_ttl_seconds: int = Field(default=86_400, ge=60, le=30 * 86_400)


class ResilienceSettings(BaseModel):
    """Circuit breakers and retries around every external dependency."""

    model_config = SECTION_CONFIG

    breaker_failure_threshold: int = Field(default=5, ge=0, le=1_000)
    breaker_reset_seconds: float = Field(default=10.0, gt=0, le=600)
    breaker_sync_ms: int = Field(default=250, ge=10, le=60_000)
    retry_attempts: int = Field(default=3, ge=1, le=10)
    retry_base_delay_ms: int = Field(default=50, ge=1, le=10_000)
    retry_max_delay_ms: int = Field(default=500, ge=1, le=60_000)


class BrokerSettings(BaseModel):
    """The message broker and the agents, relays and loops that run on it."""

    model_config = SECTION_CONFIG

    url: str = Field(default="", validation_alias="broker_url")  # empty: in-process broker
    run_agents: AgentsMode = AgentsMode.AUTO
    agent_concurrency: int | None = Field(default=None, ge=1, le=1000)
    heartbeat_seconds: float = Field(default=5.0, gt=0, le=300)
    agent_stale_seconds: float = Field(default=15.0, gt=0, le=3600)
    run_outbox_relay: bool = True
    # the background loops of the contexts of the agents a process runs (umt serve on the
    # embedded default, umt worker); false when `umt scheduler` runs them all
    run_background_loops: bool = True
    shutdown_grace_seconds: float = Field(default=30.0, ge=0, le=3600)

    @property
    def in_process(self) -> bool:
        return not self.url

    @property
    def serves_agents_in_process(self) -> bool:
        if self.run_agents is AgentsMode.AUTO:
            return self.in_process
        return self.run_agents is AgentsMode.ALWAYS


class HttpSettings(BaseModel):
    """The HTTP server: where it listens, what it is reached at, what it lets through."""

    model_config = SECTION_CONFIG

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # The base URL users reach umt at, for links in mails and OAuth redirect URIs; empty means
    # http://<host>:<port> (right for `make run`, wrong behind a proxy: set it in production).
    public_base_url: str = ""
    max_request_bytes: int = Field(default=1_048_576, ge=1024)
    rate_limits: bool = True
    rate_limit_sign_in_per_minute: int = Field(default=20, ge=1)
    rate_limit_user_per_minute: int = Field(default=1200, ge=1)
    rate_limit_anonymous_per_minute: int = Field(default=300, ge=1)
    rate_limit_api_key_per_minute: int = Field(default=1200, ge=1)
    cors_origins: str = ""  # comma-separated origins allowed to call the API from a browser
    hsts: bool = False  # send Strict-Transport-Security on plain-HTTP requests too (TLS proxy)
    # comma-separated addresses or CIDR networks of the reverse proxies whose forwarding
    # header is believed (empty: none; the peer is the client)
    trusted_proxies: str = ""
    forwarded_header: ForwardedHeader = ForwardedHeader.X_FORWARDED_FOR
    # the built web app served at / (relative to the working directory); empty: the API only.
    # `make run` sets web/dist; the default does not, so nothing depends on where umt starts.
    web_dir: str = ""

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        try:
            parse_networks(value)
        except ValueError as exc:
            raise ValueError(f"UMT_TRUSTED_PROXIES: {exc}") from None
        return value

    @property
    def trusted_proxy_networks(self) -> tuple[Network, ...]:
        return parse_networks(self.trusted_proxies)

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

    @property
    def resolved_public_base_url(self) -> str:
        return (self.public_base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def allowed_cors_origins(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


class SecuritySettings(BaseModel):
    """Identity and access: signing keys, token lifetimes, sign-in lockout, invitations."""

    model_config = SECTION_CONFIG

    credential_keys: SecretStr | None = None  # "kid:base64,kid2:base64", the last current
    jwt_secret: SecretStr | None = None
    jwt_algorithm: str = "HS256"
    jwt_issuer: str = "umt"
    jwt_audience: str = "umt-api"
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=30, ge=1, le=365)
    sign_in_lockout_threshold: int = Field(default=5, ge=0, le=1_000)  # 0: no lockout
    sign_in_lockout_base_seconds: float = Field(default=1.0, gt=0, le=3_600)
    sign_in_lockout_max_seconds: float = Field(default=900.0, gt=0, le=86_400)
    sign_in_lockout_window_seconds: float = Field(default=900.0, gt=0, le=86_400)
    invitation_days: int = Field(default=7, ge=1, le=90)

    @field_validator("jwt_algorithm")
    @classmethod
    def _pinned_algorithm(cls, value: str) -> str:
        if value not in {"HS256", "HS384", "HS512"}:
            raise ValueError("UMT_JWT_ALGORITHM must be one of HS256, HS384, HS512")
        return value


class MailSettings(BaseModel):
    """Outbound mail (invitations)."""

    model_config = SECTION_CONFIG

    # file: each mail an .eml file under <data_dir>/mail/ (the embedded default); smtp: UMT_SMTP_*
    backend: str = Field(default="file", pattern="^(file|smtp)$", validation_alias="mail_backend")
    sender: str = Field(default="umt <no-reply@umt.invalid>", validation_alias="mail_from")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    # starttls (587), ssl (TLS from the first byte, 465), none (a relay on the host, tests)
    smtp_security: str = Field(default="starttls", pattern="^(starttls|ssl|none)$")
    smtp_username: str = ""
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=300)


class ObservabilitySettings(BaseModel):
    """Logs, traces and metrics."""

    model_config = SECTION_CONFIG

    log_format: LogFormat = LogFormat.AUTO
    log_level: str = "INFO"
    otel_exporter: OtelExporter = OtelExporter.NONE
    otel_endpoint: str = ""  # empty: the exporter's default, http://localhost:4318/v1/traces
    otel_service_name: str = "umt"
    # /health/live, /health/ready and /metrics of umt worker, relay and scheduler (on UMT_HOST);
    # 0 = off (several processes on one host would fight over one fixed port)
    probe_port: int = Field(default=0, ge=0, le=65535)
    metrics_port: int = Field(default=0, ge=0, le=65535)  # the former name of probe_port

    @property
    def resolved_probe_port(self) -> int:
        """UMT_PROBE_PORT, else the port set under its former name (UMT_METRICS_PORT)."""
        return self.probe_port or self.metrics_port
