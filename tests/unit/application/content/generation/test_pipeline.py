"""The generation pipeline: diversity plan, bounded concurrency, repair, dedupe, ranking."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.unit.application.content.generation.doubles import (
    SOCIAL,
    ScriptedGenerator,
    banned_word_compliance,
    brief,
    distinct_body,
)

from umt.application.content.generation.diversity import (
    MAX_VARIANTS,
    plan_directions,
    variant_seed,
)
from umt.application.content.generation.pipeline import GenerationSpec, generate_ranked
from umt.application.content.generation.variants import Compliance
from umt.domain.content.compliance_report import ComplianceReport, Severity, Violation
from umt.domain.content.draft import ContentType
from umt.ports.content_generator import GenerationRequest, Length


def spec(n: int, **voice: object) -> GenerationSpec:
    return GenerationSpec(brand=brief(**voice), topic="Faster onboarding", seed=42, n=n, **SOCIAL)


def no_cost(_: object) -> int:
    return 0


class TestDiversityPlan:
    def test_ten_directions_differ_in_hook_angle_and_call_to_action(self) -> None:
        plan = plan_directions(MAX_VARIANTS, seed=7, content_type=ContentType.SOCIAL_POST)
        for attribute in ("hook", "angle", "call_to_action"):
            assert len({getattr(d, attribute) for d in plan}) == MAX_VARIANTS
        assert {d.length for d in plan} == set(Length)

    def test_the_seed_decides_the_plan(self) -> None:
        a = plan_directions(5, seed=1, content_type=ContentType.EMAIL)
        assert a == plan_directions(5, seed=1, content_type=ContentType.EMAIL)
        assert a != plan_directions(5, seed=2, content_type=ContentType.EMAIL)

    def test_a_single_variant_gets_the_type_default_length(self) -> None:
        (blog,) = plan_directions(1, seed=3, content_type=ContentType.BLOG_POST)
        (post,) = plan_directions(1, seed=3, content_type=ContentType.SOCIAL_POST)
        assert (blog.length, post.length) == (Length.LONG, Length.SHORT)

    @pytest.mark.parametrize("n", [0, 11])
    def test_out_of_range_counts_are_refused(self, n: int) -> None:
        with pytest.raises(ValueError, match="between 1 and 10"):
            plan_directions(n, seed=1, content_type=ContentType.EMAIL)

    def test_variant_seeds_are_distinct_and_stable(self) -> None:
        seeds = [variant_seed(42, i) for i in range(10)]
        assert len(set(seeds)) == 10
        assert seeds == [variant_seed(42, i) for i in range(10)]


class TestPipeline:
    async def test_variants_run_concurrently_within_the_bound(self) -> None:
        generator = ScriptedGenerator(delay=0.02)
        ranked = await generate_ranked(
            spec(6),
            generator=generator,
            compliance=banned_word_compliance(),
            cost_of=no_cost,
            concurrency=2,
        )
        assert len(ranked) == 6
        assert generator.max_running == 2
        assert len({req.direction.hook for req in generator.requests}) == 6

    async def test_a_near_duplicate_is_removed_keeping_the_better_one(self) -> None:
        same = "Onboarding in a day: " + " ".join(f"step {i} is simple" for i in range(20))

        def write(request: GenerationRequest) -> str:
            if request.seed == variant_seed(42, 0):
                return same + " spam"  # the worse copy: a banned word (repaired, lower score)
            if request.seed == variant_seed(42, 1):
                return same
            return distinct_body(request)

        generator = ScriptedGenerator(write)
        compliance = banned_word_compliance()
        ranked = await generate_ranked(
            spec(3, banned_words=("spam",)),
            generator=generator,
            compliance=Compliance(check=compliance.check, repair=lambda d, _v: d),
            cost_of=no_cost,
            repair_attempts=0,
        )
        assert [r.variant.index for r in ranked].count(0) == 0
        assert sorted(r.variant.index for r in ranked) == [1, 2]
        assert [r.rank for r in ranked] == [1, 2]

    async def test_ranking_follows_the_quality_score(self) -> None:
        def write(request: GenerationRequest) -> str:
            body = distinct_body(request)
            # variant 1 keeps one warning; the others are clean
            return body + " meh" if request.seed == variant_seed(42, 1) else body

        def check(draft, voice):  # type: ignore[no-untyped-def]
            warn = Violation(
                code="tone", severity=Severity.WARNING, message="off tone", location="body"
            )
            bad = "meh" in draft.body
            return ComplianceReport(score=60 if bad else 100, violations=(warn,) if bad else ())

        ranked = await generate_ranked(
            spec(3),
            generator=ScriptedGenerator(write),
            compliance=Compliance(check=check, repair=lambda d, _v: d),
            cost_of=no_cost,
        )
        totals = [r.score.total for r in ranked]
        assert totals == sorted(totals, reverse=True)
        assert ranked[-1].variant.index == 1

    async def test_violations_are_fed_back_and_the_regenerated_draft_is_kept(self) -> None:
        def write(request: GenerationRequest) -> str:
            body = distinct_body(request)
            return body if request.feedback else body + " spam"

        generator = ScriptedGenerator(write)
        (only,) = await generate_ranked(
            spec(1, banned_words=("spam",)),
            generator=generator,
            compliance=banned_word_compliance(),
            cost_of=lambda g: 10,
        )
        first, second = generator.requests
        assert first.feedback == ()
        assert [v.code for v in second.feedback] == ["banned_word"]
        assert only.variant.attempts == 2
        assert not only.variant.mechanically_repaired
        assert not only.variant.needs_attention
        assert only.variant.cost_micros == 20  # both calls are paid for
        assert "spam" not in only.variant.draft.body

    async def test_mechanical_repair_runs_after_the_regenerations(self) -> None:
        generator = ScriptedGenerator(lambda r: distinct_body(r) + " spam")
        (only,) = await generate_ranked(
            spec(1, banned_words=("spam",)),
            generator=generator,
            compliance=banned_word_compliance(),
            cost_of=no_cost,
            repair_attempts=2,
        )
        assert len(generator.requests) == 3  # the first call and two regenerations
        assert only.variant.mechanically_repaired
        assert only.variant.report.passed
        assert not only.variant.needs_attention

    async def test_an_unrepairable_variant_is_marked_and_ranked_last(self) -> None:
        def write(request: GenerationRequest) -> str:
            body = distinct_body(request)
            return body + " spam" if request.seed == variant_seed(42, 0) else body

        compliance = banned_word_compliance()
        ranked = await generate_ranked(
            spec(3, banned_words=("spam",)),
            generator=ScriptedGenerator(write),
            compliance=replace(compliance, repair=lambda d, _v: d),  # repair cannot help
            cost_of=no_cost,
            repair_attempts=1,
        )
        last = ranked[-1]
        assert last.variant.index == 0
        assert last.variant.needs_attention
        assert [v.code for v in last.variant.report.errors] == ["banned_word"]
        assert not any(r.variant.needs_attention for r in ranked[:-1])


def test_up_to_six_variants_never_share_a_core_hook_or_angle() -> None:
    from umt.application.content.generation.diversity import ANGLES, HOOKS

    for seed in range(20):
        plan = plan_directions(6, seed=seed, content_type=ContentType.SOCIAL_POST)
        assert {d.hook for d in plan} == set(HOOKS)
        assert {d.angle for d in plan} == set(ANGLES)
