"""Where umt may send a request: the one SSRF rule every outbound URL goes through.

A URL names its host in many notations that all reach the same machine. The system resolver
reads a host the way ``inet_aton`` does (``2130706433``, ``0x7f000001``, ``127.1``,
``0177.0.0.1`` and ``0`` are addresses, not names) and browsers read it the way the WHATWG URL
standard does (percent-decoding, then UTS-46 mapping, so ``127.0.0.1`` written in full-width
digits and dots, U+FF11 U+FF12 U+FF17 U+FF0E ..., is ``127.0.0.1`` too). ``canonical_host``
reads a host like both, ``host_address`` says which address it is, if it is one, and
``address_is_public`` whether an address is on the public internet, looking through the IPv6
forms that carry an IPv4 address (IPv4-mapped, 6to4, NAT64).

Names are checked when they are resolved, at every connection (``adapters/httpx/egress.py``
connects to the address it checked, so a second DNS answer cannot slip an internal address
in); ``check_url`` is the early check at the door, refusing what is internal whatever the DNS.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from umt.domain.shared.errors import InvalidValue

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Dots as UTS-46 maps them: the ideographic and full-width full stops separate labels too.
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_NAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*$")
_NUMBER = re.compile(r"^(?:0[x][0-9a-f]*|[0-9]+)$")
_LOCAL_NAMES = ("localhost", "localhost.localdomain")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix
# Not public whatever this Python's ``ipaddress`` tables say (they grew across versions).
_NOT_PUBLIC = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/3",
        "::/8",
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
)


class UnsafeDestination(InvalidValue):
    """The address would make umt call into its own network (SSRF), or is no valid host."""

    code = "unsafe_destination"


@dataclass(frozen=True, slots=True)
class NetworkPolicy:
    """Which destinations a kind of outbound request may reach.

    ``allow_private`` opens every address (tests, development, closed networks);
    ``allow_loopback`` opens this machine's own loopback addresses (``127.0.0.0/8``, ``::1``)
    and ``localhost`` names, and nothing else internal: tests serving fixtures on loopback
    stay unable to reach ``10.x`` or ``169.254.169.254`` through a redirect;
    ``trusted_hosts`` names hosts the operator configured (a platform endpoint override such
    as a regional proxy or a local fake server), which may be internal: only a person with
    the deployment's configuration can name them, never a user of the API.
    """

    allow_private: bool = False
    trusted_hosts: frozenset[str] = frozenset()
    allow_loopback: bool = False

    @classmethod
    def trusting(cls, urls: Iterable[str | None], *, allow_private: bool = False) -> NetworkPolicy:
        """A policy trusting the hosts of the operator's configured ``urls``; a host that is
        a template (Mailchimp's ``{dc}``) or no host at all is not trusted."""
        hosts = set()
        for url in urls:
            try:
                if url and (host := urlsplit(url).hostname):
                    hosts.add(canonical_host(host))
            except (UnsafeDestination, ValueError):
                continue
        return cls(allow_private=allow_private, trusted_hosts=frozenset(hosts))

    def permits_host(self, host: str) -> bool:
        """Whether ``host`` (canonical) is open without looking at its addresses."""
        return self.allow_private or host in self.trusted_hosts

    def permits(self, address: Address) -> bool:
        return (
            self.allow_private
            or address_is_public(address)
            or (self.allow_loopback and _embedded_ipv4(address).is_loopback)
        )

    def permits_local_names(self) -> bool:
        """Whether ``localhost`` names may be called (their addresses are checked as well)."""
        return self.allow_private or self.allow_loopback


def canonical_host(text: str) -> str:
    """The host as the resolver and a browser see it: percent-decoded, NFKC-mapped (full-width
    digits and dots), lower-case, without a trailing dot, IDNA-encoded; a bracketed IPv6
    literal loses its brackets. ``UnsafeDestination`` for what is no host at all."""
    host = unquote(text).strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:  # only an IPv6 literal has a colon in a host
        try:
            return str(ipaddress.IPv6Address(host.split("%", 1)[0]))
        except ValueError:
            raise _invalid(text) from None
    host = unicodedata.normalize("NFKC", host).casefold().translate(_DOTS)
    host = host.removesuffix(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise _invalid(text) from None
    if not _NAME.match(host):
        raise _invalid(text)
    return host


def host_address(host: str) -> Address | None:
    """The address a canonical ``host`` is written as, or None when it is a name.

    A host whose last label is a number is an IPv4 address in the ``inet_aton`` notation:
    one to four parts, each decimal, octal (leading 0) or hex (0x), the last one filling the
    remaining bytes. One that fails to parse is no host (a resolver would not look it up).
    """
    if ":" in host:
        return ipaddress.IPv6Address(host)
    parts = host.split(".")
    if not _NUMBER.match(parts[-1]):
        return None
    if len(parts) > 4 or not all(_NUMBER.match(p) for p in parts):
        raise _invalid(host)
    numbers = [_number(p) for p in parts]
    last_size = 256 ** (5 - len(numbers))
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= last_size:
        raise _invalid(host)
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def address_is_public(address: Address | str) -> bool:
    """True for a globally routable address. Loopback, private, shared, link-local,
    multicast, reserved, documentation and unspecified ones are not, nor an IPv6 address
    carrying one of those as IPv4 (mapped ``::ffff:a.b.c.d``, 6to4 ``2002::/16``, NAT64
    ``64:ff9b::/96``). A string that is no address is not public either."""
    if isinstance(address, str):
        try:
            address = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
    ip = _embedded_ipv4(address)
    if any(ip in network for network in _NOT_PUBLIC if network.version == ip.version):
        return False
    return ip.is_global and not (
        ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_link_local
    )


def is_local_name(host: str) -> bool:
    """``localhost`` and the ``.localhost`` names RFC 6761 keeps for this machine."""
    return host in _LOCAL_NAMES or host.endswith(".localhost")


def check_host(host: str, policy: NetworkPolicy, *, field: str) -> str:
    """The canonical ``host`` if ``policy`` lets umt call it before resolving it: a literal
    address in any notation must be permitted, a local name needs ``allow_private``."""
    try:
        canonical = canonical_host(host)
        address = host_address(canonical)
    except UnsafeDestination as exc:
        raise UnsafeDestination(exc.message, field=field) from None
    if policy.permits_host(canonical):
        return canonical
    if is_local_name(canonical) and not policy.permits_local_names():
        raise UnsafeDestination(f"{host!r} names this machine", field=field)
    if address is not None and not policy.permits(address):
        raise UnsafeDestination(
            f"{host!r} is {address}, a private, loopback, link-local or reserved address",
            field=field,
        )
    return canonical


def check_url(url: str, policy: NetworkPolicy, *, field: str) -> str:
    """The canonical host of an absolute http(s) ``url`` that ``policy`` lets umt call
    (see ``check_host``); a backslash, which browsers read as a slash, is refused too."""
    if "\\" in url:
        raise UnsafeDestination("a backslash is not allowed in the address", field=field)
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme, parts.hostname
    except ValueError:  # a bracketed host that is no IPv6 address
        scheme, host = "", None
    if scheme not in ("http", "https") or not host:
        raise UnsafeDestination("the address is not an absolute http(s) URL", field=field)
    return check_host(host, policy, field=field)


def _number(part: str) -> int:
    if part.startswith("0x"):
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        if not part.isdigit() or "8" in part or "9" in part:
            raise _invalid(part)
        return int(part, 8)
    return int(part)


def _embedded_ipv4(ip: Address) -> Address:
    if isinstance(ip, ipaddress.IPv4Address):
        return ip
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def _invalid(text: str) -> UnsafeDestination:
    return UnsafeDestination(f"{text!r} is not a valid host name or address", field="url")
