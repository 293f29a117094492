"""Test doubles for the generation pipeline: a scripted generator and a simple checker."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

from umt.application.content.generation.variants import Compliance
from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import VoiceGuide
from umt.domain.content.compliance_report import ComplianceReport, Severity, Violation
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.ports.content_generator import (
    BrandBrief,
    ContentGenerator,
    GeneratedDraft,
    GenerationRequest,
    TokenUsage,
)

WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
    "november",
    "oscar",
    "papa",
    "quebec",
    "romeo",
    "sierra",
    "tango",
    "uniform",
    "victor",
    "whiskey",
    "xray",
    "yankee",
    "zulu",
]

DEFAULT_USAGE = TokenUsage(input_tokens=100, output_tokens=50)


def distinct_body(request: GenerationRequest) -> str:
    """A body that shares little phrasing with the body of another seed."""
    words = [WORDS[(request.seed * 7 + i * (request.seed % 5 + 1)) % len(WORDS)] for i in range(40)]
    return (
        f"{request.direction.hook}. " + " ".join(words) + f". {request.direction.call_to_action}."
    )


class ScriptedGenerator(ContentGenerator):
    """Writes ``write(request)`` (default: distinct bodies); records every request; can be
    slowed to observe concurrency."""

    def __init__(
        self,
        write: Callable[[GenerationRequest], str] = distinct_body,
        *,
        delay: float = 0.0,
        model: str = "gpt-4o-mini",
        usage: TokenUsage = DEFAULT_USAGE,
    ) -> None:
        self.write = write
        self.delay = delay
        self.model = model
        self.usage = usage
        self.requests: list[GenerationRequest] = []
        self.running = 0
        self.max_running = 0

    @property
    def name(self) -> str:
        return f"scripted:{self.model}"

    async def generate(self, request: GenerationRequest) -> GeneratedDraft:
        self.requests.append(request)
        self.running += 1
        self.max_running = max(self.max_running, self.running)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            body = self.write(request)
        finally:
            self.running -= 1
        return GeneratedDraft(
            draft=Draft(
                content_type=request.content_type,
                channel=request.channel,
                title=request.topic,
                body=body,
                fields=ContentFields(call_to_action=request.direction.call_to_action),
                locale=request.locale,
            ),
            adapter="scripted",
            model=self.model,
            prompt_version="test-v1",
            usage=self.usage,
            latency_ms=1.0,
            seed=request.seed,
        )


def banned_word_compliance() -> Compliance:
    """Each banned word in the body is an error; repair deletes them. Score 100 - 30/error."""

    def check(draft: Draft, voice: VoiceGuide) -> ComplianceReport:
        violations = tuple(
            Violation(
                code="banned_word",
                severity=Severity.ERROR,
                message=f"remove {word!r}",
                location="body",
            )
            for word in voice.banned_words
            if word in draft.body.split()
        )
        return ComplianceReport(score=max(0, 100 - 30 * len(violations)), violations=violations)

    def repair(draft: Draft, voice: VoiceGuide) -> Draft:
        words = [w for w in draft.body.split() if w not in voice.banned_words]
        return replace(draft, body=" ".join(words))

    return Compliance(check=check, repair=repair)


def brief(**voice: object) -> BrandBrief:
    return BrandBrief(name="Acme", industry="software", voice=VoiceGuide(**voice))  # type: ignore[arg-type]


SOCIAL = {"content_type": ContentType.SOCIAL_POST, "channel": Channel.LINKEDIN}
