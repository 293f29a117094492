"""Validate and normalize the site address a user types into the WordPress form.

umt calls whatever address the user gives, from its own network: the address must be a plain
``https://host[:port][/path]`` with no credentials, query or fragment, and (unless an operator
allows it) must not name a loopback, private or link-local address, so the form cannot be used
to make umt call its own infrastructure. Only literal addresses and ``localhost`` are checked
here; names are not resolved (a hostile DNS answer is the network's job to stop).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

from umt.domain.integration.errors import InvalidCredentials

PLATFORM = "wordpress"
DEFAULT_PORTS = {"http": 80, "https": 443}


def _refuse(reason: str) -> InvalidCredentials:
    return InvalidCredentials(f"wordpress site URL {reason}", platform=PLATFORM, status=422)


def is_private_host(host: str) -> bool:
    """Whether ``host`` is localhost or a literal loopback, private or link-local address."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        try:
            # The legacy forms the system resolver also reads as addresses: "2130706433",
            # "127.1", "0x7f.0.0.1" all mean 127.0.0.1.
            address = ipaddress.ip_address(socket.inet_aton(host))
        except OSError:
            return False
    return not address.is_global


def normalize_site_url(raw: str, *, allow_http: bool, allow_private_hosts: bool) -> str:
    """The canonical site URL (lower-case scheme and host, no default port, no trailing slash,
    no ``/wp-json`` suffix), or ``InvalidCredentials`` saying what is wrong with it."""
    text = raw.strip()
    if not text:
        raise _refuse("is required")
    if "://" not in text:
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise _refuse("is not a valid address") from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        raise _refuse("must be an http(s) address with a host name")
    if parts.username is not None or parts.password is not None:
        raise _refuse("must not contain a user name or password")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise _refuse("must not contain a query or fragment")
    private = is_private_host(host)
    if private and not allow_private_hosts:
        raise _refuse("names a local or private address")
    if scheme == "http" and not (allow_http or (private and allow_private_hosts)):
        raise _refuse("must use https")
    path = parts.path.rstrip("/")
    path = path.removesuffix("/wp-json").rstrip("/")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, path, "", ""))
