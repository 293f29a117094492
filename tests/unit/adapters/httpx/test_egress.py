"""The egress guard: one lookup, every address checked, the socket opened to the checked
address, with the host name kept for Host, SNI and the certificate check."""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from litestar import Litestar, get
from tests.support.egress import RecordingBackend, ScriptedResolver
from tests.support.loopback_server import serve_asgi

from umt.adapters.httpx.egress import guarded_client, system_resolver
from umt.adapters.httpx.webhook_sender import HttpxWebhookSender
from umt.domain.shared.network import NetworkPolicy, UnsafeDestination

PUBLIC = "93.184.215.14"
STRICT = NetworkPolicy()


def strict_client(
    resolver: ScriptedResolver, backend: RecordingBackend, policy: NetworkPolicy = STRICT
) -> httpx.AsyncClient:
    return guarded_client(policy, resolver=resolver, network_backend=backend)


async def test_a_name_resolving_to_loopback_is_refused_before_any_connection() -> None:
    resolver = ScriptedResolver({"blog.example": [["127.0.0.1"]]})
    backend = RecordingBackend()
    async with strict_client(resolver, backend) as client:
        with pytest.raises(UnsafeDestination, match=r"127\.0\.0\.1"):
            await client.get("https://blog.example:8080/wp-json/")
    assert resolver.lookups == ["blog.example"]
    assert backend.connected == []  # no packet left: nothing to time, no port to probe


async def test_every_resolved_address_is_checked() -> None:
    resolver = ScriptedResolver({"mixed.example": [[PUBLIC, "10.0.0.7"]]})
    backend = RecordingBackend()
    async with strict_client(resolver, backend) as client:
        with pytest.raises(UnsafeDestination, match=r"10\.0\.0\.7"):
            await client.get("http://mixed.example/")
    assert backend.connected == []


@pytest.mark.parametrize(
    "host",
    ["0x7f000001", "2130706433", "127.1", "0177.0.0.1", "017700000001", "0", "[::ffff:7f00:1]"],
)
async def test_literal_notations_are_refused_without_a_lookup(host: str) -> None:
    resolver = ScriptedResolver({})
    backend = RecordingBackend()
    async with strict_client(resolver, backend) as client:
        # httpx itself refuses some (a dotted quad with an octal part is no URL to it)
        with pytest.raises((UnsafeDestination, httpx.InvalidURL)):
            await client.get(f"http://{host}:6379/")
    assert resolver.lookups == []
    assert backend.connected == []


async def test_localhost_is_refused_with_the_system_resolver() -> None:
    async with guarded_client(STRICT) as client:
        with pytest.raises(UnsafeDestination, match="this machine"):
            await client.get("http://localhost:9/")
    assert "127.0.0.1" in await system_resolver("localhost", 80) or "::1" in await system_resolver(
        "localhost", 80
    )


async def test_dns_rebinding_cannot_switch_the_checked_address() -> None:
    # The first answer is public, every later one private: the connection goes to the address
    # that was checked (never to a second lookup), and a new connection is checked again.
    resolver = ScriptedResolver({"rebind.example": [[PUBLIC], ["127.0.0.1"]]})
    backend = RecordingBackend()
    async with strict_client(resolver, backend) as client:
        first = await client.get("https://rebind.example/hook")
        assert first.status_code == 200
        assert backend.connected == [(PUBLIC, 443)]
        assert backend.tls_names == ["rebind.example"]  # SNI and certificate: the name
        assert b"Host: rebind.example\r\n" in b"".join(backend.written)
        with pytest.raises(UnsafeDestination, match=r"127\.0\.0\.1"):
            await client.get("https://rebind.example/hook")  # the server closed: new lookup
    assert resolver.lookups == ["rebind.example", "rebind.example"]
    assert backend.connected == [(PUBLIC, 443)]


