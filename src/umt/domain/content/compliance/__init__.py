"""Brand-voice compliance: a pure domain service (standard library only).

``check_compliance`` scores a draft against its brand's voice guide and its channel's limits;
``repair_draft`` fixes what is mechanically fixable; ``limits_for`` tells generators how long
each field may be; ``flesch_kincaid_grade``/``flesch_reading_ease`` measure readability;
``feedback_lines`` turns a report into lines to feed back to a generator.
docs/compliance.md documents every check, the limits table and the score formula.
"""

from umt.domain.content.compliance.checker import check_compliance, score
from umt.domain.content.compliance.feedback import feedback_lines
from umt.domain.content.compliance.limits import (
    COMMENT_LIMITS,
    ChannelLimits,
    Counting,
    CountLimit,
    FieldLimit,
    limits_for,
    weighted_length,
)
from umt.domain.content.compliance.readability import flesch_kincaid_grade, flesch_reading_ease
from umt.domain.content.compliance.repair import repair_draft, trim_to_limit

__all__ = [
    "COMMENT_LIMITS",
    "ChannelLimits",
    "CountLimit",
    "Counting",
    "FieldLimit",
    "check_compliance",
    "feedback_lines",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "limits_for",
    "repair_draft",
    "score",
    "trim_to_limit",
    "weighted_length",
]
