"""Through the library: an owner caps the organization's daily ad spend, a campaign planned
under it is reported (not changed) when the cap is lowered, renamed and moved with
``update_campaign``, and the cap is removed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dependency_injector import providers
from tests.unit.entrypoints.library.test_library_advertising import connect_sandbox

from umt.adapters.system.clock import FixedClock
from umt.domain.advertising.errors import BudgetCapExceeded, BudgetNotPositive
from umt.domain.shared.errors import NotFound
from umt.domain.shared.money import Money
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform as Umt
from umt.entrypoints.settings import Settings

START = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


async def test_caps_bound_and_report_campaigns(tmp_path: Path) -> None:
    container = build_container(
        Settings(_env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="")
    )
    container.clock.override(providers.Object(FixedClock(START)))
    async with Umt(container) as umt:
        network = container.sandbox_network()
        session = await umt.register("ada@acme.example", "a long enough passphrase", "Acme")
        integration = await connect_sandbox(umt, session, network)
        brand = await umt.brands.create(session, name="Acme", website="https://acme.example")
        found = await umt.channel_accounts.discover(
            session, brand.id, integration_id=integration.id
        )
        ads = next(a for a in found.accounts if a.role.value == "advertise")
        with pytest.raises(BudgetNotPositive):
            await umt.advertising.set_budget_cap(session, "USD", "0")
        assert (await umt.advertising.budget_caps(session)).items == []
        await umt.advertising.set_budget_cap(session, "USD", "30.00")

        def plan(amount: str) -> dict[str, object]:
            return {
                "brand_id": brand.id, "ad_account_id": ads.id, "name": "Spring",
                "objective": "traffic", "starts_at": START, "ends_at": START + timedelta(days=7),
                "ad_sets": [{"name": "Founders", "countries": ["US"],
                             "budget": {"amount": amount, "currency": "USD"}}],
            }  # fmt: skip

        with pytest.raises(BudgetCapExceeded):
            await umt.advertising.create_campaign(session, **plan("31.00"))  # type: ignore[arg-type]
        campaign = await umt.advertising.create_campaign(session, **plan("25.00"))  # type: ignore[arg-type]
        lowered = await umt.advertising.set_budget_cap(session, "USD", "20", brand_id=brand.id)
        assert [(o.campaign_id, o.daily_ceiling) for o in lowered.over_cap] == [
            (campaign.id, Money.of("25.00", "USD"))
        ]
        kept = await umt.advertising.campaign(session, campaign.id)
        assert kept.version == campaign.version  # reported, not changed
        moved = await umt.advertising.update_campaign(
            session, campaign.id, {"name": "Spring (long)", "ends_at": START + timedelta(days=9)},
            expected_version=kept.version,
        )  # fmt: skip
        assert (moved.name, moved.ends_at) == ("Spring (long)", START + timedelta(days=9))
        await umt.advertising.remove_budget_cap(session, "USD", brand_id=brand.id)
        with pytest.raises(NotFound):
            await umt.advertising.remove_budget_cap(session, "USD", brand_id=brand.id)
        left = await umt.advertising.budget_caps(session)
        assert [(c.brand_id, c.daily) for c in left.items] == [(None, Money.of("30.00", "USD"))]
