"""ContentPiece.promote: an experiment's winning version becomes the current one."""

from __future__ import annotations

from uuid import uuid4

import pytest
from tests.unit.domain.content.test_content_piece import (
    CLEAN,
    REVIEWER,
    T0,
    WRITER,
    draft,
    new_piece,
)

from umt.domain.content.errors import ContentIsLocked, VersionNotFound
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.content.version import Author
from umt.domain.shared.ids import ContentVersionId, ExperimentId

AGENT = Author.named_agent("content-creation")


def promote(piece: ContentPiece, experiment: ExperimentId, number: int) -> object:
    return piece.promote(
        experiment_id=experiment,
        arm="b",
        number=number,
        version_id=ContentVersionId(uuid4()),
        author=AGENT,
        now=T0,
    )


def approved_with_two_versions() -> ContentPiece:
    piece = new_piece()
    piece.revise(
        draft(body="A second text."), version_id=ContentVersionId(uuid4()), author=WRITER, now=T0
    )
    piece.submit_for_review(by=WRITER, now=T0)
    piece.approve(CLEAN, by=REVIEWER, now=T0)
    piece.events.clear()
    return piece


def test_the_current_version_is_recorded_without_a_copy_and_keeps_its_status() -> None:
    piece = approved_with_two_versions()
    experiment = ExperimentId(uuid4())
    assert promote(piece, experiment, 2) is None
    assert (piece.current_version, piece.status) == (2, ContentStatus.APPROVED)
    assert piece.promoted_from_experiment == experiment
    (event,) = piece.events
    assert event.event_type == "content.promoted"
    assert event.data["copied"] is False


def test_an_older_version_is_copied_and_the_piece_goes_back_to_draft_once() -> None:
    piece = approved_with_two_versions()
    experiment = ExperimentId(uuid4())
    copy = promote(piece, experiment, 1)
    assert copy is piece.current
    assert piece.current_version == 3
    assert piece.current.draft == piece.versions[0].draft
    assert piece.current.author == AGENT
    assert piece.status is ContentStatus.DRAFT
    version = piece.version
    assert promote(piece, experiment, 1) is None  # the same experiment again: nothing
    assert (piece.current_version, piece.version, len(piece.events)) == (3, version, 1)


def test_a_locked_piece_or_a_missing_version_refuses() -> None:
    piece = approved_with_two_versions()
    piece.archive(now=T0)
    with pytest.raises(ContentIsLocked):
        promote(piece, ExperimentId(uuid4()), 1)
    promote(piece, ExperimentId(uuid4()), 2)  # the current one: only recorded
    assert piece.status is ContentStatus.ARCHIVED
    with pytest.raises(VersionNotFound):
        promote(new_piece(), ExperimentId(uuid4()), 4)
