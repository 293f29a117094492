"""Contract: a promoted piece (its copied version and ``promoted_from_experiment``) survives a
round trip through every ContentRepository adapter, and its event reaches the outbox."""

from __future__ import annotations

from uuid import uuid4

from tests.contracts.conftest import UowFactory
from tests.contracts.test_content_repository import LATER, add, load, piece, setup_brand

from umt.domain.content.draft import ContentType, Draft
from umt.domain.content.piece import ContentStatus
from umt.domain.content.version import Author
from umt.domain.shared.ids import ContentVersionId, ExperimentId


class TestContentPromotion:
    async def test_a_promotion_survives_a_round_trip(self, uow_factory: UowFactory) -> None:
        brand, _ = await setup_brand(uow_factory)
        p = piece(brand, "Launch day", "The tested text.")
        await add(uow_factory, p)
        experiment = ExperimentId(uuid4())
        async with uow_factory() as uow:
            loaded = await uow.content.get(p.organization_id, p.id)
            assert loaded is not None
            loaded.revise(
                Draft(content_type=ContentType.SOCIAL_POST, channel=p.channel, body="Later."),
                version_id=ContentVersionId(uuid4()),
                author=Author.named_agent("content-creation"),
                now=LATER,
            )
            loaded.promote(
                experiment_id=experiment,
                arm="b",
                number=1,
                version_id=ContentVersionId(uuid4()),
                author=Author.named_agent("content-creation"),
                now=LATER,
            )
            await uow.content.save(loaded)
            await uow.commit()
            events = uow.collect_events()
        assert [e.event_type for e in events] == ["content.revised", "content.promoted"]
        stored = await load(uow_factory, p)
        assert stored.promoted_from_experiment == experiment
        assert stored.current_version == 3
        assert stored.current.draft.body == "The tested text."
        assert "promoted from experiment" in stored.current.note
        assert stored.status is ContentStatus.DRAFT
        untouched = piece(brand, "Another")
        await add(uow_factory, untouched)
        assert (await load(uow_factory, untouched)).promoted_from_experiment is None
