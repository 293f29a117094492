"""platform.reports on the sandbox's demo history: the time-of-day report finds the seeded
posts by their local weekday and hour, its CSV file carries the same totals, and a schedule
made through the library is delivered once by the report-deliveries loop."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.unit.entrypoints.library.test_sandbox_history import NOW, PASSWORD, platform

from umt.ports.report_schedule_repository import DueReport


async def test_reports_on_the_demo_history(tmp_path: Path) -> None:
    async with platform(tmp_path) as umt:
        owner = await umt.register("ada@acme.example", PASSWORD, "Acme")
        brand = await umt.brands.create(owner, name="Acme Coffee", time_zone="Europe/Berlin")
        await umt.sandbox.seed_history(owner, brand.id, seed="reports")
        found = await umt.reports.report(owner, brand.id, "time_of_day")
        posts = found.totals["publications"]
        assert posts.value is not None
        assert posts.value > 0
        assert posts.previous is not None
        assert posts.previous > 0  # the four weeks before were seeded too
        assert sum(r.figures["publications"].value or 0 for r in found.rows) == posts.value
        impressions = found.totals["impressions"].value
        assert impressions is not None
        assert impressions > 0
        file = await umt.reports.export(owner, brand.id, "time_of_day", "csv")
        *_, total = csv.reader(io.StringIO(file.content.decode()))
        header = next(csv.reader(io.StringIO(file.content.decode())))
        assert total[header.index("impressions")] == str(impressions)

        schedule = await umt.reports.create_schedule(
            owner, brand.id, "channels", recipients=["ada@acme.example"], webhook=True
        )
        assert schedule.next_due_at > NOW
        assert schedule.next_due_at - NOW <= timedelta(days=7)
        deliveries = umt._container.report_deliveries()  # the loop's own object
        run = DueReport(
            organization_id=owner.principal.organization_id,
            schedule_id=schedule.id,
            due_at=schedule.next_due_at,
        )
        made = await deliveries.deliver(run)
        assert made is not None
        assert await deliveries.deliver(run) is None  # that due time is delivered
        fetched = await umt.reports.delivery(owner, made.id)
        assert fetched.content == made.content
        (after,) = await umt.reports.schedules(owner, brand.id)
        # a week later at 08:00 in Berlin, which is an hour earlier in UTC after the clocks
        # went forward on 29 March
        berlin = ZoneInfo("Europe/Berlin")
        assert after.next_due_at.astimezone(berlin) == datetime(2026, 3, 30, 8, tzinfo=berlin)
        assert after.next_due_at - schedule.next_due_at == timedelta(days=7, hours=-1)
