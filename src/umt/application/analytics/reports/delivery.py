"""Scheduled report deliveries, a background loop of the content-strategy agent
(``report-deliveries``): due schedules claimed under a lease, each run's report made from the
rollups, stored, announced (``report.ready`` to the outbox, when the schedule asks for its
webhooks) and mailed with its file attached.

Safe with several processes: a claim leases a schedule (``claimed_until``), so two loops never
work on it at once, and a run that died is picked up when its lease runs out. What makes a
run happen once is the delivery's key, (schedule, due time): the delivery (its mail
``pending``), the schedule's next due time and the event are committed together, only by the
loop whose delivery was the first for that due time.

The mails go out **at least once**: the loop that made the delivery claims its mail under a
lease (``claim_mail``), sends it to each recipient, then marks it sent (``mark_mailed``). A
crash after the commit and before the mark leaves the mail pending; once its lease runs out,
any loop's next tick claims it and sends it again, with the same Message-ID per recipient
(``ReportDelivery.message_id``) so a receiver can drop the copy. A server that refuses the mail
(down) leaves it pending too, tried again after the lease. So a mail is never lost, and a crash
costs at most one more copy of the mails of the delivery it hit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.reports.export import render_report
from umt.application.analytics.reports.get_report import compose_report, report_kind
from umt.application.analytics.reports.periods import periods
from umt.application.analytics.reports.scope import MAX_LIMIT, Scope
from umt.domain.analytics.report_delivery import ReportDelivery
from umt.domain.analytics.report_schedule import ReportSchedule, report_range
from umt.domain.analytics.rollups import local_day
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.clock import Clock
from umt.ports.errors import StorageUnavailable
from umt.ports.id_generator import IdGenerator
from umt.ports.mail_sender import Attachment, MailSender, OutboundMail
from umt.ports.report_files import ExportFormat, ReportFiles
from umt.ports.report_schedule_repository import DueReport
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=15)  # longer than a run takes: a report reads rollups only
MAIL_LEASE = timedelta(minutes=10)  # longer than mailing one report to 20 recipients takes
BATCH = 20  # runs claimed per tick


class ReportDeliveries:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        *,
        clock: Clock,
        ids: IdGenerator,
        mail_sender: MailSender,
        report_files: ReportFiles,
        config: AnalyticsConfig,
        lease: timedelta = LEASE,
        mail_lease: timedelta = MAIL_LEASE,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._ids = ids
        self._mail = mail_sender
        self._files = report_files
        self._config = config
        self._lease = lease
        self._mail_lease = mail_lease

    async def tick(self) -> int:
        """Deliver the due runs, then send the mails still pending (a crash's, a refusal's);
        how many runs this process delivered."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            due = await uow.report_schedules.claim_due(
                now=now, lease_until=now + self._lease, limit=BATCH
            )
            await uow.commit()
        delivered = 0
        for run in due:
            try:
                delivered += await self.deliver(run) is not None
            except Exception:  # one schedule's failure never stops the others'
                log.exception(
                    "a scheduled report failed", extra={"schedule_id": str(run.schedule_id)}
                )
        await self.send_pending()
        return delivered

    async def deliver(self, run: DueReport) -> ReportDelivery | None:
        """Make, store and send one run; None when it is not this process's to deliver
        (already delivered, changed or deleted meanwhile)."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            schedule = await uow.report_schedules.get(run.organization_id, run.schedule_id)
            if schedule is None or schedule.next_due_at != run.due_at:
                return None
            delivery = await self._made(uow, schedule, run.due_at, now)
            if not await uow.report_schedules.add_delivery(delivery):
                return None  # another process delivered this due time
            schedule.delivered(run.due_at, now=now)
            try:
                await uow.report_schedules.save(schedule)
                await uow.commit()
            except StaleVersion:
                return None  # edited meanwhile: its next run is computed anew
        await self.send_pending(delivery.id)
        return delivery

    async def send_pending(self, delivery_id: UUID | None = None) -> int:
        """Claim the pending mails (only ``delivery_id``'s when given), send each, mark each
        sent; how many deliveries were mailed."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            claimed = await uow.report_schedules.claim_mail(
                now=now, lease_until=now + self._mail_lease, limit=BATCH, delivery_id=delivery_id
            )
            await uow.commit()
        mailed = 0
        for delivery in claimed:
            if not await self._mail_out(delivery):
                continue  # refused: still pending, tried again once its lease runs out
            async with self._uow_factory() as uow:
                await uow.report_schedules.mark_mailed(delivery.id, now=self._clock.now())
                await uow.commit()
            mailed += 1
        return mailed

    async def _made(
        self, uow: UnitOfWork, schedule: ReportSchedule, due_at: datetime, now: datetime
    ) -> ReportDelivery:
        zone = schedule.zone()
        since, until = report_range(due_at, zone, schedule.range_days)
        period, previous = periods(since, until, local_day(now, zone))
        scope = Scope(
            organization_id=OrganizationId(schedule.organization_id),
            brand_id=BrandId(schedule.brand_id),
            zone=zone,
            period=period,
            previous=previous,
        )
        report = await compose_report(
            uow, scope, report_kind(schedule.kind), MAX_LIMIT, now=now, analytics=self._config
        )
        file = render_report(report, ExportFormat(schedule.file_format), self._files)
        return ReportDelivery.made(
            announce=schedule.webhook,
            id=self._ids.new_id(),
            organization_id=schedule.organization_id,
            brand_id=schedule.brand_id,
            schedule_id=schedule.id,
            due_at=due_at,
            kind=schedule.kind,
            since=since,
            until=until,
            file_format=schedule.file_format,
            filename=file.filename,
            media_type=file.media_type,
            content=file.content,
            recipients=schedule.recipients,
            created_at=now,
        )

    async def _mail_out(self, delivery: ReportDelivery) -> bool:
        """Send the delivery's mail to each recipient; False when the server refused one."""
        attachment = Attachment(
            filename=delivery.filename, media_type=delivery.media_type, content=delivery.content
        )
        kind = delivery.kind.replace("_", " ")
        subject = f"Your {kind} report, {delivery.since} to {delivery.until}"
        text = (
            f"The {kind} report of {delivery.since} to {delivery.until} is attached, each "
            "figure beside the previous period of the same length.\n"
        )
        for index, recipient in enumerate(delivery.recipients):
            try:
                await self._mail.send(
                    OutboundMail(
                        to=recipient,
                        subject=subject,
                        text=text,
                        attachments=(attachment,),
                        message_id=delivery.message_id(index),
                    )
                )
            except StorageUnavailable:
                log.warning(
                    "a scheduled report's mail was refused; it is sent again later",
                    extra={"delivery_id": str(delivery.id), "attempt": delivery.mail_attempts},
                )
                return False
        return True

    async def run(self, stop: asyncio.Event, *, interval_seconds: float) -> None:
        """Tick now and every ``interval_seconds`` until ``stop`` is set."""
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("the report deliveries' tick failed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(interval_seconds):
                    await stop.wait()


async def run_report_deliveries(
    stop: asyncio.Event, *, report_deliveries: ReportDeliveries, report_delivery_seconds: float
) -> None:
    """The scheduled reports' background loop."""
    await report_deliveries.run(stop, interval_seconds=report_delivery_seconds)
