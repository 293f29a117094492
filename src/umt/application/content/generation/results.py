"""What a generation returns: the ranked variants with drafts, reports, scores, flags,
provenance (cost included) and the ids of the stored draft pieces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from umt.application.agents.documents import to_plain
from umt.application.content.generation.pipeline import RankedVariant
from umt.domain.content.budget import MICROS_PER_DOLLAR
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import Draft
from umt.ports.content_generator import Direction


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreView:
    total: float
    compliance: float
    reading: float
    length: float
    cta: float
    diversity: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ProvenanceView:
    adapter: str
    model: str
    prompt_version: str
    input_tokens: int  # over every attempt of this variant
    output_tokens: int
    cost_usd: float
    latency_ms: float
    seed: int
    cached: bool
    attempts: int
    mechanically_repaired: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class VariantView:
    rank: int
    content_id: UUID | None  # the stored draft piece, when the variant was stored
    direction: Direction
    draft: Draft
    compliance: ComplianceReport
    score: ScoreView
    needs_attention: bool
    provenance: ProvenanceView


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerationResult:
    generation_id: UUID
    brand_id: UUID
    requested: int
    variants: tuple[VariantView, ...]  # ranked, best first; near duplicates removed
    cost_usd: float


def dollars(micros: int) -> float:
    return micros / MICROS_PER_DOLLAR


def variant_view(ranked: RankedVariant, content_id: UUID | None) -> VariantView:
    v, s = ranked.variant, ranked.score
    return VariantView(
        rank=ranked.rank,
        content_id=content_id,
        direction=v.direction,
        draft=v.draft,
        compliance=v.report,
        score=ScoreView(
            total=s.total,
            compliance=s.compliance,
            reading=s.reading,
            length=s.length,
            cta=s.cta,
            diversity=s.diversity,
        ),
        needs_attention=v.needs_attention,
        provenance=ProvenanceView(
            adapter=v.generated.adapter,
            model=v.generated.model,
            prompt_version=v.generated.prompt_version,
            input_tokens=v.input_tokens,
            output_tokens=v.output_tokens,
            cost_usd=dollars(v.cost_micros),
            latency_ms=v.generated.latency_ms,
            seed=v.generated.seed,
            cached=v.generated.cached,
            attempts=v.attempts,
            mechanically_repaired=v.mechanically_repaired,
        ),
    )


def report_document(report: ComplianceReport) -> dict[str, Any]:
    """A compliance report as JSON data, with ``passed`` (no error-level violation)."""
    document: dict[str, Any] = to_plain(report)
    document["passed"] = report.passed
    return document


def generation_document(result: GenerationResult) -> dict[str, Any]:
    """A generation as JSON data: the job's result and the 200 body are the same document."""
    document: dict[str, Any] = to_plain(result)
    for view, variant in zip(result.variants, document["variants"], strict=True):
        variant["compliance"]["passed"] = view.compliance.passed
    return document
