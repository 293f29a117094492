"""Mail over SMTP with the standard library's smtplib, run in a worker thread.

smtplib rather than aiosmtplib: invitations are a handful of mails, so a thread per send costs
nothing that matters, and the standard library is one dependency fewer to keep patched.
STARTTLS (587), implicit TLS (465) or none (a relay on the host, a test server), and login
when a user name is configured; TLS verifies the server's certificate and name.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass

from umt.adapters.mail.message import to_message
from umt.ports.errors import StorageUnavailable
from umt.ports.mail_sender import MailSender, OutboundMail


@dataclass(frozen=True, slots=True, kw_only=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    security: str = "starttls"  # "starttls" | "ssl" | "none"
    username: str = ""
    password: str = ""
    timeout_seconds: float = 10.0
    tls_context: ssl.SSLContext | None = None  # None: the system's trust store


class SmtpMailSender(MailSender):
    def __init__(self, config: SmtpConfig) -> None:
        if config.security not in ("starttls", "ssl", "none"):
            raise ValueError(f"unknown SMTP security {config.security!r}")
        self._config = config

    async def send(self, mail: OutboundMail) -> None:
        try:
            await asyncio.to_thread(self._send, mail)
        except (smtplib.SMTPException, OSError) as exc:
            # the server's reply may quote the message; name only what failed
            raise StorageUnavailable(
                f"the SMTP server refused or could not be reached ({type(exc).__name__})"
            ) from None

    def _send(self, mail: OutboundMail) -> None:
        config = self._config
        context = config.tls_context or ssl.create_default_context()
        client: smtplib.SMTP
        if config.security == "ssl":
            client = smtplib.SMTP_SSL(
                config.host, config.port, timeout=config.timeout_seconds, context=context
            )
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=config.timeout_seconds)
        with client:
            if config.security == "starttls":
                client.starttls(context=context)
            if config.username:
                client.login(config.username, config.password)
            client.send_message(to_message(mail, sender=config.sender))
