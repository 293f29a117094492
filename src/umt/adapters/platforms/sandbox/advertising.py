"""The ``AdNetwork`` capability of the sandbox connector: an ad tree on the sandbox ad account.

A mixin of ``SandboxConnector`` (which holds ``_network``); ``find`` itself lives on the
connector, since ``Publisher.find`` and ``AdNetwork.find`` share a name (see connector.py).
Money crosses as ``Money`` and travels to the network in the currency's minor unit; a budget
in another currency than the ad account's is refused before any call. Each object's name
carries our reference (``"<name> [umt:<reference>]"``) and the network keeps it searchable.
"""

from __future__ import annotations

from collections.abc import Sequence

from umt.adapters.platforms.sandbox.ad_tree import MAX_NAME, AdObject
from umt.adapters.platforms.sandbox.errors import NotFound
from umt.adapters.platforms.sandbox.mapping import PLATFORM, mapped
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.publishing import check_target
from umt.adapters.platforms.sandbox.records import AdCampaign, AdSet
from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.levels import AdLevel, DeliveryStatus
from umt.domain.integration.errors import PlatformRejected
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.money import Money
from umt.ports.ad_network import (
    AdSetSpec,
    AdSpec,
    CampaignSpec,
    CampaignUpdate,
    RemoteAdObject,
)
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaKind

_AD_ACCOUNT = ChannelKind.SANDBOX_AD_ACCOUNT


def labelled(name: str, reference: str) -> str:
    """The object's name with our reference in it, within the network's name limit."""
    suffix = f" [umt:{reference}]"
    return name[: max(MAX_NAME - len(suffix), 1)].rstrip() + suffix


def remote(level: AdLevel, obj: AdObject) -> RemoteAdObject:
    budget = parent = None
    if isinstance(obj, AdSet):
        amount = Money.from_minor(obj.budgets[-1].minor, obj.currency)
        budget = Budget(BudgetKind(obj.budget_kind), amount)
        parent = obj.campaign_id
    elif not isinstance(obj, AdCampaign):
        parent = obj.ad_set_id
    return RemoteAdObject(
        level=level,
        remote_id=obj.id,
        name=obj.name,
        status=DeliveryStatus(obj.statuses[-1].status),
        budget=budget,
        reference=obj.reference,
        parent_remote_id=parent,
    )


def _check_currency(target: ChannelTarget, money: Money, field: str) -> None:
    currency = target.details.get("currency")
    if currency is not None and money.currency != currency:
        raise PlatformRejected(
            f"the amount is in {money.currency}; this ad account spends {currency}",
            platform=PLATFORM,
            field=field,
        )


class SandboxAdvertising:
    """Campaigns, ad sets and ads, created PAUSED, with budgets in the account currency."""

    _network: SandboxNetwork

    async def create_campaign(
        self, target: ChannelTarget, credentials: Credentials, spec: CampaignSpec
    ) -> RemoteAdObject:
        check_target(target, credentials, _AD_ACCOUNT)
        created = await mapped(
            self._network.ads.create_campaign(
                credentials.access_token,
                name=labelled(spec.name, spec.reference),
                objective=spec.objective.value,
                reference=spec.reference,
                starts_at=spec.starts_at,
                ends_at=spec.ends_at,
            )
        )
        return remote(AdLevel.CAMPAIGN, created)

    async def create_ad_set(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        campaign_remote_id: str,
        spec: AdSetSpec,
    ) -> RemoteAdObject:
        check_target(target, credentials, _AD_ACCOUNT)
        _check_currency(target, spec.budget.amount, "budget.currency")
        if spec.bid is not None:
            _check_currency(target, spec.bid, "bid.currency")
        created = await mapped(
            self._network.ads.create_ad_set(
                credentials.access_token,
                campaign_id=campaign_remote_id,
                name=labelled(spec.name, spec.reference),
                reference=spec.reference,
                budget_kind=spec.budget.kind.value,
                budget_minor=spec.budget.amount.minor,
                currency=spec.budget.currency,
                bid_strategy=spec.bid_strategy.value,
                bid_minor=None if spec.bid is None else spec.bid.minor,
                countries=spec.targeting.countries,
                starts_at=spec.starts_at,
                ends_at=spec.ends_at,
            )
        )
        return remote(AdLevel.AD_SET, created)

    async def create_ad(
        self, target: ChannelTarget, credentials: Credentials, ad_set_remote_id: str, spec: AdSpec
    ) -> RemoteAdObject:
        check_target(target, credentials, _AD_ACCOUNT)
        creative = spec.creative
        created = await mapped(
            self._network.ads.create_ad(
                credentials.access_token,
                ad_set_id=ad_set_remote_id,
                name=labelled(spec.name, spec.reference),
                reference=spec.reference,
                headline=creative.headline,
                body=creative.body,
                link=creative.link,
                image_refs=[m.url for m in creative.media if m.kind is MediaKind.IMAGE],
                video_refs=[m.url for m in creative.media if m.kind is MediaKind.VIDEO],
            )
        )
        return remote(AdLevel.AD, created)

    async def set_status(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        remote_id: str,
        status: DeliveryStatus,
    ) -> None:
        check_target(target, credentials, _AD_ACCOUNT)
        await mapped(
            self._network.ads.set_status(
                credentials.access_token, level.value, remote_id, status.value
            )
        )

    async def update_campaign(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        remote_id: str,
        update: CampaignUpdate,
    ) -> None:
        """The sandbox keeps the dates on the campaign (its ad sets follow them)."""
        check_target(target, credentials, _AD_ACCOUNT)
        await mapped(
            self._network.ads.update_campaign(
                credentials.access_token,
                remote_id,
                name=None if update.name is None else labelled(update.name, update.reference),
                starts_at=update.starts_at,
                ends_at=update.ends_at,
                drop_end=update.drop_end,
            )
        )

    async def set_budget(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, budget: Budget
    ) -> None:
        """A new amount for the ad set's budget (its kind stays as created)."""
        check_target(target, credentials, _AD_ACCOUNT)
        _check_currency(target, budget.amount, "budget.currency")
        await mapped(
            self._network.ads.set_budget(
                credentials.access_token,
                remote_id,
                budget_kind=budget.kind.value,
                budget_minor=budget.amount.minor,
                currency=budget.currency,
            )
        )

    async def get(
        self, target: ChannelTarget, credentials: Credentials, level: AdLevel, remote_id: str
    ) -> RemoteAdObject | None:
        check_target(target, credentials, _AD_ACCOUNT)
        try:
            found = await mapped(
                self._network.ads.get(credentials.access_token, level.value, remote_id)
            )
        except PlatformRejected as exc:
            if isinstance(exc.__cause__, NotFound):
                return None
            raise
        return remote(level, found)

    async def _find_ad_object(
        self, target: ChannelTarget, credentials: Credentials, level: AdLevel, reference: str
    ) -> RemoteAdObject | None:
        """The oldest object of ``level`` carrying ``reference``, or None."""
        check_target(target, credentials, _AD_ACCOUNT)
        found = await mapped(
            self._network.ads.find(credentials.access_token, level.value, reference)
        )
        return remote(level, found[0]) if found else None

    async def list(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        *,
        parent_remote_id: str | None = None,
    ) -> Sequence[RemoteAdObject]:
        check_target(target, credentials, _AD_ACCOUNT)
        found = await mapped(
            self._network.ads.list_objects(
                credentials.access_token, level.value, parent_id=parent_remote_id
            )
        )
        return [remote(level, obj) for obj in found]
