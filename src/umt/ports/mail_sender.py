"""The MailSender port: outbound email (today, invitations)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboundMail:
    to: str
    subject: str
    text: str
    html: str | None = None


class MailSender(Protocol):
    async def send(self, mail: OutboundMail) -> None:
        """Hand the mail over for delivery; raises ``StorageUnavailable`` when the mail
        service cannot be reached or refuses it."""
        ...
