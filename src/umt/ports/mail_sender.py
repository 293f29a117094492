"""The MailSender port: outbound email (invitations, registration notices, scheduled reports
with their file attached)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from umt.domain.shared.errors import InvalidValue

MAX_ATTACHMENTS = 5
# what a mail may carry in files, all together: mail servers commonly refuse 10-25 MB
MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024
_MESSAGE_ID = re.compile(r"<[A-Za-z0-9._-]{1,200}@[A-Za-z0-9.-]{1,200}>")


@dataclass(frozen=True, slots=True, kw_only=True)
class Attachment:
    filename: str  # plain: letters, digits, dots, dashes and underscores
    media_type: str  # e.g. text/csv
    content: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboundMail:
    to: str
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    # a stable Message-ID ("<left@right>") the sender keeps across retries, so a receiver can
    # drop a copy; None: the adapter makes a fresh one
    message_id: str | None = None

    def __post_init__(self) -> None:
        if self.message_id is not None and not _MESSAGE_ID.fullmatch(self.message_id):
            raise InvalidValue("a Message-ID is <left@right>", field="message_id")
        if len(self.attachments) > MAX_ATTACHMENTS:
            raise InvalidValue(f"at most {MAX_ATTACHMENTS} attachments", field="attachments")
        if sum(len(a.content) for a in self.attachments) > MAX_ATTACHMENT_BYTES:
            raise InvalidValue(
                f"the attachments exceed {MAX_ATTACHMENT_BYTES:,} bytes", field="attachments"
            )


class MailSender(Protocol):
    async def send(self, mail: OutboundMail) -> None:
        """Hand the mail over for delivery; raises ``StorageUnavailable`` when the mail
        service cannot be reached or refuses it."""
        ...
