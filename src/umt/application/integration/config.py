"""The settings of the integration flows, as the use cases need them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

CALLBACK_PATH = "/api/v1/integrations/{platform}/callback"


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationConfig:
    # where the provider sends the browser back: this base + CALLBACK_PATH
    public_base_url: str = "http://localhost:8000"
    # when set, the callback answers 303 to this URL (with the outcome) instead of JSON, and
    # an authorize request's ``redirect`` must start with it
    return_url: str | None = None
    state_ttl: timedelta = timedelta(minutes=10)
    refresh_ahead: timedelta = timedelta(minutes=10)  # refresh this long before expiry
    health_check_interval: timedelta = timedelta(hours=6)
    retry_after: timedelta = timedelta(minutes=5)  # after a transient platform failure

    def redirect_uri(self, platform: str) -> str:
        return self.public_base_url.rstrip("/") + CALLBACK_PATH.format(platform=platform)
