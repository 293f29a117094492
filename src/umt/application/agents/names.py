"""The names of umt's five agents, for a use case to say which agent serves its task."""

from __future__ import annotations

from enum import StrEnum


class Agent(StrEnum):
    AUTH_INTEGRATION = "auth-integration"
    BRAND_PROJECT = "brand-project"
    CONTENT_STRATEGY = "content-strategy"
    CONTENT_CREATION = "content-creation"
    CONTENT_AD_MANAGEMENT = "content-ad-management"
