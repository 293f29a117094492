"""Publications for the HTTP tests of the publish engine's routes, made in the app's store
(the calendar's routes are another context's): one whose last attempt's outcome is unknown,
and one published on the sandbox."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import Account, sandbox_channel_accounts

from umt.domain.integration.platforms import Platform
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.ids import ChannelAccountId, OrganizationId
from umt.ports.channel_credentials import target_of
from umt.ports.publisher import OutgoingPost


def unknown_publication(
    client: TestClient[Litestar], owner: Account, brand_id: str, *, unknown: bool = True
) -> str:
    """A publication to the brand's sandbox account whose attempt's answer never came (or,
    with ``unknown=False``, one scheduled a day ahead)."""
    found = sandbox_channel_accounts(client, owner, brand_id)
    account_id = next(a["id"] for a in found["items"] if a["kind"] == "sandbox_account")
    container = client.app.state.container

    async def make() -> Publication:
        now = container.clock().now()
        async with container.unit_of_work_factory()() as uow:
            account = await uow.channel_accounts.get(
                OrganizationId(UUID(owner.organization_id)), ChannelAccountId(UUID(account_id))
            )
            assert account is not None
            publication = Publication.schedule(
                planned=PlannedTime.at_instant(now + timedelta(days=0 if unknown else 1), "UTC"),
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
            if unknown:
                fence = publication.claim("test", until=now + timedelta(minutes=2), now=now)
                publication.begin_attempt(fence, now=now)
                publication.record_unknown(fence, now=now, reconcile_at=now + timedelta(hours=1))
            await uow.publications.add(publication)
            await uow.commit()
        return publication

    return str(client.blocking_portal.call(make).id)


def published_publication(client: TestClient[Litestar], owner: Account, brand_id: str) -> str:
    """A publication to the brand's sandbox account whose post is live on the sandbox (made
    through the app's own sandbox publisher, then recorded as the engine records it)."""
    found = sandbox_channel_accounts(client, owner, brand_id)
    account_id = next(a["id"] for a in found["items"] if a["kind"] == "sandbox_account")
    container = client.app.state.container

    async def make() -> Publication:
        now = container.clock().now()
        async with container.unit_of_work_factory()() as uow:
            account = await uow.channel_accounts.get(
                OrganizationId(UUID(owner.organization_id)), ChannelAccountId(UUID(account_id))
            )
        assert account is not None
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
            rendering=RenderedPost(text=f"Spring menu {uuid4()}"),
        )
        credentials = await container.channel_credentials().for_account(account)
        post = await container.publishers()[Platform.SANDBOX].publish(
            target_of(account),
            credentials,
            OutgoingPost(reference=str(publication.id), text=publication.rendering.text),
        )
        fence = publication.claim("test", until=now + timedelta(minutes=2), now=now)
        publication.begin_attempt(fence, now=now)
        publication.record_success(fence, remote_id=post.remote_id, now=now)
        async with container.unit_of_work_factory()() as uow:
            await uow.publications.add(publication)
            await uow.commit()
        return publication

    return str(client.blocking_portal.call(make).id)
