"""Content library use cases through the bus: authorship, workflow, review, scope, search."""

from __future__ import annotations

import dataclasses

import pytest
from tests.unit.application.helpers import add_member

from umt.adapters.memory.store import InMemoryStore
from umt.application.brand.create_brand import CreateBrand
from umt.application.brand.create_project import CreateProject
from umt.application.bus import MessageBus
from umt.application.content.approve_content import ApproveContent
from umt.application.content.archive_content import ArchiveContent
from umt.application.content.comments import (
    AddComment,
    ListComments,
    ReopenComment,
    ResolveComment,
)
from umt.application.content.content_queries import GetContent, ListContent
from umt.application.content.create_content import CreateContent
from umt.application.content.mark_published import MarkPublished
from umt.application.content.mark_scheduled import MarkScheduled
from umt.application.content.request_changes import RequestChanges
from umt.application.content.revise_content import ReviseContent
from umt.application.content.submit_for_review import SubmitForReview
from umt.application.content.version_queries import DiffVersions, GetVersion, ListVersions
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand
from umt.domain.content.errors import (
    ComplianceViolationsRemain,
    ContentIsLocked,
    IllegalContentTransition,
    VersionNotFound,
)
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.content.version import Author, AuthorKind
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied, StaleVersion
from umt.ports.pagination import PageRequest


async def brand_of(bus: MessageBus, owner: Principal, name: str = "Acme Coffee") -> Brand:
    brand: Brand = await bus.execute(CreateBrand(name=name), owner)
    return brand


async def new_piece(bus: MessageBus, actor: Principal, brand: Brand, **kw: object) -> ContentPiece:
    values: dict[str, object] = {
        "brand_id": brand.id,
        "content_type": "social_post",
        "channel": "linkedin",
        "title": "Our new roast",
        "body": "Meet the darkest roast we have ever made.",
        "fields": {"hashtags": ["coffee", "roast"], "call_to_action": "Try it"},
    }
    values.update(kw)
    piece: ContentPiece = await bus.execute(CreateContent(**values), actor)  # type: ignore[arg-type]
    return piece


