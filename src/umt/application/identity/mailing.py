"""Handing a mail to the MailSender port, after the commit that it tells of.

A mail that cannot go is logged (never with its text: it may hold a token) and reported as
False; what was committed stays committed.
"""

from __future__ import annotations

import logging

from umt.application.services import Context
from umt.ports.errors import StorageUnavailable
from umt.ports.mail_sender import MailSender, OutboundMail

log = logging.getLogger("umt.identity")


async def deliver(ctx: Context, mail: OutboundMail, *, what: str, mail_sender: MailSender) -> bool:
    """Send ``mail`` (``what`` names it in the log); whether it was handed over."""
    try:
        await mail_sender.send(mail)
    except StorageUnavailable as exc:
        log.warning("%s mail not sent: %s", what, exc)
        return False
    return True
