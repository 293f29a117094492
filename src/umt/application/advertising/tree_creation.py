"""Creating a campaign's tree on its ad network, exactly once.

Every object is created PAUSED, parents first, and its remote id is committed in its own
transaction the moment the platform answers (and remembered in the remote-object index, so
metric sync maps the platform's numbers to our objects). An answer lost after the effect
(``OutcomeUnknown``) is reconciled with ``AdNetwork.find`` by our reference before anything is
created again; a launch that resumes a half-created tree (after a crash) looks every pending
object up first. Only when the whole tree exists is it switched on, ads first and the campaign
last, so nothing delivers before its tree is complete.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from umt.application.advertising.remote import Remote, ad_set_spec, ad_spec, campaign_spec
from umt.domain.advertising.campaign import Campaign, CampaignStatus, PendingObject
from umt.domain.advertising.errors import CampaignTreeIncomplete
from umt.domain.advertising.levels import AdLevel, DeliveryStatus
from umt.domain.integration.errors import OutcomeUnknown
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import AdId, AdSetId, CampaignId, OrganizationId
from umt.domain.shared.metrics import SubjectKind
from umt.ports.ad_network import RemoteAdObject
from umt.ports.clock import Clock
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

_SUBJECT = {
    AdLevel.CAMPAIGN: SubjectKind.CAMPAIGN,
    AdLevel.AD_SET: SubjectKind.AD_SET,
    AdLevel.AD: SubjectKind.AD,
}


async def complete_launch(
    uow_factory: Callable[[], UnitOfWork],
    organization_id: OrganizationId,
    campaign_id: CampaignId,
    remote: Remote,
    clock: Clock,
    *,
    reconcile: bool,
) -> Campaign:
    """Create what is missing of a ``creating`` campaign's tree, then activate it."""
    campaign = await _load(uow_factory, organization_id, campaign_id)
    for pending in campaign.pending_objects():
        pending = _refreshed(campaign, pending)  # with its parent's id, known by now
        created = await _create_once(campaign, pending, remote, reconcile=reconcile)
        campaign = await _record(uow_factory, organization_id, campaign_id, pending, created, clock)
    if campaign.pending_objects():
        raise CampaignTreeIncomplete("objects of the tree are still missing")
    await _switch_on(campaign, remote)
    async with uow_factory() as uow:
        fresh = await _get(uow, organization_id, campaign_id)
        if fresh.status is CampaignStatus.CREATING:
            fresh.activate(now=clock.now())
            await uow.campaigns.save(fresh)
            await uow.commit()
    return fresh


async def _create_once(
    campaign: Campaign, pending: PendingObject, remote: Remote, *, reconcile: bool
) -> RemoteAdObject:
    reference = _reference(campaign, pending)
    if reconcile:
        found = await remote.network.find(
            remote.target, remote.credentials, pending.level, reference
        )
        if found is not None:
            log.info("found %s %s on the platform: not created again", pending.level, reference)
            return found
    try:
        return await _create(campaign, pending, remote)
    except OutcomeUnknown:
        found = await remote.network.find(
            remote.target, remote.credentials, pending.level, reference
        )
        if found is not None:
            return found
        # the lost answer had no effect: creating it now is the first creation
        return await _create(campaign, pending, remote)


async def _create(campaign: Campaign, pending: PendingObject, remote: Remote) -> RemoteAdObject:
    network, target, credentials = remote.network, remote.target, remote.credentials
    if pending.level is AdLevel.CAMPAIGN:
        return await network.create_campaign(target, credentials, campaign_spec(campaign))
    parent = pending.parent_remote_id
    if parent is None:  # pending_objects lists parents first: cannot happen
        raise CampaignTreeIncomplete(f"the parent of {pending.level.value} has no remote id")
    if pending.level is AdLevel.AD_SET:
        ad_set = campaign.ad_set(AdSetId(pending.object_id))
        return await network.create_ad_set(
            target, credentials, parent, ad_set_spec(campaign, ad_set)
        )
    ad = next(a for _, a in campaign.ads() if a.id == pending.object_id)
    return await network.create_ad(target, credentials, parent, ad_spec(ad))


async def _record(
    uow_factory: Callable[[], UnitOfWork],
    organization_id: OrganizationId,
    campaign_id: CampaignId,
    pending: PendingObject,
    created: RemoteAdObject,
    clock: Clock,
) -> Campaign:
    """The remote id, committed on its own before anything else happens."""
    async with uow_factory() as uow:
        campaign = await _get(uow, organization_id, campaign_id)
        campaign.record_remote_id(pending.level, pending.object_id, created.remote_id, clock.now())
        await uow.remote_objects.remember(
            organization_id=organization_id,
            brand_id=campaign.brand_id,
            channel_account_id=campaign.ad_account_id,
            subject_kind=_SUBJECT[pending.level],
            subject_id=pending.object_id,
            remote_id=created.remote_id,
        )
        await uow.campaigns.save(campaign)
        await uow.commit()
    return campaign


async def _switch_on(campaign: Campaign, remote: Remote) -> None:
    """Ads, then ad sets, then the campaign: delivery starts once everything is on."""
    calls: list[tuple[AdLevel, str | None]] = [
        *((AdLevel.AD, ad.remote_id) for _, ad in campaign.ads()),
        *((AdLevel.AD_SET, s.remote_id) for s in campaign.ad_sets),
        (AdLevel.CAMPAIGN, campaign.remote_id),
    ]
    for level, remote_id in calls:
        if remote_id is not None:  # pending_objects() was empty: every id is known
            await remote.network.set_status(
                remote.target, remote.credentials, level, remote_id, DeliveryStatus.ACTIVE
            )


def _reference(campaign: Campaign, pending: PendingObject) -> str:
    if pending.level is AdLevel.CAMPAIGN:
        return campaign.reference
    if pending.level is AdLevel.AD_SET:
        return campaign.ad_set(AdSetId(pending.object_id)).reference
    return next(a for _, a in campaign.ads() if a.id == AdId(pending.object_id)).reference


def _refreshed(campaign: Campaign, pending: PendingObject) -> PendingObject:
    return next(p for p in campaign.pending_objects() if p.object_id == pending.object_id)


async def _load(
    uow_factory: Callable[[], UnitOfWork], organization_id: OrganizationId, campaign_id: CampaignId
) -> Campaign:
    async with uow_factory() as uow:
        return await _get(uow, organization_id, campaign_id)


async def _get(
    uow: UnitOfWork, organization_id: OrganizationId, campaign_id: CampaignId
) -> Campaign:
    campaign = await uow.campaigns.get(organization_id, campaign_id)
    if campaign is None:
        raise NotFound(f"campaign {campaign_id} not found")
    return campaign
