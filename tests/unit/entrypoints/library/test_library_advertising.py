"""End to end on the embedded sandbox, through the library: connect the sandbox, discover its
ad account, launch a campaign with a daily budget, let the sandbox's seeded model spend, sync
its metrics, and watch the review loop's pause rule fire: the sandbox shows the ad set PAUSED.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from dependency_injector import providers

from umt.adapters.system.clock import FixedClock
from umt.domain.advertising.errors import BudgetCurrencyMismatch
from umt.domain.advertising.levels import AdLevel, DeliveryStatus
from umt.domain.integration.platforms import Platform
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import ChannelAccountId, OrganizationId
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform as Umt
from umt.entrypoints.settings import Settings

START = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


async def connect_sandbox(umt: Umt, session: Any, network: Any) -> Any:
    """The consent page's part, done against the sandbox network itself."""
    account = await network.create_account(
        "Acme ads", currency="USD", time_zone="UTC", ad_audience=2_000_000
    )
    started = await umt.integrations.start_authorization(session, "sandbox")
    query = {k: v[0] for k, v in parse_qs(urlsplit(started.authorization_url).query).items()}
    checked = network.oauth.check_authorization(
        client_id=query["client_id"],
        redirect_uri=query["redirect_uri"],
        state=query["state"],
        code_challenge=query["code_challenge"],
        code_challenge_method=query["code_challenge_method"],
        scope=query.get("scope", ""),
    )
    code = await network.oauth.approve(checked, account.id)
    return await umt.integrations.complete_authorization(
        "sandbox", state=started.state, binding=started.binding, code=code
    )


async def test_a_pause_rule_fires_on_sandbox_spend(tmp_path: Path) -> None:
    clock = FixedClock(START)
    container = build_container(
        Settings(_env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="")
    )
    container.clock.override(providers.Object(clock))
    async with Umt(container) as umt:
        network = container.sandbox_network()  # a resource: built once the platform started
        session = await umt.register("ada@acme.example", "a long enough passphrase", "Acme")
        integration = await connect_sandbox(umt, session, network)
        brand = await umt.brands.create(session, name="Acme", website="https://acme.example")
        found = await umt.channel_accounts.discover(
            session, brand.id, integration_id=integration.id
        )
        ads = next(a for a in found.accounts if a.role.value == "advertise")
        piece = await umt.content.create(
            session, brand.id, content_type="ad_copy", channel="meta_ads", title="Ship faster",
            body="The planner your team will actually open.",
            fields={"headlines": ["Ship faster"], "links": ["https://acme.example/spring"]},
        )  # fmt: skip
        await umt.content.submit(session, piece.id)
        await umt.content.approve(session, piece.id)
        ad_set = {
            "name": "Founders",
            "budget": {"kind": "daily", "amount": "50.00", "currency": "USD"},
            "countries": ["US"],
            "ads": [{"content_id": str(piece.id)}],
        }
        with pytest.raises(BudgetCurrencyMismatch):  # the ad account spends USD
            await umt.advertising.create_campaign(
                session, brand_id=brand.id, ad_account_id=ads.id, name="Spring",
                objective="traffic", starts_at=START,
                ad_sets=[{**ad_set, "budget": {"amount": "50.00", "currency": "EUR"}}],
            )  # fmt: skip
        draft = await umt.advertising.create_campaign(
            session, brand_id=brand.id, ad_account_id=ads.id, name="Spring",
            objective="traffic", starts_at=START, ends_at=START + timedelta(days=7),
            ad_sets=[ad_set],
        )  # fmt: skip
        campaign = await umt.advertising.launch(session, draft.id)
        assert campaign.status == "active"
        with pytest.raises(AttributeError):
            campaign.status = "paused"  # type: ignore[misc]  # a frozen view
        with pytest.raises(StaleVersion):  # the version it had before the launch
            await umt.advertising.pause(session, campaign.id, expected_version=draft.version)
        rule = await umt.advertising.create_rule(
            session,
            campaign.id,
            {
                "name": "Stop at 5 USD an ad set",
                "action": "pause",
                "condition": {"metric": "spend", "comparison": "gte", "threshold": "5",
                              "window_seconds": 86400},
                "minimum": {"impressions": 100},
            },
        )  # fmt: skip
        # the sandbox delivers for a few hours; metric sync brings its cumulative totals in
        clock.advance(timedelta(hours=4))
        report = await umt.metrics.sync(session, channel_account_id=ads.id)
        assert report.outcomes[0].counts is not None
        pacing = await umt.advertising.pacing(session, campaign.id)
        spent = pacing.ad_sets[0].pacing.actual
        assert spent.amount >= 5  # the seeded model spent past the rule's threshold
        # the review loop judges the rule (and paces): the ad set is paused on the sandbox
        review = await container.ad_review().tick()
        assert review.judged == 1
        [evaluation] = await umt.advertising.rule_evaluations(session, rule.id)
        assert evaluation.outcome == "triggered"
        after = await umt.advertising.campaign(session, campaign.id)
        assert after.ad_sets[0].status == "paused"
        async with container.unit_of_work_factory()() as uow:
            account = await uow.channel_accounts.get(
                OrganizationId(session.principal.organization_id), ChannelAccountId(ads.id)
            )
        assert account is not None
        credentials = await container.channel_credentials().for_account(account)
        connector = container.platform_connectors()[Platform.SANDBOX]
        target = _target(account)
        remote = await connector.get(
            target, credentials, AdLevel.AD_SET, after.ad_sets[0].remote_id
        )
        assert remote.status is DeliveryStatus.PAUSED
        # paused, it spends no more: a later sync shows the same total
        clock.advance(timedelta(hours=3))
        await umt.metrics.sync(session, channel_account_id=ads.id)
        later = await umt.advertising.pacing(session, campaign.id)
        assert later.ad_sets[0].pacing.actual == spent


def _target(account: Any) -> Any:
    from umt.ports.channel_credentials import target_of

    return target_of(account)
