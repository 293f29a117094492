"""Marketing channels a brand, audience or project can target."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    LINKEDIN = "linkedin"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    X = "x"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    PINTEREST = "pinterest"
    EMAIL = "email"
    BLOG = "blog"
    WEBSITE = "website"
    GOOGLE_ADS = "google_ads"
    META_ADS = "meta_ads"
    LINKEDIN_ADS = "linkedin_ads"
