"""Each ``UMT_*`` variable, set in the environment under its flat name, lands in its field of
its section; flat keywords and overrides keep working beside the sections."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from umt.entrypoints.settings import (
    AgentsMode,
    DatabaseSettings,
    Environment,
    ForwardedHeader,
    GeneratorKind,
    LogFormat,
    OtelExporter,
    PlatformAppSettings,
    Settings,
    environment_names,
)
from umt.entrypoints.settings.feature_sections import ModelPriceSetting

SECRET = SecretStr

# variable, where it lands, the value set, the value read (all different from the defaults)
EXPECTED: list[tuple[str, str, str, Any]] = [
    ("UMT_ENVIRONMENT", "environment", "production", Environment.PRODUCTION),
    ("UMT_DATA_DIR", "data_dir", "/srv/umt", Path("/srv/umt")),
    ("UMT_ALLOW_DEVELOPMENT_BACKENDS", "allow_development_backends", "true", True),
    ("UMT_SECRETS_DIR", "secrets_dir", "", ""),  # empty: no secret files (a path must exist)
    ("UMT_DATABASE_URL", "database.url", "memory://", "memory://"),
    ("UMT_DATABASE_POOL_SIZE", "database.pool_size", "7", 7),
    ("UMT_REDIS_URL", "cache.redis_url", "redis://r:6379/0", "redis://r:6379/0"),
    ("UMT_CACHE_TTL_SECONDS", "cache.ttl_seconds", "61", 61),
    ("UMT_CACHE_STALE_SECONDS", "cache.stale_seconds", "62", 62),
    ("UMT_IDEMPOTENCY_TTL_SECONDS", "cache.idempotency_ttl_seconds", "63", 63),
    ("UMT_BREAKER_FAILURE_THRESHOLD", "resilience.breaker_failure_threshold", "6", 6),
    ("UMT_BREAKER_RESET_SECONDS", "resilience.breaker_reset_seconds", "11.5", 11.5),
    ("UMT_BREAKER_SYNC_MS", "resilience.breaker_sync_ms", "251", 251),
    ("UMT_RETRY_ATTEMPTS", "resilience.retry_attempts", "4", 4),
    ("UMT_RETRY_BASE_DELAY_MS", "resilience.retry_base_delay_ms", "51", 51),
    ("UMT_RETRY_MAX_DELAY_MS", "resilience.retry_max_delay_ms", "501", 501),
    ("UMT_BROKER_URL", "broker.url", "amqp://b/", "amqp://b/"),
    ("UMT_RUN_AGENTS", "broker.run_agents", "always", AgentsMode.ALWAYS),
    ("UMT_AGENT_CONCURRENCY", "broker.agent_concurrency", "3", 3),
    ("UMT_HEARTBEAT_SECONDS", "broker.heartbeat_seconds", "5.5", 5.5),
    ("UMT_AGENT_STALE_SECONDS", "broker.agent_stale_seconds", "15.5", 15.5),
    ("UMT_RUN_OUTBOX_RELAY", "broker.run_outbox_relay", "false", False),
    ("UMT_RUN_BACKGROUND_LOOPS", "broker.run_background_loops", "false", False),
    ("UMT_SHUTDOWN_GRACE_SECONDS", "broker.shutdown_grace_seconds", "30.5", 30.5),
    ("UMT_HOST", "http.host", "0.0.0.0", "0.0.0.0"),  # noqa: S104  # a value, not a bind
    ("UMT_PORT", "http.port", "8001", 8001),
    ("UMT_PUBLIC_BASE_URL", "http.public_base_url", "https://u.example/", "https://u.example"),
    ("UMT_MAX_REQUEST_BYTES", "http.max_request_bytes", "2048", 2048),
    ("UMT_RATE_LIMITS", "http.rate_limits", "false", False),
    ("UMT_RATE_LIMIT_SIGN_IN_PER_MINUTE", "http.rate_limit_sign_in_per_minute", "21", 21),
    ("UMT_RATE_LIMIT_USER_PER_MINUTE", "http.rate_limit_user_per_minute", "1201", 1201),
    ("UMT_RATE_LIMIT_ANONYMOUS_PER_MINUTE", "http.rate_limit_anonymous_per_minute", "301", 301),
    ("UMT_RATE_LIMIT_API_KEY_PER_MINUTE", "http.rate_limit_api_key_per_minute", "1202", 1202),
    ("UMT_CORS_ORIGINS", "http.cors_origins", "https://a.example", "https://a.example"),
    ("UMT_HSTS", "http.hsts", "true", True),
    ("UMT_TRUSTED_PROXIES", "http.trusted_proxies", "10.0.0.0/8", "10.0.0.0/8"),
    ("UMT_WEB_DIR", "http.web_dir", "/opt/umt/web", "/opt/umt/web"),
    ("UMT_FORWARDED_HEADER", "http.forwarded_header", "forwarded", ForwardedHeader.FORWARDED),
    ("UMT_CREDENTIAL_KEYS", "security.credential_keys", "k:AAAA", SECRET("k:AAAA")),
    ("UMT_JWT_SECRET", "security.jwt_secret", "j" * 32, SECRET("j" * 32)),
    ("UMT_JWT_ALGORITHM", "security.jwt_algorithm", "HS512", "HS512"),
    ("UMT_JWT_ISSUER", "security.jwt_issuer", "iss", "iss"),
    ("UMT_JWT_AUDIENCE", "security.jwt_audience", "aud", "aud"),
    ("UMT_ACCESS_TOKEN_MINUTES", "security.access_token_minutes", "16", 16),
    ("UMT_REFRESH_TOKEN_DAYS", "security.refresh_token_days", "31", 31),
    ("UMT_SIGN_IN_LOCKOUT_THRESHOLD", "security.sign_in_lockout_threshold", "0", 0),
    ("UMT_SIGN_IN_LOCKOUT_BASE_SECONDS", "security.sign_in_lockout_base_seconds", "2", 2.0),
    ("UMT_SIGN_IN_LOCKOUT_MAX_SECONDS", "security.sign_in_lockout_max_seconds", "901", 901.0),
    ("UMT_SIGN_IN_LOCKOUT_WINDOW_SECONDS", "security.sign_in_lockout_window_seconds", "902", 902.0),
    ("UMT_INVITATION_DAYS", "security.invitation_days", "8", 8),
    ("UMT_MAIL_BACKEND", "mail.backend", "smtp", "smtp"),
    ("UMT_MAIL_FROM", "mail.sender", "me <me@x.example>", "me <me@x.example>"),
    ("UMT_SMTP_HOST", "mail.smtp_host", "smtp.example", "smtp.example"),
    ("UMT_SMTP_PORT", "mail.smtp_port", "465", 465),
    ("UMT_SMTP_SECURITY", "mail.smtp_security", "ssl", "ssl"),
    ("UMT_SMTP_USERNAME", "mail.smtp_username", "user", "user"),
    ("UMT_SMTP_PASSWORD", "mail.smtp_password", "pw", SECRET("pw")),
    ("UMT_SMTP_TIMEOUT_SECONDS", "mail.smtp_timeout_seconds", "11", 11.0),
    ("UMT_LOG_FORMAT", "observability.log_format", "json", LogFormat.JSON),
    ("UMT_LOG_LEVEL", "observability.log_level", "DEBUG", "DEBUG"),
    ("UMT_OTEL_EXPORTER", "observability.otel_exporter", "console", OtelExporter.CONSOLE),
    ("UMT_OTEL_ENDPOINT", "observability.otel_endpoint", "http://c:4318", "http://c:4318"),
    ("UMT_OTEL_SERVICE_NAME", "observability.otel_service_name", "umt-x", "umt-x"),
    ("UMT_PROBE_PORT", "observability.probe_port", "9464", 9464),
    ("UMT_METRICS_PORT", "observability.metrics_port", "9100", 9100),
    (
        "UMT_PLATFORM_APPS",
        "platforms.apps",
        '{"meta": {"client_id": "m"}}',
        {"meta": PlatformAppSettings(client_id="m")},
    ),
    ("UMT_SANDBOX_SEED", "platforms.sandbox_seed", "9", 9),
    ("UMT_SANDBOX_LOST_RESPONSE_RATE", "platforms.sandbox_lost_response_rate", "0.01", 0.01),
    (
        "UMT_SANDBOX_REDIRECT_URIS",
        "platforms.sandbox_redirect_uris",
        "https://r/cb",
        "https://r/cb",
    ),
    (
        "UMT_INTEGRATIONS_RETURN_URL",
        "platforms.integrations_return_url",
        "https://r/",
        "https://r/",
    ),
    ("UMT_OAUTH_STATE_MINUTES", "platforms.oauth_state_minutes", "11", 11),
    ("UMT_TOKEN_REFRESH_AHEAD_MINUTES", "platforms.token_refresh_ahead_minutes", "12", 12),
    ("UMT_HEALTH_CHECK_MINUTES", "platforms.health_check_minutes", "361", 361),
    ("UMT_INTEGRATION_SCHEDULER_SECONDS", "platforms.integration_scheduler_seconds", "31", 31.0),
    ("UMT_METRIC_SYNC_MINUTES", "platforms.metric_sync_minutes", "45", 45),
    ("UMT_METRIC_SYNC_SCHEDULER_SECONDS", "platforms.metric_sync_scheduler_seconds", "61", 61.0),
    ("UMT_AD_REVIEW_SECONDS", "platforms.ad_review_seconds", "600", 600.0),
    ("UMT_AD_PACING_LOW", "platforms.ad_pacing_low", "0.85", 0.85),
    ("UMT_AD_PACING_HIGH", "platforms.ad_pacing_high", "1.2", 1.2),
    ("UMT_WEBHOOK_META_APP_SECRET", "webhooks.meta_app_secret", "w1", SECRET("w1")),
    ("UMT_WEBHOOK_META_VERIFY_TOKEN", "webhooks.meta_verify_token", "w2", SECRET("w2")),
    ("UMT_WEBHOOK_X_CONSUMER_SECRET", "webhooks.x_consumer_secret", "w3", SECRET("w3")),
    ("UMT_WEBHOOK_LINKEDIN_CLIENT_SECRET", "webhooks.linkedin_client_secret", "w4", SECRET("w4")),
    ("UMT_WEBHOOK_HUBSPOT_CLIENT_SECRET", "webhooks.hubspot_client_secret", "w5", SECRET("w5")),
    ("UMT_WEBHOOK_TIKTOK_CLIENT_SECRET", "webhooks.tiktok_client_secret", "w6", SECRET("w6")),
    ("UMT_WEBHOOK_MAILCHIMP_SECRET", "webhooks.mailchimp_secret", "w7", SECRET("w7")),
    ("UMT_WEBHOOK_SANDBOX_SECRET", "webhooks.sandbox_secret", "w8", SECRET("w8")),
    ("UMT_WEBHOOK_TOLERANCE_SECONDS", "webhooks.tolerance_seconds", "301", 301),
    ("UMT_WEBHOOK_PUBLIC_URL", "webhooks.public_url", "https://h", "https://h"),
    ("UMT_WEBHOOK_ALLOW_PRIVATE_URLS", "webhooks.allow_private_urls", "true", True),
    ("UMT_WEBHOOK_TIMEOUT_SECONDS", "webhooks.timeout_seconds", "12", 12.0),
    ("UMT_WEBHOOK_MAX_ATTEMPTS", "webhooks.max_attempts", "9", 9),
    ("UMT_WEBHOOK_RETRY_BASE_SECONDS", "webhooks.retry_base_seconds", "6", 6.0),
    ("UMT_WEBHOOK_RETRY_MAX_SECONDS", "webhooks.retry_max_seconds", "3601", 3601.0),
    ("UMT_WEBHOOK_POLL_SECONDS", "webhooks.poll_seconds", "2", 2.0),
    ("UMT_RUN_WEBHOOK_SENDER", "webhooks.run_sender", "false", False),
    ("UMT_GENERATOR", "generation.generator", "openai", GeneratorKind.OPENAI),
    ("UMT_OPENAI_BASE_URL", "generation.openai_base_url", "http://o:1/v1", "http://o:1/v1"),
    ("UMT_OPENAI_API_KEY", "generation.openai_api_key", "sk-1", SECRET("sk-1")),
    ("UMT_OPENAI_MODEL", "generation.openai_model", "m1", "m1"),
    ("UMT_OPENAI_TIMEOUT_SECONDS", "generation.openai_timeout_seconds", "31", 31.0),
    ("UMT_OPENAI_MAX_CONCURRENCY", "generation.openai_max_concurrency", "9", 9),
    ("UMT_OPENAI_MAX_RETRIES", "generation.openai_max_retries", "4", 4),
    ("UMT_OPENAI_MAX_WAIT_SECONDS", "generation.openai_max_wait_seconds", "61", 61.0),
    (
        "UMT_OPENAI_FALLBACK_BASE_URL",
        "generation.openai_fallback_base_url",
        "http://f/v1",
        "http://f/v1",
    ),
    ("UMT_OPENAI_FALLBACK_MODEL", "generation.openai_fallback_model", "m2", "m2"),
    ("UMT_OPENAI_FALLBACK_API_KEY", "generation.openai_fallback_api_key", "sk-2", SECRET("sk-2")),
    (
        "UMT_MODEL_PRICES",
        "generation.model_prices",
        '{"m1": {"input_per_million": 1, "output_per_million": 2}}',
        {"m1": ModelPriceSetting(input_per_million=1, output_per_million=2)},
    ),
    ("UMT_GENERATION_BUDGET_TOKENS", "generation.budget_tokens", "1000", 1000),
    ("UMT_GENERATION_BUDGET_USD", "generation.budget_usd", "1.5", 1.5),
    ("UMT_GENERATION_CACHE_TTL_SECONDS", "generation.cache_ttl_seconds", "0", 0),
    ("UMT_GENERATION_CONCURRENCY", "generation.concurrency", "5", 5),
    ("UMT_GENERATION_REPAIR_ATTEMPTS", "generation.repair_attempts", "3", 3),
    ("UMT_TEMPLATE_WORKERS", "templates.workers", "3", 3),
    ("UMT_TEMPLATE_CPU_SECONDS", "templates.cpu_seconds", "3", 3),
    ("UMT_TEMPLATE_MEMORY_MB", "templates.memory_mb", "513", 513),
    ("UMT_PUBLISHING_TICK_SECONDS", "publishing.tick_seconds", "2.5", 2.5),
    ("UMT_PUBLISHING_BATCH", "publishing.batch", "50", 50),
    ("UMT_PUBLISHING_MAX_IN_FLIGHT", "publishing.max_in_flight", "250", 250),
    ("UMT_PUBLISHING_LEASE_SECONDS", "publishing.lease_seconds", "300", 300),
    ("UMT_PUBLISHING_RECONCILE_DELAY_SECONDS", "publishing.reconcile_delay_seconds", "10", 10),
    ("UMT_PUBLISHING_RETRY_BASE_SECONDS", "publishing.retry_base_seconds", "5", 5),
    ("UMT_PUBLISHING_RETRY_MAX_SECONDS", "publishing.retry_max_seconds", "600", 600),
    ("UMT_PUBLISHING_MAX_ATTEMPTS", "publishing.max_attempts", "7", 7),
    ("UMT_PUBLISHING_TOKEN_CHECK_HOURS", "publishing.token_check_hours", "12", 12),
    ("UMT_PUBLISHING_TOKEN_CHECK_MINUTES", "publishing.token_check_minutes", "5", 5),
    ("UMT_RESEARCH_USER_AGENT", "research.user_agent", "acme-bot/2", "acme-bot/2"),
    ("UMT_RESEARCH_ALLOW_LOOPBACK_URLS", "research.allow_loopback_urls", "true", True),
    ("UMT_RESEARCH_TIMEOUT_SECONDS", "research.timeout_seconds", "4.5", 4.5),
    ("UMT_RESEARCH_MAX_BYTES", "research.max_bytes", "65536", 65536),
    ("UMT_RESEARCH_MAX_REDIRECTS", "research.max_redirects", "2", 2),
    ("UMT_RESEARCH_MIN_HOST_INTERVAL_SECONDS", "research.min_host_interval_seconds", "0.5", 0.5),
    ("UMT_RESEARCH_MAX_CRAWL_DELAY_SECONDS", "research.max_crawl_delay_seconds", "30", 30.0),
    ("UMT_RESEARCH_MAX_PAGES", "research.max_pages", "50", 50),
    ("UMT_RESEARCH_CONCURRENT_HOSTS", "research.concurrent_hosts", "4", 4),
    ("UMT_ANALYTICS_LATE_DATA_DAYS", "analytics.late_data_days", "30", 30),
    ("UMT_ANALYTICS_RAW_RETENTION_DAYS", "analytics.raw_retention_days", "0", 0),
    ("UMT_ANALYTICS_PARTITIONS_AHEAD", "analytics.partitions_ahead", "6", 6),
    ("UMT_ANALYTICS_MAINTENANCE_SECONDS", "analytics.maintenance_seconds", "600", 600.0),
    ("UMT_ANALYTICS_ROLLUP_REFRESH_SECONDS", "analytics.rollup_refresh_seconds", "2.5", 2.5),
    ("UMT_ANALYTICS_REPORT_DELIVERY_SECONDS", "analytics.report_delivery_seconds", "30", 30.0),
    ("UMT_ANALYTICS_MAX_BATCH", "analytics.max_batch", "500", 500),
    ("UMT_INSIGHTS_DETECTION_SECONDS", "insights.detection_seconds", "60", 60.0),
    ("UMT_INSIGHTS_ANOMALY_THRESHOLD", "insights.anomaly_threshold", "3", 3.0),
    ("UMT_INSIGHTS_ANOMALY_HISTORY_WEEKS", "insights.anomaly_history_weeks", "12", 12),
    ("UMT_INSIGHTS_ANOMALY_MIN_HISTORY", "insights.anomaly_min_history", "6", 6),
    ("UMT_INSIGHTS_ANOMALY_MIN_COUNT", "insights.anomaly_min_count", "50", 50.0),
    ("UMT_INSIGHTS_ANOMALY_MIN_CHANGE", "insights.anomaly_min_change", "0.3", 0.3),
    ("UMT_INSIGHTS_ANOMALY_DIRECTION", "insights.anomaly_direction", "down", "down"),
    ("UMT_INSIGHTS_TREND_WINDOW_DAYS", "insights.trend_window_days", "7", 7),
    ("UMT_INSIGHTS_TREND_MIN_T", "insights.trend_min_t", "2.5", 2.5),
    ("UMT_INSIGHTS_TREND_MIN_CHANGE", "insights.trend_min_change", "0.1", 0.1),
    ("UMT_INSIGHTS_MAX_ALERT_RULES", "insights.max_alert_rules", "20", 20),
]


def _read(settings: Settings, path: str) -> Any:
    value: Any = settings
    for part in path.split("."):
        value = getattr(value, part)
    return value


def test_the_table_covers_every_variable_the_settings_read() -> None:
    assert sorted(name for name, *_ in EXPECTED) == sorted(environment_names())


def test_every_variable_lands_in_its_section(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, _, raw, _ in EXPECTED:
        monkeypatch.setenv(name, raw)
    settings = Settings(_env_file=None)
    defaults = Settings.model_construct()  # nothing read: what an unset variable gives
    for name, path, _, expected in EXPECTED:
        assert _read(settings, path) == expected, name
        assert _read(defaults, path) != expected, f"{name}: pick a value other than the default"


def test_a_dotenv_file_is_read_by_the_flat_names(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("UMT_DATABASE_URL=memory://\nUMT_REDIS_URL=redis://d:6379/1\n")
    settings = Settings(_env_file=env_file)
    assert settings.database.url == "memory://"
    assert settings.cache.redis_url == "redis://d:6379/1"


def test_keywords_take_the_flat_names_over_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("UMT_DATABASE_URL", "sqlite+aiosqlite:///from-env.db")
    monkeypatch.setenv("UMT_DATABASE_POOL_SIZE", "9")
    settings = Settings(database_url="memory://", _env_file=None)
    assert settings.database == DatabaseSettings(url="memory://", pool_size=9)


def test_a_whole_section_can_be_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UMT_DATABASE_URL", raising=False)
    settings = Settings(database=DatabaseSettings(url="memory://"), _env_file=None)
    assert settings.database.in_memory


def test_a_copy_takes_flat_names_and_leaves_the_original() -> None:
    settings = Settings(database_url="memory://", _env_file=None)
    copy = settings.model_copy(update={"host": "0.0.0.0", "redis_url": "redis://c"})  # noqa: S104
    assert (copy.http.host, copy.cache.redis_url) == ("0.0.0.0", "redis://c")  # noqa: S104
    assert copy.database.url == "memory://"
    assert settings.http.host == "127.0.0.1"
    assert not settings.cache.redis_url


def test_an_invalid_value_names_its_variable() -> None:
    with pytest.raises(ValueError, match="UMT_JWT_ALGORITHM"):
        Settings(jwt_algorithm="none", _env_file=None)


def test_the_raw_retention_outlasts_the_late_data_window() -> None:
    with pytest.raises(ValueError, match="UMT_ANALYTICS_RAW_RETENTION_DAYS"):
        Settings(analytics_late_data_days=90, analytics_raw_retention_days=100, _env_file=None)
    kept = Settings(analytics_late_data_days=90, analytics_raw_retention_days=0, _env_file=None)
    assert kept.analytics.raw_retention_days == 0


def test_every_variable_is_documented_once() -> None:
    doc = (Path(__file__).resolve().parents[4] / "docs" / "configuration.md").read_text()
    rows = re.findall(r"^\| `(UMT_[A-Z0-9_]+)` \|", doc, flags=re.MULTILINE)
    assert sorted(rows) == sorted(environment_names())
