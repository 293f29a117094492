"""From generation to an experiment's winner through the embedded library only: a brand with
a voice and an audience, five LinkedIn variants stored as draft pieces, a compliance check,
review by a brand manager, and an experiment between two versions of the approved piece,
analyzed to a winner. What the facade returns is what the same use cases give on the bus, and a
viewer is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from umt.application.content.generation.check_compliance import CheckCompliance
from umt.application.content.version_queries import DiffVersions
from umt.application.experiments.analyze_experiment import AnalyzeExperiment, ExperimentAnalysis
from umt.application.identity.create_user import CreateUser
from umt.domain.brand.channels import Channel
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import ContentType, Draft
from umt.domain.content.piece import ContentStatus
from umt.domain.experiments.errors import InvalidObservations
from umt.domain.experiments.experiment import ExperimentStatus
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import NotFound, PermissionDenied
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform as Umt
from umt.entrypoints.library import Session
from umt.entrypoints.settings import Settings

PASSWORD = "a long enough passphrase"


@pytest.fixture
async def umt(tmp_path: Path) -> AsyncIterator[Umt]:
    settings = Settings(
        _env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="", redis_url=""
    )
    async with Umt(build_container(settings)) as platform:
        yield platform


async def member(umt: Umt, owner: Session, email: str, role: Role) -> Session:
    await umt.bus.execute(
        CreateUser(
            email=email,
            password=PASSWORD,
            role=role,
            organization_id=owner.principal.organization_id,
        )
    )
    return await umt.login(email, PASSWORD, owner.principal.organization_id)


def events(arm: str, exposed: int, converted: int) -> list[dict[str, Any]]:
    seen = [
        {"event_id": f"x-{arm}-{u}", "unit_id": f"{arm}-{u}", "arm": arm, "kind": "exposure"}
        for u in range(exposed)
    ]
    return seen + [
        {"event_id": f"c-{arm}-{u}", "unit_id": f"{arm}-{u}", "arm": arm, "kind": "conversion"}
        for u in range(converted)
    ]


async def test_the_content_journey_through_the_library(umt: Umt) -> None:
    owner = await umt.register("ana@acme.example", PASSWORD, "Acme")
    manager = await member(umt, owner, "bo@acme.example", Role.BRAND_MANAGER)
    viewer = await member(umt, owner, "vi@acme.example", Role.VIEWER)
    brand = await umt.brands.create(
        owner,
        name="Acme Coffee",
        industry="food",
        voice={"tone": ["warm", "witty"], "banned_words": ["cheap"], "reading_grade": 10},
    )
    audience = await umt.audiences.add(
        owner, brand.id, persona_name="Busy CTO", preferred_channels=("linkedin",)
    )

    # five LinkedIn variants, distinct, each stored as a draft piece of the brand
    generated = await umt.generation.variants(
        owner,
        brand.id,
        topic="Our new cold brew for long engineering days",
        content_type="social_post",
        channel="linkedin",
        n=5,
        audience_id=audience.id,
        key_points=["twelve hour steep", "less acidity"],
        seed=7,
    )
    assert generated.requested == 5
    assert len(generated.variants) == 5
    assert [v.rank for v in generated.variants] == [1, 2, 3, 4, 5]
    assert len({v.draft.body for v in generated.variants}) == 5
    for variant in generated.variants:
        assert variant.content_id is not None
        piece = await umt.content.get(owner, variant.content_id)
        assert piece.status is ContentStatus.DRAFT
        assert piece.brand_id == brand.id
        assert piece.draft.channel is Channel.LINKEDIN
        assert piece.draft.body == variant.draft.body
    drafts = await umt.content.list(owner, brand_id=brand.id, status="draft")
    assert {p.id for p in drafts.items} == {v.content_id for v in generated.variants}
    usage = await umt.generation.usage(owner)
    assert usage.calls >= 5

    # the compliance check answers as the use case does, and catches the banned word
    best = generated.variants[0]
    report = await umt.generation.check_compliance(owner, brand.id, best.draft)
    direct: ComplianceReport = await umt.bus.execute(
        CheckCompliance(brand_id=brand.id, draft=best.draft), owner.principal
    )
    assert report == direct
    offending = Draft(
        content_type=ContentType.SOCIAL_POST,
        channel=Channel.LINKEDIN,
        body="Cheap coffee for cheap people.",
    )
    flagged = await umt.generation.check_compliance(owner, brand.id, offending)
    assert any("cheap" in v.message.lower() for v in flagged.violations)
    assert flagged.score < report.score

    # the limits table the checker enforces, as the library hands it to a client
    tables = await umt.generation.channel_limits(owner, "social_post")
    x_post = next(t for t in tables if t.channel is Channel.X)
    assert x_post.fields["body"].hard == 280
    assert {t.content_type for t in tables} == {ContentType.SOCIAL_POST}
    assert len(await umt.generation.channel_limits(viewer)) == len(tables) * len(ContentType)

    # review: the writer submits, a viewer may read but not approve, the manager approves
    assert best.content_id is not None
    piece_id = best.content_id
    submitted = await umt.content.submit(owner, piece_id)
    assert submitted.status is ContentStatus.IN_REVIEW
    assert (await umt.content.get(viewer, piece_id)).id == piece_id
    with pytest.raises(PermissionDenied):
        await umt.content.approve(viewer, piece_id)
    with pytest.raises(PermissionDenied):
        await umt.generation.variants(
            viewer, brand.id, topic="x", content_type="social_post", channel="linkedin", n=1
        )
    approved = await umt.content.approve(manager, piece_id)
    assert approved.status is ContentStatus.APPROVED

    # a second version to test against the first
    revised = await umt.content.revise(
        owner,
        piece_id,
        body=approved.draft.body + " Try it on Monday?",
        note="a question",
        expected_version=approved.version,
    )
    assert revised.current_version == 2
    assert [v.number for v in await umt.content.versions(owner, piece_id)] == [1, 2]
    diff = await umt.content.diff(owner, piece_id)
    assert diff == await umt.bus.execute(DiffVersions(content_id=piece_id), owner.principal)

    arms = [
        {"name": "control", "content_id": str(piece_id), "content_version": 1},
        {"name": "question", "content_id": str(piece_id), "content_version": 2},
    ]
    design: dict[str, Any] = {
        "name": "Ask a question",
        "primary_metric": {"name": "signups", "kind": "conversion"},
        "arms": arms,
        "mde": {"value": 0.5, "baseline": 0.1},
    }
    with pytest.raises(PermissionDenied):
        await umt.experiments.create(viewer, brand.id, **design)
    draft = await umt.experiments.create(owner, brand.id, **design)
    assert draft.status is ExperimentStatus.DRAFT
    assert draft.required_sample_size > 0
    experiment = await umt.experiments.start(owner, draft.id, expected_version=draft.version)
    assert experiment.status is ExperimentStatus.RUNNING

    seen = [(await umt.experiments.assignment(viewer, experiment.id, f"u{i}")) for i in range(30)]
    again = [(await umt.experiments.assignment(owner, experiment.id, f"u{i}")) for i in range(30)]
    assert [a.arm.name for a in seen] == [a.arm.name for a in again]
    assert {a.arm.name for a in seen} == {"control", "question"}
    assert {a.arm.content_version for a in seen} == {1, 2}

    batch = events("control", 1000, 100) + events("question", 1000, 220)
    with pytest.raises(PermissionDenied):
        await umt.experiments.record_events(viewer, experiment.id, batch[:10])
    with pytest.raises(InvalidObservations):  # a batch holds at most 1000 events
        await umt.experiments.record_events(owner, experiment.id, batch)
    chunks = [batch[i : i + 1000] for i in range(0, len(batch), 1000)]
    recorded = [await umt.experiments.record_events(owner, experiment.id, c) for c in chunks]
    assert sum(r.stored for r in recorded) == 2320
    assert sum(r.duplicates for r in recorded) == 0
    again_recorded = await umt.experiments.record_events(owner, experiment.id, batch[:5])
    assert (again_recorded.stored, again_recorded.duplicates) == (0, 5)

    peek = await umt.experiments.analysis(viewer, experiment.id)
    direct_peek: ExperimentAnalysis = await umt.bus.execute(
        AnalyzeExperiment(experiment_id=experiment.id, apply=False), owner.principal
    )
    assert peek.analysis == direct_peek.analysis
    assert peek.analysis.decision == "winner_found"
    assert not peek.concluded
    with pytest.raises(PermissionDenied):
        await umt.experiments.analyze(viewer, experiment.id)
    result = await umt.experiments.analyze(manager, experiment.id)
    assert result.concluded
    assert result.experiment.status is ExperimentStatus.CONCLUDED
    assert result.experiment.winner == "question"
    listed = await umt.experiments.list(viewer, brand_id=brand.id, status="concluded")
    assert [e.id for e in listed.items] == [experiment.id]


async def test_templates_comments_and_tenancy(umt: Umt) -> None:
    owner = await umt.register("ana@acme.example", PASSWORD, "Acme")
    viewer = await member(umt, owner, "vi@acme.example", Role.VIEWER)
    other = await umt.register("bob@globex.example", PASSWORD, "Globex")
    brand = await umt.brands.create(owner, name="Acme Coffee")

    template = await umt.templates.create(
        owner,
        name="Launch post",
        content_type="social_post",
        body="Meet {{ product }}.",
        variables=[{"name": "product", "required": True}],
    )
    with pytest.raises(PermissionDenied):
        await umt.templates.create(viewer, name="x", content_type="social_post", body="x")
    rendered = await umt.templates.render(viewer, template.id, {"product": "Cold Brew"})
    assert rendered.text == "Meet Cold Brew."
    assert [t.id for t in (await umt.templates.list(owner)).items] == [template.id]
    assert await umt.templates.builtin(owner)
    renamed = await umt.templates.update(
        owner, template.id, expected_version=template.version, name="Launch"
    )
    assert renamed.name == "Launch"
    await umt.templates.delete(owner, renamed.id, expected_version=renamed.version)
    with pytest.raises(NotFound):
        await umt.templates.get(owner, renamed.id)

    piece = await umt.content.create(
        owner, brand.id, content_type="email", channel="email", title="Hello", body="Cold brew."
    )
    thread = await umt.content.comment(owner, piece.id, "Shorter?")
    reply = await umt.content.comment(owner, piece.id, "Done.", reply_to=thread.id)
    resolved = await umt.content.resolve_comment(owner, piece.id, thread.id)
    assert resolved.resolved
    assert [c.id for c in await umt.content.comments(viewer, piece.id)] == [thread.id, reply.id]
    with pytest.raises(PermissionDenied):
        await umt.content.comment(viewer, piece.id, "No.")
    found = await umt.content.search(owner, "brew")
    assert [p.id for p in found.items] == [piece.id]
    with pytest.raises(NotFound):
        await umt.content.get(other, piece.id)
    assert (await umt.content.search(other, "brew")).items == []
