"""The ContentPiece aggregate: versions, the status workflow, review and diffs."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from umt.domain.brand.channels import Channel
from umt.domain.content.compliance_report import ComplianceReport, Severity, Violation
from umt.domain.content.diff import Granularity
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.domain.content.errors import (
    AnchorOutOfRange,
    CommentNotFound,
    ComplianceViolationsRemain,
    ContentIsLocked,
    ContentTypeMismatch,
    IllegalCommentTransition,
    IllegalContentTransition,
    VersionNotFound,
)
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.content.review import TextAnchor
from umt.domain.content.version import Author, Provenance
from umt.domain.shared.errors import InvalidValue, StaleVersion
from umt.domain.shared.ids import (
    BrandId,
    CommentId,
    ContentId,
    ContentVersionId,
    OrganizationId,
    UserId,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
WRITER = Author.user(UserId(uuid4()))
REVIEWER = Author.user(UserId(uuid4()))
CLEAN = ComplianceReport(score=100)


def draft(
    title: str = "Launch day", body: str = "We launch today. Join us.", **kw: object
) -> Draft:
    return Draft(
        content_type=ContentType.SOCIAL_POST,
        channel=Channel.LINKEDIN,
        title=title,
        body=body,
        **kw,  # type: ignore[arg-type]  # test helper passes Draft fields through
    )


def new_piece() -> ContentPiece:
    return ContentPiece.create(
        id=ContentId(uuid4()),
        organization_id=OrganizationId(uuid4()),
        brand_id=BrandId(uuid4()),
        draft=draft(),
        version_id=ContentVersionId(uuid4()),
        author=WRITER,
        now=T0,
    )


def revise(piece: ContentPiece, d: Draft, minutes: int = 1) -> None:
    piece.revise(
        d, version_id=ContentVersionId(uuid4()), author=WRITER, now=T0 + timedelta(minutes=minutes)
    )


def test_create_records_the_first_version_and_an_event() -> None:
    piece = new_piece()
    assert piece.status is ContentStatus.DRAFT
    assert piece.current_version == 1
    assert piece.current.author == WRITER
    assert [e.event_type for e in piece.events] == ["content.created"]
    assert piece.events[0].data["author"] == WRITER.label()


def test_a_piece_needs_a_title_or_a_body() -> None:
    with pytest.raises(InvalidValue):
        ContentPiece.create(
            id=ContentId(uuid4()),
            organization_id=OrganizationId(uuid4()),
            brand_id=BrandId(uuid4()),
            draft=draft(title=" ", body=""),
            version_id=ContentVersionId(uuid4()),
            author=WRITER,
            now=T0,
        )


def test_versions_are_immutable_and_numbered() -> None:
    piece = new_piece()
    first = piece.current
    revise(piece, draft(title="Launch day!"))
    assert [v.number for v in piece.versions] == [1, 2]
    assert piece.version_numbered(1) is first
    assert first.draft.title == "Launch day"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.note = "changed"  # type: ignore[misc]  # proving it is frozen
    with pytest.raises(VersionNotFound):
        piece.version_numbered(3)


def test_revising_keeps_the_type() -> None:
    piece = new_piece()
    email = Draft(content_type=ContentType.EMAIL, channel=Channel.EMAIL, title="x", body="y")
    with pytest.raises(ContentTypeMismatch):
        revise(piece, email)


def test_the_full_workflow() -> None:
    piece = new_piece()
    piece.submit_for_review(by=WRITER, now=T0)
    piece.request_changes("Too long", by=REVIEWER, now=T0)
    assert piece.status is ContentStatus.CHANGES_REQUESTED
    assert piece.status_reason == "Too long"
    with pytest.raises(IllegalContentTransition):
        piece.submit_for_review(by=WRITER, now=T0)
    revise(piece, draft(body="Shorter."))
    assert piece.status is ContentStatus.DRAFT
    assert piece.status_reason == ""
    piece.submit_for_review(by=WRITER, now=T0)
    piece.approve(CLEAN, by=REVIEWER, now=T0)
    at = T0 + timedelta(days=1)
    piece.mark_scheduled(at=at, now=T0)
    assert piece.scheduled_for == at
    piece.mark_published(now=at)
    with pytest.raises(ContentIsLocked):
        revise(piece, draft(body="Too late."))
    piece.archive(now=at)
    assert piece.status is ContentStatus.ARCHIVED
    with pytest.raises(IllegalContentTransition):
        piece.archive(now=at)
    assert [e.event_type for e in piece.events] == [
        "content.created",
        "content.submitted_for_review",
        "content.changes_requested",
        "content.revised",
        "content.submitted_for_review",
        "content.approved",
        "content.scheduled",
        "content.published",
        "content.archived",
    ]


def test_a_draft_cannot_be_approved_or_published() -> None:
    piece = new_piece()
    with pytest.raises(IllegalContentTransition):
        piece.approve(CLEAN, by=REVIEWER, now=T0)
    with pytest.raises(IllegalContentTransition):
        piece.mark_published(now=T0)


def test_approval_is_refused_while_errors_remain() -> None:
    piece = new_piece()
    piece.submit_for_review(by=WRITER, now=T0)
    report = ComplianceReport(
        score=40,
        violations=(
            Violation(code="banned_word", severity=Severity.ERROR, message="m", location="body"),
            Violation(code="tone", severity=Severity.WARNING, message="m", location="body"),
        ),
    )
    with pytest.raises(ComplianceViolationsRemain, match="banned_word"):
        piece.approve(report, by=REVIEWER, now=T0)
    assert piece.status is ContentStatus.IN_REVIEW
    warnings_only = ComplianceReport(score=80, violations=report.violations[1:])
    piece.approve(warnings_only, by=REVIEWER, now=T0)
    assert piece.status is ContentStatus.APPROVED


def test_a_new_version_of_an_approved_piece_goes_back_to_draft() -> None:
    piece = new_piece()
    piece.submit_for_review(by=WRITER, now=T0)
    piece.approve(CLEAN, by=REVIEWER, now=T0)
    revise(piece, draft(body="Edited after approval."))
    assert piece.status is ContentStatus.DRAFT


def test_expected_version_guards_every_change() -> None:
    piece = new_piece()
    with pytest.raises(StaleVersion):
        piece.submit_for_review(by=WRITER, now=T0, expected_version=7)
    piece.submit_for_review(by=WRITER, now=T0, expected_version=1)
    assert piece.version == 2


def test_diff_by_word_and_by_line() -> None:
    piece = new_piece()
    revise(
        piece,
        draft(
            title="Launch day",
            body="We launch tomorrow. Join us.",
            fields=ContentFields(hashtags=("launch",)),
        ),
    )
    diff = piece.diff(1, 2)
    assert diff.changed == ("body", "fields.hashtags")
    body = diff.fields[0]
    changes = [(h.op, h.before, h.after) for h in body.hunks if h.op != "equal"]
    assert changes == [("replace", "today.", "tomorrow.")]
    assert "-We launch today. Join us." in body.unified
    assert "+We launch tomorrow. Join us." in diff.unified
    assert "--- v1/body" in diff.unified
    backwards = piece.diff(2, 1, Granularity.LINE)
    assert backwards.fields[0].hunks[0].op == "replace"
    assert piece.diff(1, 1).fields == ()


def test_comment_threads_anchor_resolve_and_reopen() -> None:
    piece = new_piece()
    root = piece.add_comment(
        comment_id=CommentId(uuid4()),
        author=REVIEWER,
        body="Which day?",
        now=T0,
        anchor=TextAnchor(field="body", start=3, end=9),
    )
    reply = piece.add_comment(
        comment_id=CommentId(uuid4()), author=WRITER, body="Monday", now=T0, parent_id=root.id
    )
    assert reply.version_number == root.version_number == 1
    with pytest.raises(IllegalCommentTransition):
        piece.resolve_comment(reply.id, by=WRITER, now=T0)
    piece.resolve_comment(root.id, by=WRITER, now=T0)
    assert root.resolved
    assert root.resolved_by == WRITER
    assert piece.open_threads() == []
    with pytest.raises(IllegalCommentTransition):
        piece.resolve_comment(root.id, by=WRITER, now=T0)
    piece.reopen_comment(root.id, by=REVIEWER, now=T0)
    assert not root.resolved
    assert root.resolved_at is None
    with pytest.raises(CommentNotFound):
        piece.resolve_comment(CommentId(uuid4()), by=WRITER, now=T0)


def test_anchors_must_fit_their_version() -> None:
    piece = new_piece()
    with pytest.raises(AnchorOutOfRange):
        piece.add_comment(
            comment_id=CommentId(uuid4()),
            author=REVIEWER,
            body="?",
            now=T0,
            anchor=TextAnchor(field="body", start=0, end=500),
        )
    with pytest.raises(AnchorOutOfRange):
        piece.add_comment(
            comment_id=CommentId(uuid4()),
            author=REVIEWER,
            body="?",
            now=T0,
            anchor=TextAnchor(field="nonsense", start=0, end=1),
        )
    with pytest.raises(InvalidValue):
        TextAnchor(field="body", start=4, end=4)
    with pytest.raises(VersionNotFound):
        piece.add_comment(
            comment_id=CommentId(uuid4()), author=REVIEWER, body="?", now=T0, version_number=2
        )


def test_authors_round_trip_through_their_label() -> None:
    agent = Author.named_agent("content-creation")
    assert Author.parse(agent.label()) == agent
    assert Author.parse(WRITER.label()) == WRITER
    with pytest.raises(InvalidValue):
        Author.parse("robot:x")
    with pytest.raises(InvalidValue):
        Provenance(adapter="offline", input_tokens=-1)
