"""The response cache: a ContentGenerator decorator over the Cache port.

The key is a SHA-256 of the normalized request: every text field case-folded with its
whitespace collapsed, list fields normalized and sorted, plus the generator's name and the
seed (a different seed is a different draft). A hit is returned with ``cached=True``; the
metered generator charges nothing for it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, replace
from typing import Any

from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.ports.cache import Cache
from umt.ports.content_generator import (
    ContentGenerator,
    GeneratedDraft,
    GenerationRequest,
    TokenUsage,
)
from umt.ports.errors import StorageUnavailable

KEY_PREFIX = "umt:generation:v1:"
DEFAULT_TTL_SECONDS = 86_400
log = logging.getLogger(__name__)


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    if isinstance(value, dict):
        return {str(k): _norm(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_norm(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value


def normalized_request(request: GenerationRequest, generator: str) -> dict[str, Any]:
    """The request as a canonical document; equal documents get the same cached draft."""
    document = asdict(request)
    if request.audience is not None:
        audience = document["audience"]
        for volatile in ("id", "version", "created_at", "updated_at", "archived_at"):
            audience.pop(volatile, None)
    return {"generator": generator, "seed": request.seed, "request": _norm(document)}


def cache_key(request: GenerationRequest, generator: str) -> str:
    canonical = json.dumps(normalized_request(request, generator), sort_keys=True, default=str)
    return KEY_PREFIX + hashlib.sha256(canonical.encode()).hexdigest()


def _encode(generated: GeneratedDraft) -> bytes:
    return json.dumps(asdict(generated), default=str).encode()


def _decode(raw: bytes) -> GeneratedDraft:
    data = json.loads(raw)
    d = data["draft"]
    fields: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in d.get("fields", {}).items()
    }
    draft = Draft(
        content_type=ContentType(d["content_type"]),
        channel=Channel(d["channel"]),
        title=d["title"],
        body=d["body"],
        fields=ContentFields(**fields),
        locale=d["locale"],
    )
    return GeneratedDraft(
        draft=draft,
        adapter=data["adapter"],
        model=data["model"],
        prompt_version=data["prompt_version"],
        usage=TokenUsage(**data["usage"]),
        latency_ms=float(data["latency_ms"]),
        seed=int(data["seed"]),
        cached=True,
    )


class CachingContentGenerator(ContentGenerator):
    def __init__(
        self, inner: ContentGenerator, cache: Cache, *, ttl_seconds: int = DEFAULT_TTL_SECONDS
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._ttl = ttl_seconds

    @property
    def name(self) -> str:
        return self._inner.name

    async def lookup(self, request: GenerationRequest) -> GeneratedDraft | None:
        """The cached draft for ``request`` (``cached=True``), or None."""
        try:
            raw = await self._cache.get(cache_key(request, self._inner.name))
        except StorageUnavailable:  # a cache outage is a miss, never a failed generation
            return None
        if raw is None:
            return None
        try:
            return _decode(raw)
        except (ValueError, KeyError, TypeError):
            log.warning("discarding an unreadable cached draft")
            return None

    async def generate(self, request: GenerationRequest) -> GeneratedDraft:
        hit = await self.lookup(request)
        if hit is not None:
            return hit
        generated = await self._inner.generate(request)
        try:
            await self._cache.set(
                cache_key(request, self._inner.name),
                _encode(replace(generated, cached=False)),
                ttl_seconds=self._ttl,
            )
        except StorageUnavailable:
            log.debug("the generation cache is unavailable; the draft is not cached")
        return generated
