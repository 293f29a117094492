"""The ContentGenerator port: one on-brand draft per call, from a model or composed offline.

A request carries everything a writer needs (brand, voice, audience, topic, channel, the
direction of this variant) so adapters hold no state of their own between calls; variants
are N calls with N different directions, which lets them run concurrently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from umt.domain.brand.audience import Audience
from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import VoiceGuide
from umt.domain.content.compliance_report import Violation
from umt.domain.content.draft import ContentType, Draft
from umt.ports.errors import StorageUnavailable


class Length(StrEnum):
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandBrief:
    """What a writer is told about the brand."""

    name: str
    industry: str = ""
    description: str = ""
    voice: VoiceGuide = field(default_factory=VoiceGuide)


@dataclass(frozen=True, slots=True, kw_only=True)
class Direction:
    """What makes this variant different from its siblings: the opening hook (question,
    statistic, story, bold claim...), the angle (pain point, benefit, social proof...), the
    call to action and the length."""

    hook: str
    angle: str
    call_to_action: str
    length: Length = Length.MEDIUM


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerationRequest:
    brand: BrandBrief
    topic: str
    content_type: ContentType
    channel: Channel
    direction: Direction
    seed: int
    audience: Audience | None = None
    key_points: tuple[str, ...] = ()
    locale: str = "en"
    # a rendered content template the draft should follow (its structure and wording), if any
    template: str | None = None
    # violations of an earlier attempt, fed back so the writer repairs them
    feedback: tuple[Violation, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenUsage:
    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class GeneratedDraft:
    """A draft and where it came from: adapter, model, prompt version, tokens, latency, seed."""

    draft: Draft
    adapter: str
    model: str
    prompt_version: str
    usage: TokenUsage
    latency_ms: float
    seed: int
    cached: bool = False


class GeneratorUnavailable(StorageUnavailable):
    """The generator could not produce a draft now (rate limited after retries, server errors,
    timeouts, an open breaker, output that would not parse): a fallback may take over."""


class ContentGenerator(Protocol):
    """Writes one draft per call. Adapters raise ``GeneratorUnavailable``, nothing else."""

    @property
    def name(self) -> str:
        """The adapter and model, e.g. ``openai:gpt-4o-mini`` or ``offline``."""
        ...

    async def generate(self, request: GenerationRequest) -> GeneratedDraft: ...
