"""The ad review loop (``ad-review``, a background loop of the content-ad-management agent):
every ``interval`` it looks after each campaign the repository calls live.

- A campaign left ``creating`` (a crash or an outage during its launch) and untouched for
  ``resume_after`` is taken up again: the claim is a version bump (of several processes one
  saves it), then the launch completes, looking every missing object up by our reference
  before creating it (never a duplicate).
- A flight that ended completes the campaign.
- An active campaign's ad sets are paced (``pacing_review.py``, once per ad set and hour),
  and each of its enabled rules is judged on each subject (``rule_evaluation.py``, once per
  rule, subject and interval slot).

Every decision is claimed in the decision log before it acts, so several processes running
the loop act once per window. One campaign's failure is logged and does not stop the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from umt.application.advertising.config import AdReviewConfig
from umt.application.advertising.evaluate_rule import remote_resolver
from umt.application.advertising.loading import account_of
from umt.application.advertising.pacing_review import PacingRun, review_pacing
from umt.application.advertising.remote import remote_for
from umt.application.advertising.rule_actions import subjects_of
from umt.application.advertising.rule_evaluation import Judgement, judge
from umt.application.advertising.tree_creation import complete_launch
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.levels import DeliveryStatus
from umt.domain.advertising.status import LIVE, CampaignStatus
from umt.domain.integration.platforms import Platform
from umt.domain.shared.errors import StaleVersion
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.platform_connector import PlatformConnector
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ReviewReport:
    resumed: int = 0
    completed: int = 0
    paced: int = 0
    judged: int = 0
    failed: list[str] = field(default_factory=list)  # campaign ids whose review failed


class AdReview:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        platforms: Mapping[Platform, PlatformConnector],
        channel_credentials: ChannelCredentials,
        *,
        clock: Clock,
        ids: IdGenerator,
        config: AdReviewConfig,
    ) -> None:
        self._uow_factory = uow_factory
        self._platforms = platforms
        self._credentials = channel_credentials
        self._clock = clock
        self._ids = ids
        self._config = config
        self._remote_of = remote_resolver(platforms, channel_credentials)

    async def tick(self) -> ReviewReport:
        """One review of every live campaign."""
        report = ReviewReport()
        async with self._uow_factory() as uow:
            campaigns = await uow.campaigns.live()
        for campaign in campaigns:
            try:
                await self._review(campaign, report)
            except Exception:
                report.failed.append(str(campaign.id))
                log.exception("ad review failed", extra={"campaign_id": str(campaign.id)})
        return report

    async def _review(self, campaign: Campaign, report: ReviewReport) -> None:
        now = self._clock.now()
        if campaign.status is CampaignStatus.CREATING:
            if now - campaign.updated_at >= self._config.resume_after:
                report.resumed += await self._resume(campaign, now)
            return
        if campaign.status in LIVE and campaign.ends_at is not None and campaign.ends_at <= now:
            report.completed += await self._complete(campaign, now)
            return
        if campaign.status is not CampaignStatus.ACTIVE:
            return
        hour = f"{now:%Y-%m-%dT%H}"
        for ad_set in campaign.ad_sets:
            if ad_set.status is DeliveryStatus.ACTIVE:
                run = PacingRun(
                    organization_id=campaign.organization_id,
                    campaign_id=campaign.id,
                    ad_set_id=ad_set.id,
                    now=now,
                    slot=hour,
                    band=self._config.band,
                    step_every=self._config.step_every,
                )
                checked = await review_pacing(self._uow_factory, run, remote_of=self._remote_of)
                report.paced += checked is not None
        await self._judge_rules(campaign, now, report)

    async def _judge_rules(self, seen: Campaign, now: datetime, report: ReviewReport) -> None:
        async with self._uow_factory() as uow:
            rules = [r for r in await uow.ad_rules.for_campaign(seen.id) if r.scheduled]
            campaign = await uow.campaigns.get(seen.organization_id, seen.id)
        if campaign is None:
            return
        slot = self._slot(now)
        for rule in rules:
            for subject in subjects_of(rule, campaign):
                judgement = Judgement(
                    organization_id=campaign.organization_id,
                    rule_id=rule.id,
                    subject=subject,
                    now=now,
                    slot=slot,
                )
                done = await judge(
                    self._uow_factory, judgement, ids=self._ids, remote_of=self._remote_of
                )
                report.judged += done is not None

    async def _resume(self, seen: Campaign, now: datetime) -> int:
        try:
            async with self._uow_factory() as uow:
                campaign = await uow.campaigns.get(seen.organization_id, seen.id)
                if campaign is None or campaign.status is not CampaignStatus.CREATING:
                    return 0
                campaign.claim_launch_retry(now=now)
                await uow.campaigns.save(campaign)
                remote = await remote_for(
                    await account_of(uow, campaign), self._platforms, self._credentials
                )
                await uow.commit()
        except StaleVersion:
            return 0  # another process took it up
        log.info("resuming an unfinished launch", extra={"campaign_id": str(seen.id)})
        await complete_launch(
            self._uow_factory, seen.organization_id, seen.id, remote, self._clock, reconcile=True
        )
        return 1

    async def _complete(self, seen: Campaign, now: datetime) -> int:
        try:
            async with self._uow_factory() as uow:
                campaign = await uow.campaigns.get(seen.organization_id, seen.id)
                if campaign is None or campaign.status not in LIVE:
                    return 0
                campaign.complete(now=now)
                await uow.campaigns.save(campaign)
                await uow.commit()
        except StaleVersion:
            return 0
        return 1

    def _slot(self, now: datetime) -> str:
        """The interval's window ``now`` falls in: every process computes the same one."""
        step = max(int(self._config.interval.total_seconds()), 60)
        start = int(now.timestamp()) // step * step
        return f"{datetime.fromtimestamp(start, UTC):%Y-%m-%dT%H:%M}"

    async def run(self, stop: asyncio.Event) -> None:
        """Review every ``interval`` until ``stop`` is set; a failed review is logged and
        tried again at the next one (an outage must not end the loop)."""
        seconds = self._config.interval.total_seconds()
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("ad review tick failed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds):
                    await stop.wait()


async def run_ad_review(stop: asyncio.Event, *, ad_review: AdReview) -> None:
    """The advertising context's background loop: pacing, rules and unfinished launches."""
    await ad_review.run(stop)
