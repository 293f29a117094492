"""The client's address behind proxies: forwarding headers believed only from the proxies in
UMT_TRUSTED_PROXIES, read from the right (the rightmost address that is not a trusted proxy is
the client), so that nobody chooses the address rate limits and the audit log see."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient
from pydantic import ValidationError
from tests.support.serving import serving
from tests.unit.entrypoints.http.helpers import API, build_app, register

from umt.entrypoints.http.forwarded import MAX_HOPS, TrustedProxies, client_address, resolve
from umt.entrypoints.settings import ForwardedHeader, Settings
from umt.entrypoints.settings.sections import parse_networks

INGRESS = TrustedProxies(parse_networks("10.0.0.0/8, 2001:db8:ffff::/48"))
RFC7239 = TrustedProxies(INGRESS.networks, ForwardedHeader.FORWARDED)


def scope(peer: str | None, *headers: tuple[str, str], scheme: str = "http") -> dict[str, Any]:
    return {
        "type": "http",
        "client": (peer, 51000) if peer else None,
        "scheme": scheme,
        "headers": [(name.lower().encode(), value.encode("latin-1")) for name, value in headers],
    }


def client_of(proxies: TrustedProxies, peer: str | None, *headers: tuple[str, str]) -> str | None:
    request = scope(peer, *headers)
    resolve(request, proxies)
    return client_address(request)


def test_a_header_from_an_untrusted_peer_is_ignored() -> None:
    spoofed = ("X-Forwarded-For", "203.0.113.66")
    assert client_of(INGRESS, "198.51.100.7", spoofed) == "198.51.100.7"
    assert client_of(TrustedProxies(), "10.0.0.2", spoofed) == "10.0.0.2"  # none trusted


def test_the_rightmost_address_that_is_no_trusted_proxy_is_the_client() -> None:
    # the client wrote "203.0.113.66, 10.9.9.9" itself; the ingress appended what it saw
    chain = ("X-Forwarded-For", "203.0.113.66, 10.9.9.9, 198.51.100.7, 10.0.0.3")
    assert client_of(INGRESS, "10.0.0.2", chain) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_ends_at_its_leftmost_entry() -> None:
    inside = ("X-Forwarded-For", "10.1.1.1, 10.0.0.3")
    assert client_of(INGRESS, "10.0.0.2", inside) == "10.1.1.1"
    assert client_of(INGRESS, "10.0.0.2") == "10.0.0.2"  # no header: the proxy itself


def test_an_entry_that_is_no_address_ends_the_walk_at_the_last_hop_vouched_for() -> None:
    for junk in ("unknown", "_hidden", "not an ip", "", "999.1.1.1"):
        header = ("X-Forwarded-For", f"203.0.113.66, {junk}, 10.0.0.3")
        assert client_of(INGRESS, "10.0.0.2", header) == "10.0.0.3", junk


def test_every_occurrence_of_the_header_counts_in_order() -> None:
    first, second = ("X-Forwarded-For", "203.0.113.66"), ("X-Forwarded-For", "198.51.100.7")
    assert client_of(INGRESS, "10.0.0.2", first, second) == "198.51.100.7"


def test_ports_and_ipv6_forms() -> None:
    assert client_of(INGRESS, "10.0.0.2", ("X-Forwarded-For", "198.51.100.7:4711")) == (
        "198.51.100.7"
    )
    assert client_of(INGRESS, "10.0.0.2", ("X-Forwarded-For", "2001:db8::1")) == "2001:db8::1"
    assert client_of(INGRESS, "10.0.0.2", ("X-Forwarded-For", "[2001:db8::1]:443")) == (
        "2001:db8::1"
    )
    assert client_of(INGRESS, "2001:db8:ffff::9", ("X-Forwarded-For", "198.51.100.7")) == (
        "198.51.100.7"
    )


def test_rfc_7239_forwarded() -> None:
    header = (
        "Forwarded",
        'for=203.0.113.66;proto=http, for="[2001:db8:cafe::17]:4711";by=10.0.0.3, '
        "for=10.0.0.3;proto=https",
    )
    request = scope("10.0.0.2", header)
    resolve(request, RFC7239)
    assert client_address(request) == "2001:db8:cafe::17"
    assert request["scheme"] == "https"  # what the nearest proxy was reached with
    assert client_of(RFC7239, "10.0.0.2", ("Forwarded", "for=unknown, for=10.0.0.3")) == (
        "10.0.0.3"
    )
    assert client_of(RFC7239, "10.0.0.2", ("Forwarded", 'FOR="198.51.100.7"')) == "198.51.100.7"


def test_only_the_configured_header_is_read() -> None:
    """A proxy writing X-Forwarded-For passes a client's own Forwarded header through
    untouched (and the other way round): reading it would let the client pick its address."""
    spoof = ("Forwarded", "for=203.0.113.66")
    real = ("X-Forwarded-For", "198.51.100.7")
    assert client_of(INGRESS, "10.0.0.2", spoof, real) == "198.51.100.7"
    assert client_of(INGRESS, "10.0.0.2", spoof) == "10.0.0.2"
    assert client_of(RFC7239, "10.0.0.2", real) == "10.0.0.2"


def test_the_scheme_comes_from_a_trusted_proxy_only() -> None:
    https = ("X-Forwarded-Proto", "https")
    trusted = scope("10.0.0.2", ("X-Forwarded-For", "198.51.100.7"), https)
    resolve(trusted, INGRESS)
    assert trusted["scheme"] == "https"
    untrusted = scope("198.51.100.7", https)
    resolve(untrusted, INGRESS)
    assert untrusted["scheme"] == "http"
    odd = scope("10.0.0.2", ("X-Forwarded-Proto", "gopher"))
    resolve(odd, INGRESS)
    assert odd["scheme"] == "http"


def test_a_long_chain_is_read_no_further_than_max_hops() -> None:
    chain = ", ".join(f"10.0.{i // 250}.{i % 250 + 1}" for i in range(MAX_HOPS + 10))
    resolved = client_of(INGRESS, "10.0.0.2", ("X-Forwarded-For", f"203.0.113.66, {chain}"))
    assert resolved is not None
    assert resolved != "203.0.113.66"
    assert ipaddress.ip_address(resolved) in INGRESS.networks[0]


def test_no_peer_address_stays_none() -> None:
    assert client_of(INGRESS, None, ("X-Forwarded-For", "198.51.100.7")) is None
    assert client_of(INGRESS, "testclient", ("X-Forwarded-For", "198.51.100.7")) == "testclient"


PUBLIC = st.ip_addresses(v=4).filter(lambda a: a not in INGRESS.networks[0])
TRUSTED = st.ip_addresses(network="10.0.0.0/8")


@given(
    written=st.lists(st.text(alphabet="0123456789abcdef.:[]_, ", max_size=20), max_size=6),
    real=PUBLIC,
    proxies=st.lists(TRUSTED, min_size=1, max_size=4),
)
def test_whatever_the_client_writes_it_gets_its_real_address(
    written: list[str], real: ipaddress.IPv4Address, proxies: list[ipaddress.IPv4Address]
) -> None:
    """The client controls the start of the chain; each trusted proxy appends the address it
    saw. Whatever the client wrote, the result is the address the first proxy saw."""
    *appended, peer = proxies
    chain = ", ".join([*written, str(real), *map(str, appended)])
    assert client_of(INGRESS, str(peer), ("X-Forwarded-For", chain)) == str(real)


def test_the_setting_takes_addresses_and_networks_and_names_a_bad_entry() -> None:
    settings = Settings(trusted_proxies="10.0.0.0/8, 192.168.1.7 ,::1", _env_file=None)
    assert [str(n) for n in settings.http.trusted_proxy_networks] == [
        "10.0.0.0/8",
        "192.168.1.7/32",
        "::1/128",
    ]
    assert Settings(_env_file=None).http.trusted_proxy_networks == ()
    with pytest.raises(ValidationError, match="UMT_TRUSTED_PROXIES: 'ingress' is not an IP"):
        Settings(trusted_proxies="10.0.0.0/8,ingress", _env_file=None)


# -- over a real socket: uvicorn's own forwarded-header handling must not get in the way ----


@pytest.fixture
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[httpx.Client]:
    app = build_app(
        tmp_path,
        rate_limits=True,
        rate_limit_sign_in_per_minute=4,
        trusted_proxies=request.param,
    )
    with serving(app) as (host, port), httpx.Client(base_url=f"http://{host}:{port}") as client:
        yield client


def failed_sign_in(client: httpx.Client, email: str, forwarded_for: str) -> int:
    response = client.post(
        f"{API}/auth/token",
        json={"email": email, "password": "a wrong guess"},
        headers={"X-Forwarded-For": forwarded_for},
    )
    return response.status_code


@pytest.mark.parametrize("served", [""], indirect=True)
def test_without_trusted_proxies_a_spoofed_header_buys_no_new_budget(
    served: httpx.Client,
) -> None:
    # uvicorn would believe X-Forwarded-For from 127.0.0.1 by itself; umt turns that off
    owner = register(cast("TestClient[Litestar]", served), organization_name="Spoof")  # 2 of 4
    assert [failed_sign_in(served, owner.email, f"203.0.113.{i}") for i in range(3)] == [
        401,
        401,
        429,
    ]
    entries = audit_ips(served, owner.headers, "auth.sign_in_failed")
    assert entries == ["127.0.0.1", "127.0.0.1"]


@pytest.mark.parametrize("served", ["127.0.0.1"], indirect=True)
def test_behind_a_trusted_proxy_limits_and_audit_see_the_client(served: httpx.Client) -> None:
    owner = register(cast("TestClient[Litestar]", served), organization_name="Proxied")
    statuses = [failed_sign_in(served, owner.email, "203.0.113.1") for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    assert (
        failed_sign_in(served, owner.email, "spoofed, 203.0.113.2") == 401
    )  # another client's budget
    entries = audit_ips(served, owner.headers, "auth.sign_in_failed")
    assert sorted(entries) == ["203.0.113.1"] * 4 + ["203.0.113.2"]


def audit_ips(client: httpx.Client, headers: dict[str, str], action: str) -> list[str]:
    response = client.get(f"{API}/audit-log", params={"action": action}, headers=headers)
    assert response.status_code == 200, response.text
    return [entry["ip"] for entry in response.json()["items"]]


@given(
    value=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=200),
    header=st.sampled_from(["X-Forwarded-For", "Forwarded", "X-Forwarded-Proto"]),
    proxies=st.sampled_from([INGRESS, RFC7239]),
)
def test_any_header_value_from_a_trusted_proxy_yields_an_address(
    value: str, header: str, proxies: TrustedProxies
) -> None:
    """Garbage (from a misconfigured proxy, or a client's text a proxy passed on) never
    raises and never becomes the client's address: it is an IP address or the peer."""
    request = scope("10.0.0.2", (header, value))
    resolve(request, proxies)
    address = client_address(request)
    assert address is not None
    ipaddress.ip_address(address)  # an address, whatever the header held
    assert request["scheme"] in {"http", "https"}
