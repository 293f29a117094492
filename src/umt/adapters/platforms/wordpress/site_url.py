"""Validate and normalize the site address a user types into the WordPress form.

umt calls whatever address the user gives, from its own network: the address must be a plain
``https://host[:port][/path]`` with no credentials, query or fragment, and (unless an operator
allows it) must not name a loopback, private or link-local address, so the form cannot be used
to make umt call its own infrastructure. Here the address is read the way the resolver reads
it (every notation of an internal address is refused, see ``domain/shared/network.py``);
names are resolved and checked when umt connects, by the egress guard the platform client
goes through, so a name that resolves inside is refused too.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from umt.domain.integration.errors import InvalidCredentials
from umt.domain.shared.network import NetworkPolicy, UnsafeDestination, canonical_host, check_host

PLATFORM = "wordpress"
FIELD = "fields.site_url"  # the form field the address comes from, named in a 422
DEFAULT_PORTS = {"http": 80, "https": 443}


def _refuse(reason: str) -> InvalidCredentials:
    return InvalidCredentials(
        f"wordpress site URL {reason}", platform=PLATFORM, status=422, field=FIELD
    )


def is_private_host(host: str) -> bool:
    """Whether ``host`` is a local name or an internal address in any notation (``127.1``,
    ``2130706433``, full-width digits: see ``domain/shared/network.py``)."""
    try:
        check_host(host, NetworkPolicy(), field=FIELD)
    except UnsafeDestination:
        return True
    return False


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
    if scheme not in DEFAULT_PORTS or not parts.hostname or "\\" in text:
        raise _refuse("must be an http(s) address with a host name")
    try:
        host = canonical_host(parts.hostname)
    except UnsafeDestination:
        raise _refuse("is not a valid address") from None
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
