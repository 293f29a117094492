"""A MailSender for handler tests: keeps what it is handed, or fails like a server that is down."""

from __future__ import annotations

from umt.ports.errors import StorageUnavailable
from umt.ports.mail_sender import MailSender, OutboundMail


class RecordingMail(MailSender):
    def __init__(self) -> None:
        self.sent: list[OutboundMail] = []
        self.down = False

    async def send(self, mail: OutboundMail) -> None:
        if self.down:
            raise StorageUnavailable("smtp down")
        self.sent.append(mail)
