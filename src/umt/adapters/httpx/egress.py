"""Every outbound HTTP request umt makes goes through one guarded httpx client.

The guard sits where the socket is opened (an httpcore network backend): the host of the
URL is read the way the resolver reads it (``network.canonical_host``, so ``0x7f000001`` and
full-width digits are the addresses they spell), a name is resolved once, every address it
resolves to must be permitted by the ``NetworkPolicy``, and the socket connects to one of
those checked addresses. No second lookup happens between the check and the connection, so a
DNS answer that changes in between (rebinding) cannot slip an internal address in. Because
only the socket's destination changes, the URL, the ``Host`` header, the TLS server name
(SNI) and the certificate check all keep the host name, and connections are pooled per host
name as usual. A refused destination raises ``UnsafeDestination`` before any packet leaves,
so the time a refusal takes says nothing about the internal port.

Environment proxies (``HTTPS_PROXY``) are ignored on purpose: a proxy resolves names itself,
out of the guard's sight. Redirects are never followed (each one would be a new, unchecked
request); callers treat a 3xx as an answer.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence

import httpcore

from umt.adapters.imports import hiding

with hiding("httpx._main"):  # httpx's command line: rich, pygments and click (4 MiB)
    import httpx

from umt.domain.shared.network import (
    Address,
    NetworkPolicy,
    UnsafeDestination,
    canonical_host,
    host_address,
    is_local_name,
)

# (host, port) -> the addresses it resolves to; the system resolver unless a test swaps it
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses of ``host`` from the operating system's resolver (``getaddrinfo``)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """Opens a TCP connection only to an address the policy permits (see the module doc)."""

    def __init__(
        self,
        policy: NetworkPolicy,
        *,
        resolver: Resolver = system_resolver,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._policy = policy
        self._resolve = resolver
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface passes it
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.checked_addresses(host, port, timeout)
        failure: Exception = httpcore.ConnectError(f"no address of {host!r} answered")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # the next checked address may answer
        raise failure

    async def checked_addresses(
        self, host: str, port: int, limit_seconds: float | None = None
    ) -> list[Address]:
        """The addresses ``host`` stands for, each one permitted, or ``UnsafeDestination``."""
        canonical = canonical_host(host)
        trusted = self._policy.permits_host(canonical)
        literal = host_address(canonical)
        if literal is not None:
            addresses = [literal]
        elif is_local_name(canonical) and not (trusted or self._policy.permits_local_names()):
            raise UnsafeDestination(f"{host!r} names this machine", field="url")
        else:
            addresses = await self._lookup(canonical, port, limit_seconds)
        refused = [a for a in addresses if not trusted and not self._policy.permits(a)]
        if refused:
            raise UnsafeDestination(
                f"{host!r} is {refused[0]}, a private, loopback, link-local or reserved address",
                field="url",
            )
        return addresses

    async def _lookup(self, host: str, port: int, limit_seconds: float | None) -> list[Address]:
        try:
            async with asyncio.timeout(limit_seconds):
                answers = await self._resolve(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host!r} timed out") from None
        except OSError:
            raise httpcore.ConnectError(f"the host name {host!r} could not be resolved") from None
        addresses = list(
            dict.fromkeys(ipaddress.ip_address(answer.split("%", 1)[0]) for answer in answers)
        )
        if not addresses:
            raise httpcore.ConnectError(f"the host name {host!r} could not be resolved")
        return addresses

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface passes it
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("umt connects to TCP hosts only")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with its connection pool opening sockets through the guard."""

    def __init__(
        self,
        policy: NetworkPolicy,
        *,
        resolver: Resolver = system_resolver,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
        verify: ssl.SSLContext | bool = True,
        limits: httpx.Limits = DEFAULT_LIMITS,
    ) -> None:
        super().__init__(verify=verify, limits=limits, trust_env=False)
        # httpx exposes no network backend of its own; the pool it would build is rebuilt
        # here with the same settings and the guard (tests/unit/adapters/httpx/test_egress.py
        # proves the connection goes to the checked address, so an httpx change cannot pass
        # silently).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedNetworkBackend(policy, resolver=resolver, inner=network_backend),
        )


def guarded_client(
    policy: NetworkPolicy,
    *,
    timeout: httpx.Timeout | float = 10.0,
    limits: httpx.Limits = DEFAULT_LIMITS,
    headers: Mapping[str, str] | None = None,
    resolver: Resolver = system_resolver,
    network_backend: httpcore.AsyncNetworkBackend | None = None,
    verify: ssl.SSLContext | bool = True,
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` whose every connection goes through the guard: no redirects
    followed, no environment proxy. ``resolver``, ``network_backend`` and ``verify`` are the
    seams tests use (a fake DNS, a recorded socket, a test CA)."""
    return httpx.AsyncClient(
        transport=GuardedTransport(
            policy,
            resolver=resolver,
            network_backend=network_backend,
            verify=verify,
            limits=limits,
        ),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        headers=headers,
    )


class FirstUseClient:
    """An ``httpx.AsyncClient`` made at its first use, for a process that may never call out:
    a client's TLS context holds the CA bundle, about 2 MiB per process (the platform client
    is shared by every connector, built at start-up, and used only by calls to a platform).
    Everything but ``aclose`` is the real client's."""

    def __init__(self, build: Callable[[], httpx.AsyncClient]) -> None:
        self._build = build
        self._client: httpx.AsyncClient | None = None

    def __getattr__(self, name: str) -> object:
        if self._client is None:
            self._client = self._build()
        return getattr(self._client, name)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
