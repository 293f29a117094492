"""Helpers of the sandbox tests: constants and the OAuth dance in a few lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.oauth import SandboxClient, TokenSet, s256
from umt.adapters.platforms.sandbox.records import SandboxAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.channel_discovery import DiscoveredAccount
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials

START = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)  # a Tuesday, at the morning peak
REDIRECT = "http://127.0.0.1:8000/api/v1/integrations/sandbox/callback"
CLIENT = SandboxClient(client_id="umt", name="umt", redirect_uris=frozenset({REDIRECT}))
VERIFIER = "v3r1f13r-" + "x" * 50
ALL_SCOPES = "profile publish email ads analytics"


async def grant_code(
    network: SandboxNetwork, account: SandboxAccount, scope: str = ALL_SCOPES
) -> str:
    """What the consent page does when the account approves."""
    query = network.oauth.check_authorization(
        client_id="umt",
        redirect_uri=REDIRECT,
        state="st4te",
        code_challenge=s256(VERIFIER),
        code_challenge_method="S256",
        scope=scope,
    )
    return await network.oauth.approve(query, account.id)


@dataclass
class Connected:
    account: SandboxAccount
    tokens: TokenSet

    @property
    def token(self) -> str:
        return self.tokens.access_token


async def connect(network: SandboxNetwork, scope: str = ALL_SCOPES, **account: int) -> Connected:
    """A new account that granted ``scope`` to umt, and its tokens."""
    created = await network.create_account(
        "Ann",
        followers=account.get("followers"),
        subscribers=account.get("subscribers"),
        ad_audience=account.get("ad_audience"),
    )
    code = await grant_code(network, created, scope)
    tokens = await network.oauth.exchange_code(
        client_id="umt", code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT
    )
    return Connected(created, tokens)


@dataclass
class Linked:
    """A sandbox account connected through the connector, with its discovered targets."""

    credentials: Credentials
    posts: ChannelTarget
    ads: ChannelTarget


async def linked(
    network: SandboxNetwork,
    connector: SandboxConnector,
    *,
    name: str = "Ann",
    currency: str = "USD",
    time_zone: str = "UTC",
    followers: int | None = None,
    ad_audience: int | None = None,
) -> Linked:
    """A new account (in ``currency`` and ``time_zone``) connected with every scope."""
    account = await network.create_account(
        name,
        currency=currency,
        time_zone=time_zone,
        followers=followers,
        ad_audience=ad_audience,
    )
    code = await grant_code(network, account)
    credentials = await connector.exchange_code(
        code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT
    )
    found = {a.kind: a for a in await connector.discover(credentials)}
    return Linked(
        credentials=credentials,
        posts=_target(found[ChannelKind.SANDBOX_ACCOUNT]),
        ads=_target(found[ChannelKind.SANDBOX_AD_ACCOUNT]),
    )


def _target(account: DiscoveredAccount) -> ChannelTarget:
    return ChannelTarget(
        kind=account.kind, external_id=account.external_id, details=account.details
    )
