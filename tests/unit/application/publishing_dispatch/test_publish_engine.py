"""The exactly-once publish engine, through the ticker's hand-over and the agent's handler,
against the sandbox platform: the sandbox's own record (``posts_with_reference``) is the
judge of "exactly once"."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.application.publishing_dispatch.conftest import CONFIG, Desk

from umt.adapters.system.clock import FixedClock
from umt.application.publishing_dispatch.ticker import PublicationTicker
from umt.domain.integration.errors import Rejection
from umt.domain.integration.integration import IntegrationStatus
from umt.domain.publishing.attempts import AttemptOutcome
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.metrics import SubjectKind

S = PublicationStatus
A = AttemptOutcome


async def due_now(desk: Desk, clock: FixedClock, ticker: PublicationTicker, **kw):
    p = await desk.schedule(due_in=timedelta(minutes=1), **kw)
    clock.advance(timedelta(minutes=1))
    await ticker.tick()
    return p


async def test_a_due_publication_is_published_once_with_its_remote_id(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)

    assert await desk.deliver_due() == 1

    stored = await desk.load(p)
    assert stored.status is S.PUBLISHED
    assert [a.outcome for a in stored.attempts] == [A.SUCCEEDED]
    assert stored.remote_id
    assert stored.remote_id == stored.attempts[0].remote_id
    posts = await desk.network.posts_with_reference(str(p.id))
    assert [post.id for post in posts] == [stored.remote_id]
    published = desk.events("publication.published")
    assert [m.payload["data"]["reconciled"] for m in published] == [False]
    async with desk.uow_factory() as uow:
        remembered = await uow.remote_objects.of_subject(
            OrganizationId(p.organization_id), SubjectKind.PUBLICATION, p.id
        )
    assert [r.remote_id for r in remembered] == [stored.remote_id]


async def test_a_redelivered_hand_over_publishes_nothing_more(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    await desk.deliver_due()
    desk.delivered.clear()  # the broker delivers the same hand-over again

    await desk.deliver_due()

    assert await desk.posts(p) == 1
    assert len((await desk.load(p)).attempts) == 1


async def test_a_lost_response_is_reconciled_and_never_posted_twice(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    desk.network.faults.lose_responses(calls=1)  # the post is made, its answer is lost

    await desk.deliver_due()

    unknown = await desk.load(p)
    assert unknown.status is S.OUTCOME_UNKNOWN
    assert unknown.failure is not None
    assert unknown.failure[0] is FailureReason.UNKNOWN_OUTCOME
    assert unknown.next_attempt_at == clock.now() + CONFIG.reconcile_delay
    assert not desk.events("publication.published")

    clock.advance(CONFIG.reconcile_delay)
    await ticker.tick()
    await desk.deliver_due()

    stored = await desk.load(p)
    assert stored.status is S.PUBLISHED
    assert [a.outcome for a in stored.attempts] == [A.FOUND]
    assert await desk.posts(p) == 1
    assert [m.payload["data"]["reconciled"] for m in desk.events("publication.published")] == [True]


async def test_a_worker_killed_between_the_attempt_and_the_remote_id_is_reconciled(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    original = desk.connector.publish

    async def publish_then_die(*args, **kwargs):
        await original(*args, **kwargs)  # the platform made the post...
        raise KeyboardInterrupt  # ...and the process died before recording it

    desk.connector.publish = publish_then_die  # type: ignore[method-assign]
    try:
        await desk.deliver_due()
    except KeyboardInterrupt:
        pass
    finally:
        del desk.connector.publish
    in_flight = await desk.load(p)
    assert in_flight.status is S.PUBLISHING
    assert [a.outcome for a in in_flight.attempts] == [A.PENDING]  # committed before the call

    clock.advance(CONFIG.lease)
    await ticker.tick()  # the sweeper: the outcome is unknown, reconcile
    await desk.deliver_due()

    stored = await desk.load(p)
    assert stored.status is S.PUBLISHED
    assert [a.outcome for a in stored.attempts] == [A.FOUND]  # the attempt, resolved
    assert await desk.posts(p) == 1


async def test_when_reconciliation_finds_nothing_a_new_attempt_publishes_once(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    desk.network.faults.outage()  # nothing reaches the platform; the engine cannot know
    original = desk.connector.publish

    async def timeout(*args, **kwargs):
        raise TimeoutError

    desk.connector.publish = timeout  # type: ignore[method-assign]
    await desk.deliver_due()
    del desk.connector.publish
    desk.network.faults.clear()
    assert original is not None
    assert (await desk.load(p)).status is S.OUTCOME_UNKNOWN

    clock.advance(CONFIG.reconcile_delay)
    await ticker.tick()
    await desk.deliver_due()

    stored = await desk.load(p)
    assert stored.status is S.PUBLISHED
    assert [a.outcome for a in stored.attempts] == [A.NOT_FOUND, A.SUCCEEDED]
    assert await desk.posts(p) == 1


async def test_a_duplicate_rejection_fails_it_with_the_typed_reason(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    desk.network.faults.force_duplicates(1)

    await desk.deliver_due()

    stored = await desk.load(p)
    assert stored.status is S.FAILED
    assert stored.failure is not None
    assert stored.failure[:2] == (FailureReason.REJECTED, Rejection.DUPLICATE)
    failed = desk.events("publication.failed")
    assert [(m.payload["data"]["reason"], m.payload["data"]["rejection"]) for m in failed] == [
        ("rejected", "duplicate")
    ]
    assert await desk.posts(p) == 0


async def test_a_rate_limit_is_retried_after_the_platforms_wait(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    desk.network.faults.rate_limit(90, calls=1)

    await desk.deliver_due()

    waiting = await desk.load(p)
    assert waiting.status is S.SCHEDULED
    assert waiting.next_attempt_at == clock.now() + timedelta(seconds=90)
    assert waiting.attempts[-1].reason is FailureReason.RATE_LIMITED
    clock.advance(timedelta(seconds=89))
    assert (await ticker.tick()).claimed == 0  # not before the platform's time
    clock.advance(timedelta(seconds=1))
    await ticker.tick()
    await desk.deliver_due()

    stored = await desk.load(p)
    assert stored.status is S.PUBLISHED
    assert [a.outcome for a in stored.attempts] == [A.FAILED, A.SUCCEEDED]
    assert await desk.posts(p) == 1


async def test_an_outage_is_retried_with_backoff_then_fails_after_the_limit(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    desk.network.faults.outage()
    waits = []
    for _ in range(CONFIG.max_attempts):
        before = clock.now()
        await desk.deliver_due()
        stored = await desk.load(p)
        if stored.status is S.FAILED:
            break
        waits.append(stored.next_attempt_at - before)
        clock.advance(stored.next_attempt_at - before)
        await ticker.tick()

    assert waits == [CONFIG.retry_base, CONFIG.retry_base * 2]
    stored = await desk.load(p)
    assert stored.status is S.FAILED
    assert stored.failure is not None
    assert stored.failure[0] is FailureReason.PLATFORM_UNAVAILABLE
    assert len(stored.attempts) == CONFIG.max_attempts


async def test_an_expired_token_fails_it_and_the_integration_needs_reauth(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    desk.network.faults.expire_tokens()

    await desk.deliver_due()

    stored = await desk.load(p)
    assert stored.status is S.FAILED
    assert stored.failure is not None
    assert stored.failure[0] is FailureReason.TOKEN_EXPIRED
    async with desk.uow_factory() as uow:
        integration = await uow.integrations.get(
            desk.integration.organization_id, desk.integration.id
        )
    assert integration is not None
    assert integration.status is IntegrationStatus.NEEDS_REAUTH
    assert desk.events("integration.needs_reauth")


async def test_credentials_that_cannot_be_refreshed_fail_it_before_any_call(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    desk.credentials.refusing = True

    await desk.deliver_due()

    stored = await desk.load(p)
    assert stored.status is S.FAILED
    assert stored.failure is not None
    assert stored.failure[0] is FailureReason.TOKEN_EXPIRED
    assert await desk.posts(p) == 0


async def test_the_accounts_daily_cap_defers_it_without_calling(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    async with desk.uow_factory() as uow:
        account = await uow.channel_accounts.get(desk.account.organization_id, desk.account.id)
        assert account is not None
        account.daily_cap = 1
        await uow.channel_accounts.save(account)
        await uow.commit()
    first = await due_now(desk, clock, ticker)
    await desk.deliver_due()
    second = await due_now(desk, clock, ticker)

    await desk.deliver_due()

    held = await desk.load(second)
    assert held.status is S.SCHEDULED
    assert held.attempts == ()
    assert held.next_attempt_at == (await desk.load(first)).due_at + timedelta(hours=24)
    assert await desk.posts(second) == 0


async def test_a_stale_fence_is_a_no_op(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)
    clock.advance(CONFIG.lease)  # the hand-over arrives after the lease ran out
    await desk.deliver_due()

    assert (await desk.load(p)).attempts == ()
    assert await desk.posts(p) == 0
    await ticker.tick()  # returned and handed over again, under a new fence
    await desk.deliver_due()
    assert (await desk.load(p)).status is S.PUBLISHED
    assert await desk.posts(p) == 1


async def test_a_claim_whose_integration_was_disconnected_fails_as_account_unavailable(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await due_now(desk, clock, ticker)  # claimed and handed over before the revocation
    async with desk.uow_factory() as uow:
        account = await uow.channel_accounts.get(desk.account.organization_id, desk.account.id)
        assert account is not None
        account.integration_revoked(now=clock.now())
        await uow.channel_accounts.save(account)
        await uow.commit()

    await desk.deliver_due()

    stored = await desk.load(p)
    assert stored.status is S.FAILED
    assert stored.failure is not None
    assert stored.failure[0] is FailureReason.ACCOUNT_UNAVAILABLE
    assert "disconnected" in stored.failure[2]
    assert await desk.posts(p) == 0
