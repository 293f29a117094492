"""A bus wired to a sandbox ad network, a brand with an ad account and approved content: the
setting of the advertising handler tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from tests.support.services import in_memory_services
from tests.unit.adapters.platforms.sandbox.helpers import CLIENT, Linked, linked
from tests.unit.application.conftest import registered_owner

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.store import InMemorySandboxStore
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.advertising.lifecycle import LaunchCampaign
from umt.application.advertising.plan_campaign import CreateCampaign
from umt.application.audit.entries import entry_for_event
from umt.application.brand.audiences import AddAudience
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.content.approve_content import ApproveContent
from umt.application.content.create_content import CreateContent
from umt.application.content.submit_for_review import SubmitForReview
from umt.application.handlers import HANDLERS
from umt.application.principal import Principal
from umt.domain.advertising.campaign import Campaign
from umt.domain.brand.channels import Channel
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.ids import ChannelAccountId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.metric_sink import MetricSample, RollupWindow
from umt.ports.platform_connector import Credentials

OPEN_WINDOW = RollupWindow(now=datetime(2030, 1, 1, tzinfo=UTC), late_days=3650)


class LinkedCredentials(ChannelCredentials):
    """Every account acts with the sandbox grant of the test, refreshed when it runs out (the
    vault is not under test; the sandbox's access tokens live an hour)."""

    def __init__(
        self, credentials: Credentials, connector: SandboxConnector, clock: FixedClock
    ) -> None:
        self.credentials = credentials
        self._connector = connector
        self._clock = clock

    async def for_account(
        self, account: Any, *, valid_for: timedelta = timedelta(0)
    ) -> Credentials:
        expires = self.credentials.expires_at
        if expires is not None and expires <= self._clock.now() + valid_for + timedelta(minutes=1):
            fresh = await self._connector.refresh(self.credentials)
            self.credentials = self.credentials.refreshed_with(fresh)
        return self.credentials

    async def for_integration(self, *args: Any, **kwargs: Any) -> Credentials:
        return await self.for_account(None)


@dataclass
class AdWorld:
    bus: MessageBus
    store: InMemoryStore
    clock: FixedClock
    network: SandboxNetwork
    linked: Linked
    owner: Principal
    brand_id: UUID
    audience_id: UUID
    account: ChannelAccount
    uow_factory: Callable[[], InMemoryUnitOfWork]

    async def approved_content(self, title: str = "Ship faster") -> UUID:
        piece = await self.bus.execute(
            CreateContent(
                brand_id=self.brand_id,
                content_type="ad_copy",
                channel="meta_ads",
                title=title,
                body="The planner your team will actually open.",
                fields={"headlines": [title], "links": ["https://example.com/spring"]},
            ),
            self.owner,
        )
        await self.bus.execute(SubmitForReview(content_id=piece.id), self.owner)
        await self.bus.execute(ApproveContent(content_id=piece.id), self.owner)
        return UUID(str(piece.id))

    async def launched(self, start: datetime, **overrides: Any) -> Campaign:
        """A campaign over ten days from ``start``, launched on the sandbox."""
        content = await self.approved_content()
        values: dict[str, Any] = {
            "brand_id": self.brand_id,
            "ad_account_id": self.account.id,
            "name": "Spring launch",
            "objective": "traffic",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(days=10)).isoformat(),
            "ad_sets": [self.ad_set([content])],
        }
        values.update(overrides)
        planned = await self.bus.execute(CreateCampaign(**values), self.owner)
        launched: Campaign = await self.bus.execute(
            LaunchCampaign(campaign_id=planned.id), self.owner
        )
        return launched

    async def record(
        self,
        kind: SubjectKind,
        subject_id: UUID,
        at: datetime,
        *,
        spend: str = "0",
        impressions: int = 0,
        clicks: int = 0,
        conversions: int = 0,
    ) -> None:
        """Cumulative totals of a subject as metric sync would store them."""
        values = {
            Metric.SPEND: Decimal(spend),
            Metric.IMPRESSIONS: Decimal(impressions),
            Metric.CLICKS: Decimal(clicks),
            Metric.CONVERSIONS: Decimal(conversions),
        }
        samples = [
            MetricSample(
                organization_id=self.owner.organization_id,
                brand_id=self.brand_id,
                subject_kind=kind,
                subject_id=subject_id,
                channel=Channel.META_ADS,
                metric=metric,
                value=value,
                observed_at=at,
                source="sandbox",
                raw_name=metric.value,
                currency="USD" if metric is Metric.SPEND else None,
            )
            for metric, value in values.items()
        ]
        async with self.uow_factory() as uow:
            await uow.metric_samples.write(samples, window=OPEN_WINDOW)
            await uow.commit()

    def event_types(self) -> list[str]:
        return [m.event_type for m in self.store.outbox]

    def ad_set(self, content_ids: list[UUID], **overrides: Any) -> dict[str, Any]:
        value: dict[str, Any] = {
            "name": "Founders",
            "budget": {"kind": "daily", "amount": "50.00", "currency": "USD"},
            "audience_ids": [str(self.audience_id)],
            "countries": ["US"],
            "ads": [{"content_id": str(c)} for c in content_ids],
        }
        value.update(overrides)
        return value


async def ad_world(start: Any) -> AdWorld:
    store = InMemoryStore()
    clock = FixedClock(start)
    sandbox = SandboxNetwork(InMemorySandboxStore(), clock, seed=7, clients=(CLIENT,))
    connector = SandboxConnector(sandbox, public_base_url="http://127.0.0.1:8000/")
    link = await linked(sandbox, connector, currency="USD", ad_audience=2_000_000)
    ids = UuidV7Generator()
    services = dataclasses.replace(
        in_memory_services(store, clock),
        platforms={Platform.SANDBOX: connector},
        channel_credentials=LinkedCredentials(link.credentials, connector, clock),
    )

    def factory() -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(store, ids, audit=entry_for_event)

    bus = MessageBus(uow_factory=factory, services=services, handlers=HANDLERS)
    owner = await registered_owner(bus, f"{uuid4().hex[:8]}@acme.example", "Acme")
    brand = await bus.execute(CreateBrand(name="Acme", website="https://acme.example"), owner)
    audience = await bus.execute(
        AddAudience(brand_id=brand.id, persona_name="Founders", locations=("US", "Berlin")),
        owner,
    )
    account = ChannelAccount(
        id=ChannelAccountId(uuid4()),
        organization_id=owner.organization_id,
        brand_id=brand.id,
        integration_id=uuid4(),
        kind=ChannelKind.SANDBOX_AD_ACCOUNT,
        external_id=link.ads.external_id,
        name="Sandbox ads",
        channel=Channel.META_ADS,
        currency="USD",
        details=dict(link.ads.details),
        created_at=start,
        updated_at=start,
    )
    store.channel_accounts[account.id] = account
    return AdWorld(bus, store, clock, sandbox, link, owner, brand.id, audience.id, account, factory)
