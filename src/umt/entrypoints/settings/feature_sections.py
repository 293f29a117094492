"""The sections of the settings that configure features: the platforms and their webhooks,
content generation and templates. Declared like those in ``sections.py``: one field per
``UMT_*`` variable, reading its flat name."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from umt.entrypoints.settings.sections import SECTION_CONFIG, GeneratorKind


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


class PlatformSettings(BaseModel):
    """The platforms umt connects to (docs/integrations.md) and the sandbox (docs/sandbox.md)."""

    model_config = SECTION_CONFIG

    # Per platform (keyed by Platform value, e.g. "meta"): UMT_PLATFORM_APPS as a JSON object.
    apps: dict[str, PlatformAppSettings] = Field(
        default_factory=dict, validation_alias="platform_apps"
    )
    sandbox_seed: int = Field(default=0, ge=0)
    # reliability tests and demos: this share of the sandbox's writes lose their answer after
    # their effect (OutcomeUnknown); 0 in normal use
    sandbox_lost_response_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    sandbox_redirect_uris: str = ""  # comma-separated extra redirect URIs (exact) it accepts
    integrations_return_url: str = ""  # set: the OAuth callback answers 303 to this page
    oauth_state_minutes: int = Field(default=10, ge=1, le=60)
    token_refresh_ahead_minutes: int = Field(default=10, ge=1, le=24 * 60)
    health_check_minutes: int = Field(default=360, ge=1, le=7 * 24 * 60)
    integration_scheduler_seconds: float = Field(default=30.0, gt=0, le=3600)
    # metric sync (docs/metrics.md): how often an account is synced, and how often the
    # scheduler looks for due syncs
    metric_sync_minutes: int = Field(default=30, ge=1, le=24 * 60)
    metric_sync_scheduler_seconds: float = Field(default=60.0, gt=0, le=3600)
    # ad campaigns (docs/advertising.md): how often pacing and rules are reviewed, and the
    # pacing band (spend / planned) outside which budget.alert is raised
    ad_review_seconds: float = Field(default=900.0, ge=60, le=86_400)
    ad_pacing_low: float = Field(default=0.9, gt=0, lt=1)
    ad_pacing_high: float = Field(default=1.1, gt=1, le=10)

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


class WebhookSettings(BaseModel):
    """Webhooks (docs/webhooks.md): inbound secrets per platform (unset: no endpoint, 404)
    and the outbound deliveries."""

    model_config = SECTION_CONFIG

    meta_app_secret: SecretStr | None = Field(
        default=None, validation_alias="webhook_meta_app_secret"
    )
    meta_verify_token: SecretStr | None = Field(
        default=None, validation_alias="webhook_meta_verify_token"
    )
    x_consumer_secret: SecretStr | None = Field(
        default=None, validation_alias="webhook_x_consumer_secret"
    )
    linkedin_client_secret: SecretStr | None = Field(
        default=None, validation_alias="webhook_linkedin_client_secret"
    )
    hubspot_client_secret: SecretStr | None = Field(
        default=None, validation_alias="webhook_hubspot_client_secret"
    )
    tiktok_client_secret: SecretStr | None = Field(
        default=None, validation_alias="webhook_tiktok_client_secret"
    )
    mailchimp_secret: SecretStr | None = Field(
        default=None, validation_alias="webhook_mailchimp_secret"
    )
    sandbox_secret: SecretStr | None = Field(
        default=None, validation_alias="webhook_sandbox_secret"
    )
    tolerance_seconds: int = Field(
        default=300, ge=1, le=3600, validation_alias="webhook_tolerance_seconds"
    )
    # https://host the platforms call, when a proxy rewrites it
    public_url: str = Field(default="", validation_alias="webhook_public_url")
    # tests and closed networks only: the SSRF guard off for outbound deliveries
    allow_private_urls: bool = Field(default=False, validation_alias="webhook_allow_private_urls")
    timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, validation_alias="webhook_timeout_seconds"
    )
    max_attempts: int = Field(default=8, ge=1, le=50, validation_alias="webhook_max_attempts")
    retry_base_seconds: float = Field(
        default=5.0, gt=0, le=3600, validation_alias="webhook_retry_base_seconds"
    )
    retry_max_seconds: float = Field(
        default=3600.0, gt=0, le=86_400, validation_alias="webhook_retry_max_seconds"
    )
    poll_seconds: float = Field(default=1.0, gt=0, le=60, validation_alias="webhook_poll_seconds")
    run_sender: bool = Field(default=True, validation_alias="run_webhook_sender")


class ModelPriceSetting(BaseModel):
    """A model's list price in US dollars per million tokens (``UMT_MODEL_PRICES``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    input_per_million: float = Field(ge=0, le=10_000)
    output_per_million: float = Field(ge=0, le=10_000)


class GenerationSettings(BaseModel):
    """Content generation (docs/generation.md): the chain is primary > fallback > offline;
    and its pipeline (docs/generation-pipeline.md): prices, budget, cache, limits."""

    model_config = SECTION_CONFIG

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
    model_prices: dict[str, ModelPriceSetting] = Field(default_factory=dict)  # over defaults
    # per organization and month
    budget_tokens: int | None = Field(
        default=None, ge=0, validation_alias="generation_budget_tokens"
    )
    budget_usd: float | None = Field(
        default=None, ge=0, le=1e9, validation_alias="generation_budget_usd"
    )
    cache_ttl_seconds: int = Field(
        default=86_400, ge=0, le=30 * 86_400, validation_alias="generation_cache_ttl_seconds"
    )
    concurrency: int = Field(default=4, ge=1, le=32, validation_alias="generation_concurrency")
    repair_attempts: int = Field(
        default=2, ge=0, le=5, validation_alias="generation_repair_attempts"
    )

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


class TemplateSettings(BaseModel):
    """Content templates compile and render in worker processes (docs/content.md#templates)."""

    model_config = SECTION_CONFIG

    workers: int = Field(default=2, ge=1, le=64, validation_alias="template_workers")
    cpu_seconds: int = Field(default=2, ge=1, le=60, validation_alias="template_cpu_seconds")
    memory_mb: int = Field(default=512, ge=128, le=65_536, validation_alias="template_memory_mb")
