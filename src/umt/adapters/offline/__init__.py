"""The offline content generator: a deterministic, seeded composer (the embedded default)."""

from umt.adapters.offline.generator import COMPOSER_VERSION, OfflineContentGenerator, compose

__all__ = ["COMPOSER_VERSION", "OfflineContentGenerator", "compose"]
