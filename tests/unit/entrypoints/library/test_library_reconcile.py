"""``platform.publishing.reconcile`` through the embedded library, against the sandbox
(connected through its own OAuth consent): a publication whose attempt's answer was lost is
looked up by our reference; found → published with the post's id, not found → due again; the
result is a frozen view; nothing is ever sent by it, a viewer cannot ask, and a publication
with nothing to reconcile is refused and left as it was."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from umt.application.identity.create_user import CreateUser
from umt.application.publishing_dispatch.engine_records import Step
from umt.application.publishing_dispatch.reconcile_publication import NothingToReconcile
from umt.domain.identity.permissions import Role
from umt.domain.publishing.attempts import AttemptOutcome
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.errors import PermissionDenied
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform as Umt
from umt.entrypoints.library import Session
from umt.entrypoints.settings import Settings
from umt.ports.channel_credentials import target_of
from umt.ports.publisher import OutgoingPost

PASSWORD = "a long enough passphrase"
S = PublicationStatus


@pytest.fixture
async def umt(tmp_path: Path) -> AsyncIterator[Umt]:
    settings = Settings(
        _env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="", redis_url=""
    )
    async with Umt(build_container(settings)) as platform:
        yield platform


async def sandbox_account(umt: Umt, owner: Session) -> ChannelAccount:
    container: Any = umt._container
    brand = await umt.brands.create(owner, name="Acme Coffee")
    integration = await umt.sandbox.connect(owner, "Ann")
    found = await umt.channel_accounts.discover(owner, brand.id, integration_id=integration.id)
    (posting,) = (a for a in found.accounts if a.kind is ChannelKind.SANDBOX_ACCOUNT)
    async with container.unit_of_work_factory()() as uow:
        account = await uow.channel_accounts.get(posting.organization_id, posting.id)
    assert account is not None
    return account


async def lost_answer(umt: Umt, account: ChannelAccount, *, posted: bool) -> Publication:
    """A publication whose attempt never heard back; with ``posted`` the sandbox made it."""
    container: Any = umt._container
    now = container.clock().now()
    publication = Publication.schedule(
        planned=PlannedTime.at_instant(now, "UTC"),
        now=now,
        id=uuid4(),
        organization_id=account.organization_id,
        brand_id=account.brand_id,
        content_id=uuid4(),
        content_version_id=uuid4(),
        channel_account_id=account.id,
        channel=account.channel,
        kind=account.kind,
        rendering=RenderedPost(text=f"Lost in transit {uuid4()}"),
    )
    fence = publication.claim("worker", until=now + timedelta(minutes=2), now=now)
    publication.begin_attempt(fence, now=now)
    publication.record_unknown(fence, now=now, reconcile_at=now + timedelta(hours=1))
    if posted:
        credentials = await container.channel_credentials().for_account(account)
        connector = container.platform_connectors()[account.platform]
        await connector.publish(
            target_of(account),
            credentials,
            OutgoingPost(reference=str(publication.id), text=publication.rendering.text),
        )
    async with container.unit_of_work_factory()() as uow:
        await uow.publications.add(publication)
        await uow.commit()
    return publication


async def posts(umt: Umt, publication: Publication) -> list[str]:
    network = umt._container.sandbox_network()  # type: ignore[attr-defined]
    return [p.id for p in await network.posts_with_reference(str(publication.id))]


async def test_a_post_that_was_made_is_found_and_the_publication_published(umt: Umt) -> None:
    owner = await umt.register("owner@acme.example", PASSWORD, "Acme")
    account = await sandbox_account(umt, owner)
    publication = await lost_answer(umt, account, posted=True)
    (post_id,) = await posts(umt, publication)

    found = await umt.publishing.reconcile(owner, publication.id)

    assert found.step is Step.RECONCILED
    assert found.publication.status is S.PUBLISHED
    assert found.publication.remote_id == post_id
    assert [a.outcome for a in found.publication.attempts] == [AttemptOutcome.FOUND]
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.step = Step.DEFERRED  # type: ignore[misc]
    assert await posts(umt, publication) == [post_id]  # nothing sent


async def test_a_post_that_was_not_made_is_due_again_and_nothing_is_sent(umt: Umt) -> None:
    owner = await umt.register("owner@acme.example", PASSWORD, "Acme")
    account = await sandbox_account(umt, owner)
    publication = await lost_answer(umt, account, posted=False)

    found = await umt.publishing.reconcile(owner, publication.id)

    assert found.step is Step.DEFERRED
    assert found.detail == "no post carries our reference: due again now"
    assert found.publication.status is S.SCHEDULED
    assert found.publication.next_attempt_at <= umt._container.clock().now()  # type: ignore[attr-defined]
    assert [a.outcome for a in found.publication.attempts] == [AttemptOutcome.NOT_FOUND]
    assert await posts(umt, publication) == []


async def test_a_viewer_cannot_and_a_settled_publication_is_refused_unchanged(umt: Umt) -> None:
    owner = await umt.register("owner@acme.example", PASSWORD, "Acme")
    account = await sandbox_account(umt, owner)
    publication = await lost_answer(umt, account, posted=True)
    await umt.bus.execute(
        CreateUser(
            email="viewer@acme.example",
            password=PASSWORD,
            role=Role.VIEWER,
            organization_id=owner.principal.organization_id,
        )
    )
    viewer = await umt.login("viewer@acme.example", PASSWORD, owner.principal.organization_id)

    with pytest.raises(PermissionDenied):
        await umt.publishing.reconcile(viewer, publication.id)
    assert (await umt.publishing.get(owner, publication.id)).status is S.OUTCOME_UNKNOWN

    await umt.publishing.reconcile(owner, publication.id)
    settled = await umt.publishing.get(owner, publication.id)
    with pytest.raises(NothingToReconcile):
        await umt.publishing.reconcile(owner, publication.id)
    assert await umt.publishing.get(owner, publication.id) == settled
