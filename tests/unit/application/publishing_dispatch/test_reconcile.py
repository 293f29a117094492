"""A person's reconcile, through the bus: it looks the post up by our reference and never
sends anything; only an unknown outcome (or a claim stuck past its lease) is reconciled."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from uuid import uuid4

import pytest
from tests.support.services import in_memory_services
from tests.unit.application.publishing_dispatch.conftest import CONFIG, Desk

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.system.clock import FixedClock
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.application.principal import Principal
from umt.application.publishing_dispatch.engine import PublishReport, Step
from umt.application.publishing_dispatch.reconcile_publication import (
    NothingToReconcile,
    ReconcilePublication,
)
from umt.application.publishing_dispatch.ticker import PublicationTicker
from umt.domain.identity.permissions import Role
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import NotFound, PermissionDenied

S = PublicationStatus


@pytest.fixture
def dispatch_bus(store: InMemoryStore, clock: FixedClock, desk: Desk) -> MessageBus:
    services = dataclasses.replace(
        in_memory_services(store, clock),
        platforms={Platform.SANDBOX: desk.connector},
        publishers={Platform.SANDBOX: desk.connector},
        channel_credentials=desk.credentials,
        publishing_dispatch=CONFIG,
    )
    return MessageBus(uow_factory=desk.uow_factory, services=services, handlers=HANDLERS)


async def unknown_outcome(desk: Desk, ticker: PublicationTicker) -> Publication:
    """A publication whose post was made but whose answer was lost."""
    p = await desk.schedule(due_in=timedelta(minutes=1))
    desk.clock.advance(timedelta(minutes=1))
    await ticker.tick()
    desk.network.faults.lose_responses(calls=1)
    await desk.deliver_due()
    current = await desk.load(p)
    assert current.status is S.OUTCOME_UNKNOWN
    return current


async def reconcile(bus: MessageBus, principal: Principal, p: Publication) -> PublishReport:
    report: PublishReport = await bus.execute(ReconcilePublication(publication_id=p.id), principal)
    return report


async def test_a_lost_answer_is_reconciled_now_and_nothing_is_sent(
    dispatch_bus: MessageBus, desk: Desk, ticker: PublicationTicker, owner: Principal
) -> None:
    p = await unknown_outcome(desk, ticker)

    report = await reconcile(dispatch_bus, owner, p)

    assert (report.step, report.status) == (Step.RECONCILED, S.PUBLISHED)
    stored = await desk.load(p)
    assert stored.remote_id == report.remote_id
    assert await desk.posts(p) == 1
    assert not desk.pending("publication.due")  # no hand-over: the person's call did it


async def test_no_post_found_makes_it_due_now_for_the_ticker(
    dispatch_bus: MessageBus, desk: Desk, ticker: PublicationTicker, owner: Principal
) -> None:
    p = await unknown_outcome(desk, ticker)

    async def nothing(*args, **kwargs):
        return None  # the platform lost the post after all (or never made it)

    desk.connector.find = nothing  # type: ignore[method-assign]
    report = await reconcile(dispatch_bus, owner, p)
    del desk.connector.find

    assert (report.step, report.status) == (Step.DEFERRED, S.SCHEDULED)
    stored = await desk.load(p)
    assert stored.next_attempt_at == desk.clock.now()
    assert await desk.posts(p) == 1  # only the lost one: the reconcile sent nothing


async def test_a_platform_that_cannot_be_asked_leaves_it_unknown(
    dispatch_bus: MessageBus, desk: Desk, ticker: PublicationTicker, owner: Principal
) -> None:
    p = await unknown_outcome(desk, ticker)
    desk.network.faults.outage()

    report = await reconcile(dispatch_bus, owner, p)

    assert (report.step, report.status) == (Step.DEFERRED, S.OUTCOME_UNKNOWN)
    stored = await desk.load(p)
    assert stored.next_attempt_at > desk.clock.now()
    assert stored.lease_owner is None


async def test_a_claim_stuck_past_its_lease_is_returned_and_reconciled(
    dispatch_bus: MessageBus, desk: Desk, ticker: PublicationTicker, owner: Principal
) -> None:
    p = await desk.schedule(due_in=timedelta(minutes=1))
    desk.clock.advance(timedelta(minutes=1))
    await ticker.tick()
    async with desk.uow_factory() as uow:  # an attempt began; its worker vanished
        q = await uow.publications.get(p.organization_id, p.id)
        assert q is not None
        q.begin_attempt(q.fence, now=desk.clock.now())
        await uow.publications.save(q)
        await uow.commit()
    with pytest.raises(NothingToReconcile):  # still within its lease: it may be running
        await reconcile(dispatch_bus, owner, p)
    desk.clock.advance(CONFIG.lease)

    report = await reconcile(dispatch_bus, owner, p)

    assert (report.step, report.status) == (Step.DEFERRED, S.SCHEDULED)  # it never posted
    assert await desk.posts(p) == 0


async def test_a_known_outcome_has_nothing_to_reconcile_and_is_unchanged(
    dispatch_bus: MessageBus, desk: Desk, owner: Principal
) -> None:
    p = await desk.schedule()
    with pytest.raises(NothingToReconcile):
        await reconcile(dispatch_bus, owner, p)
    assert (await desk.load(p)).version == p.version


async def test_another_tenants_or_an_unknown_one_is_not_found_and_a_viewer_is_refused(
    dispatch_bus: MessageBus, desk: Desk, owner: Principal, other_owner: Principal
) -> None:
    p = await desk.schedule()
    with pytest.raises(NotFound):
        await reconcile(dispatch_bus, other_owner, p)
    with pytest.raises(NotFound):
        await dispatch_bus.execute(ReconcilePublication(publication_id=uuid4()), owner)
    viewer = Principal.for_member(owner.user_id, owner.organization_id, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await reconcile(dispatch_bus, viewer, p)
