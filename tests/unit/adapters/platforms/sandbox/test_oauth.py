"""The sandbox's OAuth server behaves like a careful real provider."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.unit.adapters.platforms.sandbox.helpers import (
    ALL_SCOPES,
    REDIRECT,
    VERIFIER,
    connect,
    grant_code,
)

from umt.adapters.platforms.sandbox import errors
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.oauth import parse_scopes, s256
from umt.adapters.system.clock import FixedClock


def _check(network: SandboxNetwork, **overrides: str) -> None:
    params = {
        "client_id": "umt",
        "redirect_uri": REDIRECT,
        "state": "st4te",
        "code_challenge": s256(VERIFIER),
        "code_challenge_method": "S256",
        "scope": ALL_SCOPES,
        **overrides,
    }
    network.oauth.check_authorization(**params)


def test_s256_matches_rfc_7636_example() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert s256(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"client_id": "other"}, errors.InvalidClient),
        ({"redirect_uri": "https://evil.example/cb"}, errors.InvalidClient),
        ({"redirect_uri": REDIRECT + "/../x"}, errors.InvalidClient),
        ({"code_challenge_method": "plain"}, errors.InvalidRequest),
        ({"code_challenge": "short"}, errors.InvalidRequest),
        ({"state": ""}, errors.InvalidRequest),
        ({"state": "has space"}, errors.InvalidRequest),
        ({"scope": ""}, errors.InvalidScope),
        ({"scope": "profile admin"}, errors.InvalidScope),
    ],
)
def test_malformed_authorization_requests_are_refused(
    network: SandboxNetwork, overrides: dict[str, str], error: type[Exception]
) -> None:
    with pytest.raises(error):
        _check(network, **overrides)


def test_scopes_are_parsed_without_repeats() -> None:
    assert parse_scopes("publish  profile publish") == ("publish", "profile")


async def test_code_exchange_issues_tokens_for_the_granted_scopes(network: SandboxNetwork) -> None:
    connected = await connect(network, "profile publish")
    assert connected.tokens.scopes == ("profile", "publish")
    account, scopes = await network.me(connected.token)
    assert account == connected.account
    assert scopes == ("profile", "publish")
    assert "sbx_at_" not in repr(connected.tokens)


async def test_a_wrong_verifier_is_invalid_grant(network: SandboxNetwork) -> None:
    account = await network.create_account("Ann")
    code = await grant_code(network, account)
    with pytest.raises(errors.InvalidGrant, match="PKCE"):
        await network.oauth.exchange_code(
            client_id="umt", code=code, code_verifier="w" * 50, redirect_uri=REDIRECT
        )


@pytest.mark.parametrize(
    ("client_id", "redirect_uri"), [("intruder", REDIRECT), ("umt", REDIRECT + "x")]
)
async def test_a_code_is_bound_to_its_client_and_redirect(
    network: SandboxNetwork, client_id: str, redirect_uri: str
) -> None:
    account = await network.create_account("Ann")
    code = await grant_code(network, account)
    with pytest.raises(errors.InvalidGrant):
        await network.oauth.exchange_code(
            client_id=client_id, code=code, code_verifier=VERIFIER, redirect_uri=redirect_uri
        )


async def test_a_code_expires_after_five_minutes(
    network: SandboxNetwork, clock: FixedClock
) -> None:
    account = await network.create_account("Ann")
    code = await grant_code(network, account)
    clock.advance(timedelta(minutes=5, seconds=1))
    with pytest.raises(errors.InvalidGrant, match="expired"):
        await network.oauth.exchange_code(
            client_id="umt", code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT
        )


async def test_a_replayed_code_fails_and_revokes_what_it_granted(network: SandboxNetwork) -> None:
    account = await network.create_account("Ann")
    code = await grant_code(network, account)
    tokens = await network.oauth.exchange_code(
        client_id="umt", code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT
    )
    with pytest.raises(errors.InvalidGrant, match="already used"):
        await network.oauth.exchange_code(
            client_id="umt", code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT
        )
    with pytest.raises(errors.TokenRevoked):
        await network.me(tokens.access_token)


async def test_access_tokens_expire_after_an_hour(
    network: SandboxNetwork, clock: FixedClock
) -> None:
    connected = await connect(network)
    assert connected.tokens.expires_at == clock.now() + timedelta(hours=1)
    clock.advance(timedelta(minutes=59))
    await network.me(connected.token)
    clock.advance(timedelta(minutes=1))
    with pytest.raises(errors.TokenExpired):
        await network.me(connected.token)


async def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_grant(
    network: SandboxNetwork, clock: FixedClock
) -> None:
    connected = await connect(network)
    clock.advance(timedelta(hours=2))
    renewed = await network.oauth.refresh(
        client_id="umt", refresh_token=connected.tokens.refresh_token
    )
    assert renewed.refresh_token != connected.tokens.refresh_token
    assert renewed.scopes == connected.tokens.scopes
    await network.me(renewed.access_token)
    with pytest.raises(errors.TokenRevoked, match="already used"):
        await network.oauth.refresh(client_id="umt", refresh_token=connected.tokens.refresh_token)
    with pytest.raises(errors.TokenRevoked):
        await network.me(renewed.access_token)


async def test_refresh_tokens_expire_and_unknown_ones_are_invalid(
    network: SandboxNetwork, clock: FixedClock
) -> None:
    connected = await connect(network)
    with pytest.raises(errors.InvalidGrant):
        await network.oauth.refresh(client_id="umt", refresh_token="sbx_rt_forged")
    clock.advance(timedelta(days=31))
    with pytest.raises(errors.TokenExpired):
        await network.oauth.refresh(client_id="umt", refresh_token=connected.tokens.refresh_token)


async def test_revocation_ends_the_whole_grant(network: SandboxNetwork) -> None:
    connected = await connect(network)
    await network.oauth.revoke(connected.tokens.refresh_token)
    with pytest.raises(errors.TokenRevoked):
        await network.me(connected.token)
    with pytest.raises(errors.TokenRevoked):
        await network.oauth.refresh(client_id="umt", refresh_token=connected.tokens.refresh_token)
    await network.oauth.revoke("sbx_at_unknown")  # RFC 7009: unknown tokens are no error


async def test_scopes_are_enforced_per_call(network: SandboxNetwork) -> None:
    connected = await connect(network, "profile")
    with pytest.raises(errors.InsufficientScope) as raised:
        await network.publish_post(connected.token, text="hello")
    assert raised.value.scope == "publish"
    no_profile = await connect(network, "publish")
    with pytest.raises(errors.InsufficientScope):
        await network.me(no_profile.token)


async def test_unknown_tokens_are_invalid(network: SandboxNetwork) -> None:
    with pytest.raises(errors.InvalidToken):
        await network.me("sbx_at_forged")


async def test_hooks_expire_a_token_and_revoke_an_accounts_grants(
    network: SandboxNetwork,
) -> None:
    first, second = await connect(network), await connect(network)
    await network.expire_access_token(first.token)
    with pytest.raises(errors.TokenExpired):
        await network.me(first.token)
    assert await network.revoke_grants(second.account.id) == 1
    with pytest.raises(errors.TokenRevoked):
        await network.me(second.token)
    assert await network.revoke_grants(second.account.id) == 0


async def test_hooks_rate_limit_with_retry_after_and_outage(network: SandboxNetwork) -> None:
    connected = await connect(network)
    network.faults.rate_limit(30, calls=2)
    for _ in range(2):
        with pytest.raises(errors.RateLimited) as raised:
            await network.me(connected.token)
        assert raised.value.retry_after_seconds == 30
    await network.me(connected.token)  # the limit was for two calls
    network.faults.outage()
    with pytest.raises(errors.Unavailable):
        await network.oauth.refresh(client_id="umt", refresh_token=connected.tokens.refresh_token)
    network.faults.clear()
    await network.oauth.refresh(client_id="umt", refresh_token=connected.tokens.refresh_token)


async def test_nothing_usable_is_stored(network: SandboxNetwork) -> None:
    connected = await connect(network)
    for kind in ("access_token", "refresh_token", "grant", "code", "spent_code"):
        for raw in await network.store.list(kind):
            assert connected.token.encode() not in raw
            assert connected.tokens.refresh_token.encode() not in raw
