"""Mail as files: each message an ``.eml`` under a folder (the embedded default).

Nothing leaves the machine, and a developer opens the file (or reads the link in it) to follow
an invitation. Files are 0600: they hold single-use tokens. The log line names the file, never
its content.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import time
from pathlib import Path

from umt.adapters.mail.message import to_message
from umt.ports.errors import StorageUnavailable
from umt.ports.mail_sender import MailSender, OutboundMail

log = logging.getLogger("umt.mail")


class FileMailSender(MailSender):
    def __init__(self, folder: Path, *, sender: str) -> None:
        self._folder = folder
        self._sender = sender

    async def send(self, mail: OutboundMail) -> None:
        data = bytes(to_message(mail, sender=self._sender))
        try:
            path = await asyncio.to_thread(self._write, data)
        except OSError as exc:
            raise StorageUnavailable("the mail folder cannot be written") from exc
        log.info("mail written to %s", path, extra={"mail_path": str(path)})

    def _write(self, data: bytes) -> Path:
        self._folder.mkdir(parents=True, exist_ok=True)
        # time first, so a listing is in sending order; random after, so names never clash
        path = self._folder / f"{time.time_ns()}-{secrets.token_hex(4)}.eml"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return path
