"""The built-in sandbox platform, from the library: connect a new sandbox account with no
browser, as its owner would on the sandbox's consent page.

The sandbox runs in this process (docs/sandbox.md), so an embedded service, a demo or a test
can connect it in one call and then discover its channel accounts, publish and advertise on
it. The OAuth flow is the real one: umt starts the authorization (state, PKCE), the sandbox
checks the request exactly as its consent page does, the new account approves, and umt
completes the authorization with the code, so what gets stored is what a browser round trip
stores.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.application.integration.views import IntegrationView
from umt.application.sandbox_demo.plan import MAX_WEEKS
from umt.domain.shared.errors import InvalidValue
from umt.entrypoints.library.integrations import IntegrationsApi
from umt.entrypoints.library.sandbox_history import (
    DemoOnly,
    HistoryReport,
    HistoryTools,
    followers_for,
    seed_history,
)
from umt.entrypoints.library.session import Session


class SandboxApi:
    def __init__(
        self,
        integrations: IntegrationsApi,
        network: Callable[[], SandboxNetwork],
        history: Callable[[], HistoryTools] | None = None,
    ):
        self._integrations = integrations
        self._network = network
        self._history = history

    async def connect(
        self,
        session: Session,
        account_name: str,
        *,
        currency: str = "USD",
        time_zone: str = "UTC",
        followers: int | None = None,
    ) -> IntegrationView:
        """A new sandbox account named ``account_name`` (its ad account spends ``currency``
        and reports in ``time_zone``; ``followers`` drawn when not given), connected to the
        session's organization with every scope the sandbox grants: publishing, email, ads
        and analytics."""
        network = self._network()
        account = await network.create_account(
            account_name, currency=currency, time_zone=time_zone, followers=followers
        )
        started = await self._integrations.start_authorization(session, "sandbox")
        query = {k: v[0] for k, v in parse_qs(urlsplit(started.authorization_url).query).items()}
        try:
            checked = network.oauth.check_authorization(
                client_id=query["client_id"],
                redirect_uri=query["redirect_uri"],
                state=query["state"],
                code_challenge=query["code_challenge"],
                code_challenge_method=query["code_challenge_method"],
                scope=query.get("scope", ""),
            )
        except KeyError as exc:  # umt always sends them: a broken start, not a user error
            raise InvalidValue(f"the authorization request lacks {exc}") from exc
        code = await network.oauth.approve(checked, account.id)
        return await self._integrations.complete_authorization(
            "sandbox", state=started.state, binding=started.binding, code=code
        )

    async def seed_history(
        self,
        session: Session,
        brand_id: UUID,
        *,
        seed: str = "demo",
        weeks: int = 12,
        anomaly_factor: float = 6.0,
    ) -> HistoryReport:
        """Give the brand ``weeks`` weeks of published sandbox posts and their metrics (a
        new sandbox account, its posts back-dated, the samples ingested), with an anomaly
        planted on the latest complete day; the same for the same seed and day. Development
        only: a production deployment refuses (``DemoOnly``). See sandbox_history.py."""
        if self._history is None:
            raise DemoOnly("this platform offers no demo history")
        tools = self._history()
        if tools.production:
            raise DemoOnly("a demo history is for development, not production (UMT_ENVIRONMENT)")
        if not 1.0 <= anomaly_factor <= 100.0:
            raise InvalidValue("anomaly_factor lies between 1 and 100", field="anomaly_factor")
        if not 1 <= weeks <= MAX_WEEKS:
            raise InvalidValue(f"weeks lies between 1 and {MAX_WEEKS}", field="weeks")
        brand = await tools.brands.get(session, brand_id)  # another tenant's: NotFound
        integration = await self.connect(
            session, f"{brand.name[:60]} demo", followers=followers_for(seed)
        )
        return await seed_history(
            tools,
            session,
            brand_id,
            integration.id,
            seed=seed,
            weeks=weeks,
            anomaly_factor=anomaly_factor,
        )