async def test_create_and_revise_keep_every_version(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    brand = await brand_of(bus, owner)
    piece = await new_piece(
        bus,
        owner,
        brand,
        agent="content-creation",
        provenance={"adapter": "offline", "seed": 3, "input_tokens": 0},
        media=[{"url": "https://cdn.example.com/roast.png", "kind": "image", "alt_text": "Beans"}],
    )
    assert piece.current.author == Author.named_agent("content-creation")
    assert piece.current.provenance is not None
    assert piece.current.provenance.seed == 3
    assert [m.alt_text for m in piece.media] == ["Beans"]
    assert store.outbox[-1].event_type == "content.created"

    revised: ContentPiece = await bus.execute(
        ReviseContent(content_id=piece.id, body="Meet our darkest roast yet.", note="shorter"),
        owner,
    )
    assert revised.current_version == 2
    assert revised.current.author.kind is AuthorKind.USER
    assert revised.current.author.user_id == owner.user_id
    assert revised.title == "Our new roast"  # left out: kept
    assert revised.draft.fields.hashtags == ("coffee", "roast")
    versions = await bus.execute(ListVersions(content_id=piece.id), owner)
    assert [v.number for v in versions] == [1, 2]
    first = await bus.execute(GetVersion(content_id=piece.id, number=1), owner)
    assert first.draft.body == "Meet the darkest roast we have ever made."
    diff = await bus.execute(DiffVersions(content_id=piece.id, from_number=1, to_number=2), owner)
    assert diff.changed == ("body",)
    with pytest.raises(VersionNotFound):
        await bus.execute(GetVersion(content_id=piece.id, number=3), owner)
    with pytest.raises(StaleVersion):
        await bus.execute(ReviseContent(content_id=piece.id, body="x", expected_version=1), owner)


async def test_bad_input_is_a_named_error(bus: MessageBus, owner: Principal) -> None:
    brand = await brand_of(bus, owner)
    with pytest.raises(InvalidValue) as bad_type:
        await new_piece(bus, owner, brand, content_type="poem")
    assert bad_type.value.field == "content_type"
    with pytest.raises(InvalidValue) as bad_field:
        await new_piece(bus, owner, brand, fields={"colour": "red"})
    assert bad_field.value.field == "fields.colour"
    with pytest.raises(InvalidValue):
        await new_piece(bus, owner, brand, media=[{"url": "ftp://x", "kind": "image"}])


async def test_project_must_belong_to_the_brand(bus: MessageBus, owner: Principal) -> None:
    brand = await brand_of(bus, owner)
    other = await brand_of(bus, owner, "Other Brand")
    project = await bus.execute(
        CreateProject(brand_id=other.id, name="Launch", project_type="product_launch"), owner
    )
    with pytest.raises(InvalidValue):
        await new_piece(bus, owner, brand, project_id=project.id)
    piece = await new_piece(bus, owner, other, project_id=project.id)
    assert piece.project_id == project.id


async def test_review_workflow_and_permissions(bus: MessageBus, owner: Principal) -> None:
    brand = await brand_of(bus, owner)
    creator = await add_member(bus, owner, "creator@acme.example", Role.CONTENT_CREATOR)
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    piece = await new_piece(bus, creator, brand)
    with pytest.raises(PermissionDenied):
        await new_piece(bus, viewer, brand)
    await bus.execute(SubmitForReview(content_id=piece.id), creator)
    with pytest.raises(PermissionDenied):  # a creator cannot approve their own work
        await bus.execute(ApproveContent(content_id=piece.id), creator)
    sent_back = await bus.execute(
        RequestChanges(content_id=piece.id, reason="Name the origin"), owner
    )
    assert sent_back.status is ContentStatus.CHANGES_REQUESTED
    assert sent_back.status_reason == "Name the origin"
    with pytest.raises(IllegalContentTransition):
        await bus.execute(SubmitForReview(content_id=piece.id), creator)
    await bus.execute(
        ReviseContent(content_id=piece.id, body="Our darkest roast, from Huila."), creator
    )
    await bus.execute(SubmitForReview(content_id=piece.id), creator)
    approved = await bus.execute(ApproveContent(content_id=piece.id), owner)
    assert approved.status is ContentStatus.APPROVED
    with pytest.raises(PermissionDenied):
        await bus.execute(MarkPublished(content_id=piece.id), creator)
    scheduled = await bus.execute(
        MarkScheduled(content_id=piece.id, at="2026-04-01T08:00:00+00:00"), owner
    )
    assert scheduled.scheduled_for is not None
    with pytest.raises(InvalidValue):
        await bus.execute(MarkScheduled(content_id=piece.id, at="2026-04-01T08:00:00"), owner)
    published = await bus.execute(MarkPublished(content_id=piece.id), owner)
    assert published.status is ContentStatus.PUBLISHED
    with pytest.raises(ContentIsLocked):
        await bus.execute(ReviseContent(content_id=piece.id, body="late"), creator)
    archived = await bus.execute(ArchiveContent(content_id=piece.id), creator)
    assert archived.status is ContentStatus.ARCHIVED


async def test_comment_threads(bus: MessageBus, owner: Principal) -> None:
    brand = await brand_of(bus, owner)
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    piece = await new_piece(bus, owner, brand)
    thread = await bus.execute(
        AddComment(
            content_id=piece.id,
            body="Darkest? Really?",
            anchor={"field": "body", "start": 9, "end": 16},
        ),
        owner,
    )
    reply = await bus.execute(
        AddComment(content_id=piece.id, body="Yes, measured.", parent_id=thread.id), owner
    )
    assert reply.parent_id == thread.id
    with pytest.raises(PermissionDenied):
        await bus.execute(AddComment(content_id=piece.id, body="hi"), viewer)
    resolved = await bus.execute(ResolveComment(content_id=piece.id, comment_id=thread.id), owner)
    assert resolved.resolved
    reopened = await bus.execute(ReopenComment(content_id=piece.id, comment_id=thread.id), owner)
    assert not reopened.resolved
    listed = await bus.execute(ListComments(content_id=piece.id), viewer)
    assert [c.id for c in listed] == [thread.id, reply.id]
    with pytest.raises(InvalidValue):
        await bus.execute(
            AddComment(content_id=piece.id, body="x", anchor={"field": "body", "start": 0}),
            owner,
        )


async def test_tenancy_and_brand_scope(
    bus: MessageBus, owner: Principal, other_owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    elsewhere = await brand_of(bus, owner, "Second Brand")
    piece = await new_piece(bus, owner, brand)
    hidden = await new_piece(bus, owner, elsewhere, title="Hidden roast")
    with pytest.raises(NotFound):
        await bus.execute(GetContent(content_id=piece.id), other_owner)
    with pytest.raises(NotFound):
        await new_piece(bus, other_owner, brand)
    scoped = dataclasses.replace(owner, brand_scope=frozenset({brand.id}))
    assert (await bus.execute(GetContent(content_id=piece.id), scoped)).id == piece.id
    with pytest.raises(NotFound):
        await bus.execute(GetContent(content_id=hidden.id), scoped)
    page = await bus.execute(ListContent(), scoped)
    assert [p.id for p in page.items] == [piece.id]
    with pytest.raises(NotFound):
        await bus.execute(ListContent(brand_id=elsewhere.id), scoped)
    assert (await bus.execute(ListContent(), other_owner)).items == []


async def test_search_and_filters(bus: MessageBus, owner: Principal) -> None:
    brand = await brand_of(bus, owner)
    roast = await new_piece(bus, owner, brand)
    mail = await new_piece(
        bus,
        owner,
        brand,
        content_type="email",
        channel="email",
        title="Weekly beans",
        body="Fresh roast notes for subscribers.",
        fields={"subject": "Fresh this week"},
    )
    hits = await bus.execute(
        ListContent(q="roast", page=PageRequest(sort="relevance", descending=True)), owner
    )
    assert {p.id for p in hits.items} == {roast.id, mail.id}
    assert hits.items[0].id == roast.id  # "roast" three times against once
    emails = await bus.execute(ListContent(content_type="email"), owner)
    assert [p.id for p in emails.items] == [mail.id]
    with pytest.raises(InvalidValue):
        await bus.execute(ListContent(page=PageRequest(sort="relevance")), owner)
    with pytest.raises(InvalidValue):
        await bus.execute(ListContent(status="lost"), owner)


async def test_approval_is_refused_while_compliance_errors_remain(
    bus: MessageBus, owner: Principal
) -> None:
    brand: Brand = await bus.execute(
        CreateBrand(name="Careful Coffee", voice={"banned_words": ["darkest"]}), owner
    )
    piece = await new_piece(bus, owner, brand)
    await bus.execute(SubmitForReview(content_id=piece.id), owner)
    with pytest.raises(ComplianceViolationsRemain, match="banned"):
        await bus.execute(ApproveContent(content_id=piece.id), owner)
    assert (await bus.execute(GetContent(content_id=piece.id), owner)).status is (
        ContentStatus.IN_REVIEW
    )
    await bus.execute(ReviseContent(content_id=piece.id, body="Meet our boldest roast."), owner)
    await bus.execute(SubmitForReview(content_id=piece.id), owner)
    approved = await bus.execute(ApproveContent(content_id=piece.id), owner)
    assert approved.status is ContentStatus.APPROVED
