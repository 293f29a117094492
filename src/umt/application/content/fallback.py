"""The fallback chain: primary, then a secondary provider or model, then offline.

Each generator is asked in order; the chain moves on only when one raises
``GeneratorUnavailable`` (rate limited past its retries, down, open breaker, unparsable
output), and logs the skip. Any other error is a bug and propagates. The draft says who
served it: its ``adapter`` and ``model`` are those of the generator that wrote it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from umt.ports.content_generator import (
    ContentGenerator,
    GeneratedDraft,
    GenerationRequest,
    GeneratorUnavailable,
)

log = logging.getLogger("umt.generation")


class FallbackContentGenerator(ContentGenerator):
    """Tries ``generators`` in order; the last one is normally the offline composer, which
    cannot be unavailable, so the chain always answers."""

    def __init__(self, generators: Sequence[ContentGenerator]) -> None:
        if not generators:
            raise ValueError("a fallback chain needs at least one generator")
        self.generators = tuple(generators)

    @property
    def name(self) -> str:
        return " > ".join(generator.name for generator in self.generators)

    async def generate(self, request: GenerationRequest) -> GeneratedDraft:
        failures: list[str] = []
        retry_after: int | None = None
        for position, generator in enumerate(self.generators):
            try:
                result = await generator.generate(request)
            except GeneratorUnavailable as exc:
                failures.append(str(exc))
                retry_after = (
                    exc.retry_after if retry_after is None else min(retry_after, exc.retry_after)
                )
                following = (
                    self.generators[position + 1].name
                    if position + 1 < len(self.generators)
                    else None
                )
                log.warning(
                    "generator unavailable, falling back",
                    extra={"generator": generator.name, "error": str(exc), "next": following},
                )
                continue
            if failures:
                log.info(
                    "draft served by a fallback generator",
                    extra={"generator": generator.name, "skipped": len(failures)},
                )
            return result
        raise GeneratorUnavailable(
            "every generator is unavailable: " + "; ".join(failures),
            retry_after=retry_after if retry_after is not None else 5,
        )
