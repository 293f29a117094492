"""Each term of the quality score, the weighted total, and shingled similarity."""

from __future__ import annotations

import pytest

from umt.application.content.generation.scoring import (
    RECOMMENDED_LENGTH,
    WEIGHTS,
    QualityScore,
    diversity_bonus,
    has_call_to_action,
    length_fit,
    quality_score,
    reading_fit,
)
from umt.application.content.generation.similarity import (
    jaccard,
    remove_near_duplicates,
    shingles,
)
from umt.domain.brand.channels import Channel
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.ports.content_generator import Direction, Length


def draft(body: str = "", channel: Channel = Channel.X, cta: str = "") -> Draft:
    return Draft(
        content_type=ContentType.SOCIAL_POST,
        channel=channel,
        body=body,
        fields=ContentFields(call_to_action=cta),
    )


def direction(hook: str = "h", angle: str = "a", cta: str = "Sign up") -> Direction:
    return Direction(hook=hook, angle=angle, call_to_action=cta, length=Length.SHORT)


class TestTerms:
    def test_weights_sum_to_one(self) -> None:
        assert sum(WEIGHTS.values()) == pytest.approx(1.0)

    @pytest.mark.parametrize(
        ("grade", "target", "expected"),
        [(8.0, 8, 1.0), (10.0, 8, 0.5), (20.0, 8, 0.0), (None, 8, 1.0), (12.0, None, 1.0)],
    )
    def test_reading_fit(self, grade: float | None, target: int | None, expected: float) -> None:
        assert reading_fit(grade, target) == pytest.approx(expected)

    def test_length_fit_peaks_at_the_channel_recommendation(self) -> None:
        best = RECOMMENDED_LENGTH[Channel.X]
        assert length_fit(draft("x" * best)) == 1.0
        assert length_fit(draft("x" * (best // 2))) == pytest.approx(0.5, abs=0.01)
        assert length_fit(draft("x" * (best * 3))) == 0.0

    def test_call_to_action_from_the_field_or_the_body(self) -> None:
        assert has_call_to_action(draft(cta="Book now"), direction())
        assert has_call_to_action(draft("Ready? sign up today."), direction(cta="Sign up"))
        assert not has_call_to_action(draft("Nothing to do."), direction(cta="Sign up"))

    def test_diversity_bonus_counts_own_hook_and_angle(self) -> None:
        mine = direction("h1", "a1")
        assert diversity_bonus(mine, [direction("h2", "a2")]) == 1.0
        assert diversity_bonus(mine, [direction("h1", "a2")]) == 0.5
        assert diversity_bonus(mine, [direction("h1", "a1")]) == 0.0
        assert diversity_bonus(mine, []) == 1.0

    def test_the_total_weights_the_terms(self) -> None:
        score = QualityScore(compliance=1.0, reading=0.0, length=0.5, cta=1.0, diversity=0.0)
        assert score.total == pytest.approx(100 * (0.45 + 0.15 * 0.5 + 0.10))

    def test_quality_score_uses_the_compliance_score(self) -> None:
        body = "x" * RECOMMENDED_LENGTH[Channel.X]
        good = quality_score(
            draft=draft(body, cta="Go"),
            report=ComplianceReport(score=100, reading_grade=8.0),
            direction=direction(),
            target_grade=8,
            others=[],
        )
        worse = quality_score(
            draft=draft(body, cta="Go"),
            report=ComplianceReport(score=40, reading_grade=8.0),
            direction=direction(),
            target_grade=8,
            others=[],
        )
        assert good.total == 100.0
        assert worse.total == pytest.approx(100 - 45 * 0.6)


class TestSimilarity:
    def test_shingles_are_case_folded_word_trigrams(self) -> None:
        assert shingles("The quick Brown fox") == {
            ("the", "quick", "brown"),
            ("quick", "brown", "fox"),
        }
        assert shingles("Hi there") == {("hi", "there")}
        assert shingles("") == frozenset()

    def test_jaccard(self) -> None:
        a, b = shingles("a b c d e"), shingles("a b c d f")
        assert jaccard(a, b) == pytest.approx(2 / 4)
        assert jaccard(a, a) == 1.0

    def test_near_duplicates_keep_the_better_and_the_order(self) -> None:
        base = " ".join(f"word{i}" for i in range(30))
        items = ["totally different text about other things entirely", base, base + " extra"]
        kept = remove_near_duplicates(items, text=str, better=len)
        assert kept == [items[0], items[2]]

    def test_distinct_texts_all_survive(self) -> None:
        items = ["one two three four", "five six seven eight", "nine ten eleven twelve"]
        assert remove_near_duplicates(items, text=str, better=len) == items
