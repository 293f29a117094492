"""The SSRF rule at the door: every notation of an internal address is one, names are read as
the resolver and browsers read them, and the IPv6 forms carrying IPv4 are looked through."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umt.domain.integration.webhooks import webhook_url
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.network import (
    NetworkPolicy,
    UnsafeDestination,
    address_is_public,
    canonical_host,
    check_url,
    host_address,
)

STRICT = NetworkPolicy()

# Each host spells an internal address; the system resolver (or a browser) reads it so.
LOOPBACK_NOTATIONS = [
    "0x7f000001",  # one hexadecimal number
    "2130706433",  # one decimal number
    "127.1",  # two parts: the last fills three bytes
    "0177.0.0.1",  # octal first part
    "017700000001",  # one octal number
    "0x7f.0.0.1",
    "0X7F.1",
    "127.0.0.1.",  # a trailing dot
    "0",  # 0.0.0.0, which reaches this machine
    "0x",  # hex with no digits is 0 to a WHATWG parser
    "\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11",  # full-width digits and dots
    "127\u30020\u30020\u30021",  # ideographic full stops
    "%31%32%37.0.0.1",  # percent-encoded, as a browser decodes it
    "[::1]",
    "[::ffff:127.0.0.1]",  # IPv4-mapped
    "[::ffff:7f00:1]",
    "[::127.0.0.1]",  # IPv4-compatible (deprecated)
    "[2002:7f00:1::]",  # 6to4 around 127.0.0.1
    "[64:ff9b::7f00:1]",  # NAT64 around 127.0.0.1
    "[fe80::1%25eth0]",  # link-local with a zone
    "localhost",
    "LOCALHOST.",
    "api.localhost",
]
INTERNAL_NOTATIONS = [
    "10.0.0.1",
    "012.0.0.1",  # octal 10.0.0.1
    "0xa000001",
    "167772161",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "0xa9fea9fe",  # the metadata address in hex
    "100.64.0.1",  # shared address space
    "198.18.0.1",  # benchmarking
    "192.0.0.8",
    "224.0.0.1",  # multicast
    "255.255.255.255",
    "[fc00::1]",
    "[ff02::1]",
    "[2002:a9fe:a9fe::]",  # 6to4 around the metadata address
    "[64:ff9b::a9fe:a9fe]",
]


@pytest.mark.parametrize("host", LOOPBACK_NOTATIONS + INTERNAL_NOTATIONS)
def test_every_notation_of_an_internal_address_is_refused(host: str) -> None:
    with pytest.raises(UnsafeDestination) as refused:
        check_url(f"http://{host}/hook", STRICT, field="url")
    assert refused.value.field == "url"


@pytest.mark.parametrize("host", LOOPBACK_NOTATIONS + INTERNAL_NOTATIONS)
def test_allowing_private_addresses_opens_them_all(host: str) -> None:
    assert check_url(f"http://{host}/hook", NetworkPolicy(allow_private=True), field="url")


@pytest.mark.parametrize(
    ("host", "canonical"),
    [
        ("hooks.example.com", "hooks.example.com"),
        ("Hooks.Example.COM.", "hooks.example.com"),
        ("\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com", "example.com"),  # full-width
        ("b\u00fccher.example", "xn--bcher-kva.example"),
        ("8.8.8.8", "8.8.8.8"),
        ("134744072", "134744072"),  # 8.8.8.8 as one number: public, so accepted
        ("[2606:4700::1111]", "2606:4700::1111"),
        ("[::ffff:8.8.8.8]", "::ffff:808:808"),  # mapped public IPv4 is public
        ("[64:ff9b::808:808]", "64:ff9b::808:808"),  # NAT64 of a public address (DNS64)
    ],
)
def test_public_hosts_pass_in_canonical_form(host: str, canonical: str) -> None:
    assert check_url(f"https://{host}/x", STRICT, field="url") == canonical


@pytest.mark.parametrize(
    "url",
    [
        "http://1.2.3.256/",  # ends in a number, but no address
        "http://foo.123/",
        "http://0x1ffffffff/",
        "http://1.2.3.4.5/",
        "http://08.0.0.1/",  # 8 is no octal digit
        "http://exa%20mple.com/",
        "http://[::zz]/",
        "http://evil.example\\@127.0.0.1/",  # browsers read the backslash as a slash
        "ftp://example.com/",
        "http:///nohost",
    ],
)
def test_what_is_no_host_is_refused(url: str) -> None:
    with pytest.raises(UnsafeDestination):
        check_url(url, STRICT, field="url")


def test_trusted_hosts_are_the_operators_configured_ones() -> None:
    policy = NetworkPolicy.trusting(
        ["http://127.0.0.1:9000/api", "https://Proxy.Internal.", None, "https://{dc}.x.example"]
    )
    assert policy.trusted_hosts == frozenset({"127.0.0.1", "proxy.internal"})
    assert check_url("http://127.0.0.1:9000/x", policy, field="url") == "127.0.0.1"
    with pytest.raises(UnsafeDestination):
        check_url("http://127.0.0.2/x", policy, field="url")


@given(st.integers(0, 2**32 - 1))
def test_hosts_are_read_as_inet_aton_reads_them(value: int) -> None:
    address = ipaddress.IPv4Address(value)
    packed = address.packed
    spellings = [
        str(value),
        hex(value),
        f"0{value:o}",
        f"{packed[0]}.{int.from_bytes(packed[1:])}",
        f"{packed[0]}.{packed[1]}.{int.from_bytes(packed[2:])}",
        ".".join(hex(b) for b in packed),
    ]
    for spelling in spellings:
        assert host_address(canonical_host(spelling)) == address
        assert socket.inet_aton(spelling) == packed  # the system reads it the same way


def test_address_is_public_refuses_what_is_no_address() -> None:
    assert not address_is_public("not-an-ip")
    assert address_is_public("93.184.215.14")
    assert address_is_public("2606:4700::1111")


@given(st.text(max_size=60))
def test_any_host_is_either_read_or_refused_never_an_error(host: str) -> None:
    for url in (f"http://{host}/", f"https://[{host}]:8080/x", host):
        field = None
        try:
            check_url(url, STRICT, field="url")
        except UnsafeDestination as exc:
            field = exc.field
        assert field in (None, "url")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_webhook_urls_are_accepted_or_refused_as_invalid_values(host: str) -> None:
    field = None
    try:
        webhook_url(f"https://{host}/hook", allow_private=False)
    except InvalidValue as exc:
        field = exc.field
    assert field in (None, "url")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/", "http://127.0.0.9/", "http://localhost/", "http://[::1]/"],
)
def test_allow_loopback_opens_this_machine_only(url: str) -> None:
    assert check_url(url, NetworkPolicy(allow_loopback=True), field="url")
    with pytest.raises(UnsafeDestination):
        check_url(url, NetworkPolicy(), field="url")


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.1/", "http://169.254.169.254/", "http://192.168.1.1/", "http://[fd00::1]/"],
)
def test_allow_loopback_keeps_every_other_internal_address_closed(url: str) -> None:
    with pytest.raises(UnsafeDestination):
        check_url(url, NetworkPolicy(allow_loopback=True), field="url")
