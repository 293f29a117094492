"""One variant: generate, check against the voice, repair, and mark what stays broken.

Repair first asks the generator again with the violations fed back (``feedback``), up to
``repair_attempts`` times (default ``REPAIR_ATTEMPTS`` = 2); if errors remain, the mechanical
repair (``repair_draft``: removing banned words and phrases, adding disclosures, trimming to
the channel's limits at a sentence boundary) runs on the best draft. A variant with an
error-level violation after all that is handed over with ``needs_attention=True`` and its
report, never unmarked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from umt.domain.brand.voice import VoiceGuide
from umt.domain.content.compliance_report import ComplianceReport, Severity
from umt.domain.content.draft import Draft
from umt.ports.content_generator import (
    ContentGenerator,
    Direction,
    GeneratedDraft,
    GenerationRequest,
)

REPAIR_ATTEMPTS = 2


@dataclass(frozen=True, slots=True)
class Compliance:
    """The brand-voice checker and the mechanical repair (the domain's compliance service)."""

    check: Callable[[Draft, VoiceGuide], ComplianceReport]
    # None: no mechanical step (variants still failing after regeneration are marked)
    repair: Callable[[Draft, VoiceGuide], Draft] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Variant:
    """A finished variant: the draft handed over, its report, and what making it took."""

    index: int
    direction: Direction
    draft: Draft
    report: ComplianceReport
    generated: GeneratedDraft  # provenance of the last generator call
    needs_attention: bool
    attempts: int  # generator calls (1 + regenerations with feedback)
    mechanically_repaired: bool
    input_tokens: int  # over all attempts
    output_tokens: int
    cost_micros: int


async def produce_variant(
    index: int,
    request: GenerationRequest,
    *,
    generator: ContentGenerator,
    compliance: Compliance,
    voice: VoiceGuide,
    cost_of: Callable[[GeneratedDraft], int],
    repair_attempts: int = REPAIR_ATTEMPTS,
) -> Variant:
    generated = await generator.generate(request)
    calls = [generated]
    report = compliance.check(generated.draft, voice)
    while not report.passed and len(calls) <= repair_attempts:
        retry = replace(
            request,
            feedback=tuple(v for v in report.violations if v.severity is not Severity.INFO),
        )
        candidate = await generator.generate(retry)
        calls.append(candidate)
        candidate_report = compliance.check(candidate.draft, voice)
        if candidate_report.passed or len(candidate_report.errors) <= len(report.errors):
            generated, report = candidate, candidate_report
    draft = generated.draft
    repaired = False
    if not report.passed and compliance.repair is not None:
        draft = compliance.repair(draft, voice)
        report = compliance.check(draft, voice)
        repaired = True
    return Variant(
        index=index,
        direction=request.direction,
        draft=draft,
        report=report,
        generated=generated,
        needs_attention=not report.passed,
        attempts=len(calls),
        mechanically_repaired=repaired,
        input_tokens=sum(0 if c.cached else c.usage.input_tokens for c in calls),
        output_tokens=sum(0 if c.cached else c.usage.output_tokens for c in calls),
        cost_micros=sum(cost_of(c) for c in calls),
    )
