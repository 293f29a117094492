"""The quality score that ranks variants (docs/generation-pipeline.md, "Ranking").

    score = 100 x (0.45 compliance + 0.15 reading + 0.15 length + 0.10 cta + 0.15 diversity)

- compliance: the compliance report's score / 100;
- reading: 1 - |grade - target| / 4, floored at 0 (1 when the voice sets no target grade or
  the text has no grade);
- length: 1 - |body length - recommended| / recommended, floored at 0, with the channel's
  recommended body length in characters (``RECOMMENDED_LENGTH``);
- cta: 1 when the draft carries a call to action (the structured field, or its direction's
  call to action appears in the body), else 0;
- diversity: the share of the variant's hook and angle that no other surviving variant uses
  (1: both its own, 0.5: one, 0: neither).

Variants that still need attention rank after every variant that passed compliance.
"""

from __future__ import annotations

from dataclasses import dataclass

from umt.domain.brand.channels import Channel
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import Draft
from umt.ports.content_generator import Direction

WEIGHTS = {"compliance": 0.45, "reading": 0.15, "length": 0.15, "cta": 0.10, "diversity": 0.15}
READING_TOLERANCE = 4.0  # grades off target at which the reading term reaches 0

# recommended body length per channel, in characters: what performs, well inside the limits
RECOMMENDED_LENGTH: dict[Channel, int] = {
    Channel.LINKEDIN: 1_300,
    Channel.FACEBOOK: 400,
    Channel.INSTAGRAM: 1_000,
    Channel.X: 240,
    Channel.TIKTOK: 150,
    Channel.YOUTUBE: 1_000,
    Channel.PINTEREST: 300,
    Channel.EMAIL: 1_500,
    Channel.BLOG: 6_000,
    Channel.WEBSITE: 3_000,
    Channel.GOOGLE_ADS: 90,
    Channel.META_ADS: 125,
    Channel.LINKEDIN_ADS: 150,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class QualityScore:
    """Each term in 0..1 and the weighted total in 0..100."""

    compliance: float
    reading: float
    length: float
    cta: float
    diversity: float

    @property
    def total(self) -> float:
        terms = {
            "compliance": self.compliance,
            "reading": self.reading,
            "length": self.length,
            "cta": self.cta,
            "diversity": self.diversity,
        }
        return round(100 * sum(WEIGHTS[name] * value for name, value in terms.items()), 2)


def reading_fit(grade: float | None, target: int | None) -> float:
    if grade is None or target is None:
        return 1.0
    return max(0.0, 1.0 - abs(grade - target) / READING_TOLERANCE)


def length_fit(draft: Draft) -> float:
    recommended = RECOMMENDED_LENGTH[draft.channel]
    return max(0.0, 1.0 - abs(len(draft.body) - recommended) / recommended)


def has_call_to_action(draft: Draft, direction: Direction) -> bool:
    if draft.fields.call_to_action.strip():
        return True
    wanted = direction.call_to_action.replace("_", " ").casefold()
    return wanted in draft.body.casefold()


def diversity_bonus(direction: Direction, others: list[Direction]) -> float:
    hook_own = all(o.hook != direction.hook for o in others)
    angle_own = all(o.angle != direction.angle for o in others)
    return (hook_own + angle_own) / 2


def quality_score(
    *,
    draft: Draft,
    report: ComplianceReport,
    direction: Direction,
    target_grade: int | None,
    others: list[Direction],
) -> QualityScore:
    """The score of one variant among ``others`` (the directions of the other survivors)."""
    return QualityScore(
        compliance=max(0, min(100, report.score)) / 100,
        reading=reading_fit(report.reading_grade, target_grade),
        length=length_fit(draft),
        cta=1.0 if has_call_to_action(draft, direction) else 0.0,
        diversity=diversity_bonus(direction, others),
    )
