"""The token check ahead of publishing: for every channel account with a publication due
within ``token_check_ahead`` (24 h by default), the account's credentials must stay valid until
that publication is due (plus a lease), refreshed now if the platform allows.

``ChannelCredentials.for_account`` does the refresh; a token that cannot be refreshed marks
the integration ``needs_reauth`` there (its ``integration.needs_reauth`` event tells the brand
now, a day ahead, instead of a failure at publishing time). Here it is logged and counted; a
platform that is merely down is tried again at the next check. Safe with several processes:
a refresh is the credentials' own concern, and checking twice changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from umt.application.agents.loop_beats import LoopBeat, LoopBeats
from umt.application.agents.names import Agent
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.domain.integration.errors import PlatformError
from umt.domain.publishing.channel_account import AccountStatus
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

LOOP = "publication-token-check"
MAX_ACCOUNTS = 1000  # accounts checked per run


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenCheckReport:
    checked: int
    needs_reauth: int
    unavailable: int


class TokenCheck:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        credentials: ChannelCredentials,
        *,
        clock: Clock,
        config: DispatchConfig,
        beats: LoopBeats | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._credentials = credentials
        self._clock = clock
        self._config = config
        self._beats = beats

    async def run_once(self) -> TokenCheckReport:
        now = self._clock.now()
        checked = reauth = unavailable = 0
        async with self._uow_factory() as uow:
            due = await uow.publications.accounts_due(
                now, now + self._config.token_check_ahead, limit=MAX_ACCOUNTS
            )
        for item in due:
            async with self._uow_factory() as uow:
                account = await uow.channel_accounts.get(
                    item.organization_id, item.channel_account_id
                )
            if account is None or account.status is not AccountStatus.ACTIVE:
                continue
            checked += 1
            valid_for = (item.first_due_at - now) + self._config.lease
            try:
                await self._credentials.for_account(account, valid_for=valid_for)
            except PlatformError as exc:
                if exc.needs_reauth:
                    reauth += 1
                    log.warning(
                        "a channel account's token cannot last until its next publication",
                        extra={"channel_account_id": str(account.id), "reason": exc.code},
                    )
                else:
                    unavailable += 1
        if self._beats is not None:
            self._beats.record(
                LOOP,
                LoopBeat(
                    agent=Agent.CONTENT_AD_MANAGEMENT.value,
                    last_tick=now,
                    handled=checked,
                    lag_seconds=0.0,
                    counts={"needs_reauth": reauth, "unavailable": unavailable},
                ),
            )
        return TokenCheckReport(checked=checked, needs_reauth=reauth, unavailable=unavailable)

    async def run(self, stop: asyncio.Event) -> None:
        """Check every ``config.token_check_every`` until ``stop`` is set (a failed run is
        logged and the next one tries again)."""
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("publication token check failed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._config.token_check_every.total_seconds()):
                    await stop.wait()


async def run_publication_token_check(
    stop: asyncio.Event, *, publication_token_check: TokenCheck
) -> None:
    """The publishing context's second loop: tokens checked a day ahead of publishing."""
    await publication_token_check.run(stop)
