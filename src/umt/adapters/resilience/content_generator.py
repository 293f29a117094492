"""A content generator behind its own circuit breaker.

No retries here: the OpenAI adapter already retries what is worth retrying (with the server's
Retry-After). The breaker counts each failed draft (``GeneratorUnavailable`` is an outage) and,
once open, refuses at once, as ``GeneratorUnavailable`` too, so a fallback chain moves on to
the next generator without waiting for another round of retries against a provider that is
down.
"""

from __future__ import annotations

from umt.adapters.resilience.breaker import Breaker
from umt.ports.content_generator import (
    ContentGenerator,
    GeneratedDraft,
    GenerationRequest,
    GeneratorUnavailable,
)
from umt.ports.errors import DependencyUnavailable


class ResilientContentGenerator(ContentGenerator):
    def __init__(self, inner: ContentGenerator, breaker: Breaker) -> None:
        self._inner = inner
        self._breaker = breaker

    @property
    def name(self) -> str:
        return self._inner.name

    async def generate(self, request: GenerationRequest) -> GeneratedDraft:
        try:
            return await self._breaker.call(lambda: self._inner.generate(request))
        except DependencyUnavailable as exc:
            raise GeneratorUnavailable(
                f"{self._inner.name} is unavailable (circuit open)", retry_after=exc.retry_after
            ) from exc