async def test_the_next_checked_address_is_tried_when_one_does_not_answer() -> None:
    resolver = ScriptedResolver({"two.example": [[PUBLIC, "93.184.215.15"]]})
    backend = RecordingBackend(unreachable=[PUBLIC])
    async with strict_client(resolver, backend) as client:
        assert (await client.get("http://two.example/")).status_code == 200
    assert backend.connected == [(PUBLIC, 80), ("93.184.215.15", 80)]


async def test_an_unresolvable_name_is_a_connect_error() -> None:
    async with strict_client(ScriptedResolver({}), RecordingBackend()) as client:
        with pytest.raises(httpx.ConnectError, match="could not be resolved"):
            await client.get("http://nowhere.example/")


@get("/", sync_to_thread=False)
def hello() -> str:
    return "hello"


async def test_private_addresses_open_only_when_allowed_or_trusted() -> None:
    with serve_asgi(Litestar([hello])) as url:
        async with guarded_client(STRICT) as client:
            with pytest.raises(UnsafeDestination):
                await client.get(url)
        async with guarded_client(NetworkPolicy(allow_private=True)) as client:
            assert (await client.get(url)).text == "hello"
        async with guarded_client(NetworkPolicy.trusting([url])) as client:
            assert (await client.get(url)).text == "hello"


async def test_the_webhook_sender_refuses_a_name_resolving_inside() -> None:
    resolver = ScriptedResolver({"hooks.example": [["169.254.169.254"]]})
    backend = RecordingBackend()
    sender = HttpxWebhookSender(client=strict_client(resolver, backend))
    try:
        result = await sender.post("https://hooks.example/x", b"{}", {})
    finally:
        await sender.close()
    assert result.status_code is None
    assert result.error is not None
    assert result.error.startswith("refused: ")
    assert "169.254.169.254" in result.error
    assert backend.connected == []


# --- TLS: the socket goes to the address, SNI and the certificate check keep the name ---------


def _certificates(tmp: Path, name: str) -> tuple[Path, Path, Path]:
    """A test CA and a certificate for ``name`` it signed (cert, key, CA) as PEM files."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "umt test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = (tmp / "cert.pem", tmp / "key.pem", tmp / "ca.pem")
    paths[0].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    paths[2].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return paths


class TlsServer:
    def __init__(self) -> None:
        self.server_names: list[str | None] = []
        self.requests: list[bytes] = []
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            self.requests.append(await reader.readuntil(b"\r\n\r\n"))
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecure")
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass  # the client refused our certificate
        finally:
            writer.close()


@pytest.fixture
async def tls_server(tmp_path: Path) -> AsyncIterator[tuple[TlsServer, ssl.SSLContext]]:
    cert, key, ca = _certificates(tmp_path, "secure.example")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    state = TlsServer()

    def remember(_socket: ssl.SSLObject, name: str | None, _context: ssl.SSLContext) -> None:
        state.server_names.append(name)

    context.sni_callback = remember  # type: ignore[assignment]  # typeshed: SSLSocket only
    server = await asyncio.start_server(state.handle, "127.0.0.1", 0, ssl=context)
    state.port = server.sockets[0].getsockname()[1]
    trust = ssl.create_default_context(cafile=str(ca))
    try:
        yield state, trust
    finally:
        server.close()
        await server.wait_closed()


async def test_tls_is_verified_against_the_host_name_not_the_address(
    tls_server: tuple[TlsServer, ssl.SSLContext],
) -> None:
    server, trust = tls_server
    resolver = ScriptedResolver(
        {"secure.example": [["127.0.0.1"]], "other.example": [["127.0.0.1"]]}
    )
    policy = NetworkPolicy(allow_private=True)  # the test server is on loopback
    async with guarded_client(policy, resolver=resolver, verify=trust) as client:
        answer = await client.get(f"https://secure.example:{server.port}/")
        assert answer.text == "secure"
        assert server.server_names == ["secure.example"]
        assert f"Host: secure.example:{server.port}".encode() in server.requests[0]
        # the same address under a name the certificate does not cover: refused by TLS
        with pytest.raises(httpx.ConnectError, match=r"CERTIFICATE_VERIFY_FAILED|mismatch"):
            await client.get(f"https://other.example:{server.port}/")
