"""The client's address (and scheme) behind reverse proxies, trusted only from the proxies the
operator names (``UMT_TRUSTED_PROXIES``, docs/operations.md "Behind a proxy").

A request that reached umt through an ingress carries the ingress's address as its peer; the
client's is in a header the proxies append to: ``X-Forwarded-For: client, proxy1`` or
``Forwarded: for=client, for=proxy1`` (RFC 7239). Anybody can send those headers, so they are
read only when the peer is a trusted proxy, and then from the right: each hop a trusted proxy
appended is stepped over, and the first address that is not a trusted proxy is the client
(the rightmost-untrusted rule). What a client wrote itself sits to the left of that address
and is never reached. A chain of trusted proxies only ends at its leftmost entry; an entry
that is not an address (``unknown``, an obfuscated ``_hidden``, garbage) ends the walk at the
last hop vouched for.

Only the header the proxies are configured to write (``UMT_FORWARDED_HEADER``) is read: a
proxy that sets ``X-Forwarded-For`` passes a client's own ``Forwarded`` header through
untouched, and reading it would let the client choose its address.

``resolve`` rewrites the ASGI scope's ``client`` (and ``scheme``) once, at the edge; everything
after it (rate limits, the audit scope, Litestar's ``request.client``) reads the client's
address through ``client_address``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from umt.entrypoints.settings import ForwardedHeader, HttpSettings
from umt.entrypoints.settings.sections import Network

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_HOPS = 32  # entries read from the right of a chain: a proxy chain is never this long
_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class TrustedProxies:
    """The proxies whose forwarding headers umt believes, and which header they write."""

    networks: tuple[Network, ...] = ()
    header: ForwardedHeader = ForwardedHeader.X_FORWARDED_FOR

    @classmethod
    def from_settings(cls, http: HttpSettings) -> TrustedProxies:
        return cls(http.trusted_proxy_networks, http.forwarded_header)

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, address: Address) -> bool:
        return any(address in network for network in self.networks)


def client_address(scope: Any) -> str | None:
    """The client's address of an HTTP request (after ``resolve`` ran at the edge), or None
    when the server gave none (a test client, a Unix socket)."""
    client = scope.get("client")
    return str(client[0]) if client else None


def resolve(scope: Any, proxies: TrustedProxies) -> None:
    """Set the scope's ``client`` and ``scheme`` to what the trusted proxies reported, when the
    peer is one of them; leave them alone otherwise."""
    peer = _address(client_address(scope))
    if not proxies or peer is None or not proxies.trusts(peer):
        return
    wanted = (
        (b"forwarded",)
        if proxies.header is ForwardedHeader.FORWARDED
        else (b"x-forwarded-for", b"x-forwarded-proto")
    )
    values: dict[bytes, list[str]] = {name: [] for name in wanted}
    for name, value in scope.get("headers", ()):
        if name in values:
            values[name].append(value.decode("latin-1"))
    if proxies.header is ForwardedHeader.FORWARDED:
        elements = _forwarded_elements(",".join(values[b"forwarded"]))
        hops = [element.get("for", "") for element in elements]
        protos = [element.get("proto", "") for element in elements]
    else:
        hops = _list(values[b"x-forwarded-for"])
        protos = _list(values[b"x-forwarded-proto"])
    client = rightmost_untrusted(peer, (_node_address(hop) for hop in reversed(hops)), proxies)
    scope["client"] = (str(client), 0)
    proto = protos[-1].strip().lower() if protos else ""
    if proto in _SCHEMES:  # the scheme the nearest proxy was reached with
        scope["scheme"] = proto


def rightmost_untrusted(
    peer: Address, hops_from_right: Iterable[Address | None], proxies: TrustedProxies
) -> Address:
    """Walk the chain from the peer leftwards: the first hop that is not a trusted proxy is
    the client. A hop that is no address (None) ends the walk at the last address vouched
    for, and so does the end of the chain or ``MAX_HOPS``."""
    client = peer
    for count, hop in enumerate(hops_from_right):
        if hop is None or count >= MAX_HOPS:
            break
        client = hop
        if not proxies.trusts(hop):
            break
    return client


def _list(values: Sequence[str]) -> list[str]:
    """The comma-separated entries of every occurrence of a header, in order."""
    return [entry.strip() for value in values for entry in value.split(",")]


def _address(text: str | None) -> Address | None:
    if not text:
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _node_address(node: str) -> Address | None:
    """The address of an ``X-Forwarded-For`` entry or a ``for=`` node: ``192.0.2.7``,
    ``192.0.2.7:4711``, ``[2001:db8::1]``, ``[2001:db8::1]:4711`` or a bare IPv6 address;
    None for anything else (``unknown``, ``_obfuscated``, garbage)."""
    node = node.strip().strip('"')
    if node.startswith("["):
        return _address(node[1 : node.find("]")] if "]" in node else None)
    if node.count(":") == 1:  # IPv4 with a port
        node = node.split(":", 1)[0]
    return _address(node)


def _forwarded_elements(text: str) -> list[dict[str, str]]:
    """RFC 7239's ``Forwarded`` value as its elements (comma-separated), each a mapping of its
    parameters (semicolon-separated ``name=value``, the value a token or a quoted string)."""
    elements: list[dict[str, str]] = [{}]
    name, value, quoted, in_value = "", "", False, False
    for char in text:
        if quoted:
            if char == '"':
                quoted = False
            value += char
        elif char == '"' and in_value:
            quoted = True
            value += char
        elif char in ";,":
            if name:
                elements[-1][name.strip().lower()] = value.strip().strip('"')
            name, value, in_value = "", "", False
            if char == ",":
                elements.append({})
        elif char == "=" and not in_value:
            in_value = True
        elif in_value:
            value += char
        else:
            name += char
    if name:
        elements[-1][name.strip().lower()] = value.strip().strip('"')
    return elements
