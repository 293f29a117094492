"""Taking a published publication down: recorded once, after the platform deleted its post."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.unit.domain.publishing.publication_builders import NOW, publication

from umt.domain.publishing.first_comment import CommentStatus
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import IllegalPublicationTransition
from umt.domain.publishing.publication_status import FINAL, PublicationStatus
from umt.domain.shared.errors import StaleVersion

LATER = NOW + timedelta(days=2)


def published() -> Publication:
    p = publication()
    due = p.due_at
    fence = p.claim("engine", until=due + timedelta(minutes=5), now=due)
    p.begin_attempt(fence, now=due)
    p.record_success(fence, remote_id="urn:li:share:9", now=due)
    p.events.clear()
    return p


def test_a_published_one_is_taken_down_with_its_event_and_keeps_its_remote_id() -> None:
    p = published()
    version = p.version

    assert p.take_down(now=LATER, expected_version=version) is True

    assert p.status is PublicationStatus.TAKEN_DOWN
    assert p.taken_down
    assert p.status in FINAL
    assert (p.remote_id, p.version, p.updated_at) == ("urn:li:share:9", version + 1, LATER)
    (event,) = p.events
    assert event.event_type == "publication.taken_down"
    assert event.data["remote_id"] == "urn:li:share:9"
    assert event.data["taken_down_at"] == LATER.isoformat()


def test_taking_it_down_again_changes_nothing_whatever_the_version() -> None:
    p = published()
    p.take_down(now=LATER)
    p.events.clear()
    version = p.version

    assert p.take_down(now=LATER + timedelta(hours=1), expected_version=1) is False

    assert (p.version, p.events) == (version, [])


def test_only_a_published_one_at_the_expected_version_can_be_taken_down() -> None:
    scheduled = publication()
    with pytest.raises(IllegalPublicationTransition):
        scheduled.check_take_down()
    with pytest.raises(IllegalPublicationTransition):
        scheduled.take_down(now=LATER)
    p = published()
    with pytest.raises(StaleVersion):
        p.take_down(now=LATER, expected_version=p.version - 1)
    assert p.status is PublicationStatus.PUBLISHED
    assert scheduled.status is PublicationStatus.SCHEDULED


def test_a_first_comment_not_posted_yet_is_withdrawn_with_the_post() -> None:
    p = publication(first_comment="#spring #coffee")
    due = p.due_at
    fence = p.claim("engine", until=due + timedelta(minutes=5), now=due)
    p.begin_attempt(fence, now=due)
    p.record_success(fence, remote_id="urn:li:share:9", now=due)
    assert p.first_comment_due(due)

    p.take_down(now=LATER)

    assert p.comment_delivery is not None
    assert p.comment_delivery.status is CommentStatus.FAILED
    assert p.comment_delivery.next_attempt_at is None
    assert "taken down" in p.comment_delivery.detail
    assert not p.first_comment_due(LATER + timedelta(days=1))
