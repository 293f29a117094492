"""The mail adapters: SMTP against a local aiosmtpd server on loopback (plain, STARTTLS with
login), and .eml files under a folder."""

from __future__ import annotations

import datetime as dt
import logging
import socket
import ssl
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from umt.adapters.mail.file_sender import FileMailSender
from umt.adapters.mail.smtp_sender import SmtpConfig, SmtpMailSender
from umt.domain.shared.errors import InvalidValue
from umt.ports.errors import StorageUnavailable
from umt.ports.mail_sender import MAX_ATTACHMENT_BYTES, Attachment, OutboundMail

SENDER = "umt <no-reply@umt.invalid>"
MAIL = OutboundMail(
    to="ivy@example.com", subject="You are invited", text="Accept: link", html="<p>Accept</p>"
)


class Inbox:
    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.envelopes.append(envelope)
        message = message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        self.received.append(message)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def check_login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"umt", b"s3cret")
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def plain_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[Inbox, int, Path]]:
    cert, key = self_signed(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        server_hostname="localhost",
        tls_context=server_context,
        require_starttls=True,
        authenticator=check_login,
        auth_required=True,
    )
    controller.start()
    try:
        yield inbox, port, cert
    finally:
        controller.stop()


async def test_smtp_delivers_text_and_html(plain_server: tuple[Inbox, int]) -> None:
    inbox, port = plain_server
    sender = SmtpMailSender(SmtpConfig(host="127.0.0.1", port=port, sender=SENDER, security="none"))
    await sender.send(MAIL)
    [message] = inbox.received
    assert message["To"] == "ivy@example.com"
    assert message["From"] == SENDER
    assert message["Subject"] == "You are invited"
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None
    assert html is not None
    assert plain.get_content().strip() == "Accept: link"
    assert html.get_content().strip() == "<p>Accept</p>"
    assert inbox.envelopes[0].rcpt_tos == ["ivy@example.com"]


async def test_smtp_starttls_and_login(tls_server: tuple[Inbox, int, Path]) -> None:
    inbox, port, cert = tls_server
    trust = ssl.create_default_context(cafile=str(cert))
    config = SmtpConfig(
        host="localhost",
        port=port,
        sender=SENDER,
        security="starttls",
        username="umt",
        password="s3cret",
        tls_context=trust,
    )
    await SmtpMailSender(config).send(MAIL)
    assert [m["To"] for m in inbox.received] == ["ivy@example.com"]


async def test_smtp_wrong_password_or_untrusted_certificate_is_unavailable(
    tls_server: tuple[Inbox, int, Path],
) -> None:
    inbox, port, cert = tls_server
    trust = ssl.create_default_context(cafile=str(cert))
    base = {"host": "localhost", "port": port, "sender": SENDER, "username": "umt"}
    wrong = SmtpConfig(**base, password="guess", tls_context=trust)
    with pytest.raises(StorageUnavailable) as failed:
        await SmtpMailSender(wrong).send(MAIL)
    assert "guess" not in str(failed.value)
    untrusted = SmtpConfig(**base, password="s3cret")  # the system store does not know it
    with pytest.raises(StorageUnavailable):
        await SmtpMailSender(untrusted).send(MAIL)
    assert inbox.received == []


async def test_smtp_unreachable_is_unavailable() -> None:
    config = SmtpConfig(
        host="127.0.0.1", port=free_port(), sender=SENDER, security="none", timeout_seconds=2
    )
    with pytest.raises(StorageUnavailable):
        await SmtpMailSender(config).send(MAIL)


async def test_files_are_private_eml_and_the_log_names_only_the_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "mail"
    sender = FileMailSender(folder, sender=SENDER)
    secret = OutboundMail(to="ivy@example.com", subject="Invite", text="token umti_SECRET")
    with caplog.at_level(logging.INFO, logger="umt.mail"):
        await sender.send(secret)
        await sender.send(MAIL)
    paths = sorted(folder.glob("*.eml"))
    assert len(paths) == 2
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in paths)
    first = message_from_bytes(paths[0].read_bytes(), policy=default)
    assert isinstance(first, EmailMessage)
    body = first.get_body(("plain",))
    assert body is not None
    assert "umti_SECRET" in body.get_content()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert str(paths[0]) in lines[0]
    assert all("umti_SECRET" not in line for line in lines)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT = OutboundMail(
    to="ana@example.com",
    subject="Weekly campaigns report",
    text="Attached.",
    attachments=(
        Attachment(
            filename="campaigns-2026-03-09-2026-03-15.csv",
            media_type="text/csv",
            content=b"name,spend\r\nSpring,12.5\r\n",
        ),
        Attachment(filename="about.xlsx", media_type=XLSX, content=b"PK\x03\x04\x00\xff"),
    ),
)


def attached(message: EmailMessage) -> list[tuple[str | None, str, bytes]]:
    found = []
    for part in message.iter_attachments():
        content = part.get_payload(decode=True)
        assert isinstance(content, bytes)
        found.append((part.get_filename(), part.get_content_type(), content))
    return found


def only_eml(folder: Path) -> EmailMessage | object:
    [path] = folder.glob("*.eml")
    return message_from_bytes(path.read_bytes(), policy=default)


async def test_smtp_and_file_mail_carry_attachments_byte_for_byte(
    plain_server: tuple[Inbox, int], tmp_path: Path
) -> None:
    inbox, port = plain_server
    sender = SmtpMailSender(SmtpConfig(host="127.0.0.1", port=port, sender=SENDER, security="none"))
    await sender.send(REPORT)
    await FileMailSender(tmp_path, sender=SENDER).send(REPORT)
    from_file = only_eml(tmp_path)
    assert isinstance(from_file, EmailMessage)
    expected = [(a.filename, a.media_type, a.content) for a in REPORT.attachments]
    for message in (inbox.received[0], from_file):
        assert attached(message) == expected
        body = message.get_body(("plain",))
        assert body is not None
        assert body.get_content().strip() == "Attached."


def test_attachments_are_bounded() -> None:
    big = Attachment(
        filename="a.csv", media_type="text/csv", content=b"x" * (MAX_ATTACHMENT_BYTES + 1)
    )
    with pytest.raises(InvalidValue):
        OutboundMail(to="a@example.com", subject="s", text="t", attachments=(big,))
    small = Attachment(filename="a.csv", media_type="text/csv", content=b"x")
    with pytest.raises(InvalidValue):
        OutboundMail(to="a@example.com", subject="s", text="t", attachments=(small,) * 6)


def test_a_mail_keeps_the_message_id_it_names_and_a_bad_one_is_refused() -> None:
    from umt.adapters.mail.message import to_message
    from umt.domain.shared.errors import InvalidValue
    from umt.ports.mail_sender import OutboundMail

    named = OutboundMail(
        to="ana@acme.example", subject="s", text="t", message_id="<report-1-0@reports.umt.invalid>"
    )
    fresh = OutboundMail(to="ana@acme.example", subject="s", text="t")
    assert to_message(named, sender="umt@acme.example")["Message-ID"] == named.message_id
    assert to_message(fresh, sender="umt@acme.example")["Message-ID"] != named.message_id
    with pytest.raises(InvalidValue):
        OutboundMail(to="ana@acme.example", subject="s", text="t", message_id="no brackets\r\n")
