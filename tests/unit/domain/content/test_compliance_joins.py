"""Awkward joins: what a reader notices where a topic was pasted into a sentence that does not
fit it, and ordinary prose that must not be taken for one."""

from __future__ import annotations

import pytest

from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import EmojiPolicy, VoiceGuide
from umt.domain.content.compliance import check_compliance
from umt.domain.content.compliance.joins import awkward_joins
from umt.domain.content.compliance_report import Severity
from umt.domain.content.draft import ContentType, Draft

VOICE = VoiceGuide(emoji_policy=EmojiPolicy.FREE)


@pytest.mark.parametrize(
    ("text", "kind", "seam"),
    [
        (
            "What would you do with the hours you spend on onboarding new hires in a day today?",
            "stacked_time",
            "in a day today",
        ),
        ("Rethink payroll this week right now.", "stacked_time", "this week right now"),
        ("Fix it in an hour today.", "stacked_time", "in an hour today"),
        ("We hit a wall with the the launch.", "doubled_word", "the the"),
        ("A team hit a wall with how to hire faster.", "clause_as_noun", "with how to"),
        ("Better results from why onboarding matters.", "clause_as_noun", "from why"),
        ("Is handling how to hire faster still hard?", "clause_as_noun", "handling how to"),
        (
            "People who care about payroll for teams keep coming back to a lesson about payroll"
            " for teams.",
            "repeated_phrase",
            "about payroll for teams",
        ),
    ],
)
def test_known_awkward_joins_are_found_with_their_span(text: str, kind: str, seam: str) -> None:
    [join] = awkward_joins(text)
    assert (join.kind, text[join.start : join.end]) == (kind, seam)


@pytest.mark.parametrize(
    "text",
    [
        "Onboarding new hires in a day is possible. Today, we show you how.",
        "Start today: every day this week counts.",
        "Here are some tips on how to hire faster.",
        "Learn more about how Acme approaches payroll.",
        "A note on why onboarding matters, and an explanation of why it works.",
        "She said that that plan had had its day.",
        "One step at a time. One step at a time.",
        "Book a demo today.",
        "Now is a good moment to take a fresh look.",
        "## A simpler way to approach hiring this\n\nThis is worth doing now.",  # a heading ends
        "Plan the launch in a day\n\nToday, we show you how.",
    ],
)
def test_ordinary_prose_is_not_an_awkward_join(text: str) -> None:
    assert awkward_joins(text) == []


def test_each_awkward_join_costs_a_located_warning() -> None:
    body = "Spend less time on onboarding in a day today. We hit a wall with how to hire."
    draft = Draft(content_type=ContentType.SOCIAL_POST, channel=Channel.LINKEDIN, body=body)
    report = check_compliance(draft, VOICE)
    joins = [v for v in report.violations if v.code == "awkward_join"]
    assert [(v.severity, v.location, body[v.start : v.end]) for v in joins] == [
        (Severity.WARNING, "body", "in a day today"),
        (Severity.WARNING, "body", "with how to"),
    ]
    assert report.score == 90
    assert "two time expressions in a row" in joins[0].message
