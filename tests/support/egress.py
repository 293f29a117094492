"""Seams for the egress guard's tests: a scripted DNS and a socket layer that records where
connections go (and which TLS server name they ask for) instead of opening them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import httpcore

# Internal addresses in the notations the system resolver (inet_aton) and browsers (WHATWG)
# accept, each to be refused wherever a user gives umt an address to call.
INTERNAL_NOTATIONS = [
    "0x7f000001",
    "2130706433",
    "127.1",
    "0177.0.0.1",
    "017700000001",
    "0",
    "\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11",  # full-width 127.0.0.1
    "%31%32%37.0.0.1",
    "[::ffff:7f00:1]",
    "[64:ff9b::a9fe:a9fe]",  # NAT64 around 169.254.169.254
    "0xa9fea9fe",
    "LOCALHOST.",
    "[::zz]",  # no address at all: refused, never a 500
]

OK_AND_CLOSE = [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"]


class ScriptedResolver:
    """Answers each name from a script: a list of answers is used one lookup at a time (the
    last one repeats), so a test can make a name resolve differently the second time."""

    def __init__(self, answers: Mapping[str, Sequence[Sequence[str]]]) -> None:
        self._answers = {name: list(found) for name, found in answers.items()}
        self.lookups: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        script = self._answers.get(host)
        if not script:
            raise OSError(f"{host} does not resolve")
        return list(script.pop(0) if len(script) > 1 else script[0])


class RecordedStream(httpcore.AsyncMockStream):
    def __init__(self, backend: RecordingBackend, buffer: list[bytes]) -> None:
        super().__init__(buffer)
        self._backend = backend

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        self._backend.written.append(buffer)

    async def start_tls(
        self,
        ssl_context: object,
        server_hostname: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
    ) -> httpcore.AsyncNetworkStream:
        self._backend.tls_names.append(server_hostname)
        return self


class RecordingBackend(httpcore.AsyncMockBackend):
    """Every connection answers ``buffer``; ``connected`` lists the (address, port) tried;
    an address in ``unreachable`` refuses the connection."""

    def __init__(
        self, buffer: list[bytes] | None = None, *, unreachable: Iterable[str] = ()
    ) -> None:
        super().__init__(buffer or OK_AND_CLOSE)
        self.unreachable = frozenset(unreachable)
        self.connected: list[tuple[str, int]] = []
        self.tls_names: list[str | None] = []
        self.written: list[bytes] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connected.append((host, port))
        if host in self.unreachable:
            raise httpcore.ConnectError("connection refused")
        return RecordedStream(self, list(self._buffer))
