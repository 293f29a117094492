"""SandboxConnector: the PlatformConnector port over the in-process sandbox network."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from tests.unit.adapters.platforms.sandbox.helpers import REDIRECT, VERIFIER, grant_code

from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.oauth import s256
from umt.adapters.system.clock import FixedClock
from umt.domain.integration.errors import (
    MissingScope,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
    TokenRevoked,
)
from umt.domain.integration.platforms import AuthMethod, Capability, Platform
from umt.ports.platform_connector import AuthorizationRequest, Credentials


@pytest.fixture
def connector(network: SandboxNetwork) -> SandboxConnector:
    return SandboxConnector(network, public_base_url="http://127.0.0.1:8000/")


async def _connected(
    network: SandboxNetwork, connector: SandboxConnector, scope: str = "profile publish"
) -> Credentials:
    account = await network.create_account("Ann")
    code = await grant_code(network, account, scope)
    return await connector.exchange_code(code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT)


def test_declares_oauth_and_every_capability(connector: SandboxConnector) -> None:
    assert connector.platform is Platform.SANDBOX
    assert connector.auth_method is AuthMethod.OAUTH2
    assert connector.capabilities == frozenset(Capability)
    assert set(connector.default_scopes) == {"profile", "publish", "email", "ads", "analytics"}
    assert connector.form_fields == ()


def test_authorization_url_is_the_consent_page_with_pkce(
    connector: SandboxConnector, network: SandboxNetwork
) -> None:
    url = connector.authorization_url(
        AuthorizationRequest(
            state="s t&ate", code_challenge=s256(VERIFIER), redirect_uri=REDIRECT, scopes=()
        )
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "http://127.0.0.1:8000/sandbox/oauth/authorize"
    )
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {
        "response_type": "code",
        "client_id": "umt",
        "redirect_uri": REDIRECT,
        "state": "s t&ate",
        "code_challenge": s256(VERIFIER),
        "code_challenge_method": "S256",
        "scope": "profile publish email ads analytics",
    }


async def test_exchange_then_test_connection_names_the_account_and_scopes(
    network: SandboxNetwork, connector: SandboxConnector, clock: FixedClock
) -> None:
    credentials = await _connected(network, connector)
    assert credentials.expires_at == clock.now() + timedelta(hours=1)
    assert credentials.scopes == {"profile", "publish"}
    account = await connector.test_connection(credentials)
    assert account.name == "Ann"
    assert account.external_id == credentials.extra["account_id"]
    assert account.granted_scopes == frozenset({"profile", "publish"})


async def test_a_wrong_verifier_is_rejected(
    network: SandboxNetwork, connector: SandboxConnector
) -> None:
    account = await network.create_account("Ann")
    code = await grant_code(network, account)
    with pytest.raises(PlatformRejected) as raised:
        await connector.exchange_code(code=code, code_verifier="n" * 43, redirect_uri=REDIRECT)
    assert raised.value.status == 400
    assert "sbx_" not in str(raised.value)


async def test_refresh_rotates_and_merges(
    network: SandboxNetwork, connector: SandboxConnector
) -> None:
    credentials = await _connected(network, connector)
    renewed = credentials.refreshed_with(await connector.refresh(credentials))
    assert renewed.refresh_token != credentials.refresh_token
    assert renewed.access_token != credentials.access_token
    await connector.test_connection(renewed)
    with pytest.raises(TokenRevoked):  # the spent refresh token; the grant is now revoked
        await connector.refresh(credentials)


async def test_refresh_without_or_with_an_unknown_refresh_token(
    connector: SandboxConnector,
) -> None:
    with pytest.raises(TokenExpired):
        await connector.refresh(Credentials(access_token="sbx_at_x"))
    with pytest.raises(TokenRevoked):
        await connector.refresh(Credentials(access_token="sbx_at_x", refresh_token="sbx_rt_x"))


async def test_an_expired_token_is_token_expired(
    network: SandboxNetwork, connector: SandboxConnector
) -> None:
    credentials = await _connected(network, connector)
    await network.expire_access_token(credentials.access_token)
    with pytest.raises(TokenExpired) as raised:
        await connector.test_connection(credentials)
    assert raised.value.needs_reauth


async def test_a_revoked_grant_is_token_revoked(
    network: SandboxNetwork, connector: SandboxConnector
) -> None:
    credentials = await _connected(network, connector)
    await network.revoke_grants(credentials.extra["account_id"])
    with pytest.raises(TokenRevoked):
        await connector.test_connection(credentials)
    with pytest.raises(TokenRevoked):
        await connector.refresh(credentials)


async def test_revoke_withdraws_the_grant(
    network: SandboxNetwork, connector: SandboxConnector
) -> None:
    credentials = await _connected(network, connector)
    await connector.revoke(credentials)
    with pytest.raises(TokenRevoked):
        await connector.test_connection(credentials)


async def test_a_missing_scope_is_missing_scope(
    network: SandboxNetwork, connector: SandboxConnector
) -> None:
    credentials = await _connected(network, connector, scope="publish analytics")
    with pytest.raises(MissingScope) as raised:
        await connector.test_connection(credentials)
    assert raised.value.needs_reauth


async def test_rate_limit_carries_retry_after(
    network: SandboxNetwork, connector: SandboxConnector
) -> None:
    credentials = await _connected(network, connector)
    network.faults.rate_limit(12.5)
    with pytest.raises(RateLimited) as raised:
        await connector.test_connection(credentials)
    assert raised.value.retry_after_seconds == 12.5
    assert raised.value.retryable
    assert raised.value.status == 429


async def test_an_outage_is_platform_unavailable(
    network: SandboxNetwork, connector: SandboxConnector
) -> None:
    credentials = await _connected(network, connector)
    network.faults.outage()
    for call in (
        connector.test_connection(credentials),
        connector.refresh(credentials),
        connector.revoke(credentials),
    ):
        with pytest.raises(PlatformUnavailable) as raised:
            await call
        assert raised.value.retryable
    network.faults.outage(on=False)
    await connector.test_connection(credentials)


async def test_no_credential_form(connector: SandboxConnector) -> None:
    with pytest.raises(PlatformRejected):
        await connector.connect_with_form({"api_key": "x"})
