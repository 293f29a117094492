"""Seams for the egress guard's tests: a scripted DNS and a socket layer that records where
connections go (and which TLS server name they ask for) instead of opening them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import httpcore

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
    """Every connection answers ``buffer``; ``connected`` lists (address, port) opened."""

    def __init__(self, buffer: list[bytes] | None = None) -> None:
        super().__init__(buffer or OK_AND_CLOSE)
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
        return RecordedStream(self, list(self._buffer))
