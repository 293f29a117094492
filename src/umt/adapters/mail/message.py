"""An OutboundMail as an RFC 5322 message (stdlib ``email``)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from umt.ports.mail_sender import OutboundMail


def to_message(mail: OutboundMail, *, sender: str) -> EmailMessage:
    """Plain text, with the HTML as an alternative part when there is one, and the
    attachments (base64, ``Content-Disposition: attachment`` with their file names). The
    Message-ID is the mail's own when it names one, else a fresh one."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    # the caller's stable id (the same on a retried copy, so the receiver can drop it)
    message["Message-ID"] = mail.message_id or make_msgid(domain="umt.invalid")
    message.set_content(mail.text)
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html")
    for attachment in mail.attachments:
        maintype, _, subtype = attachment.media_type.partition(";")[0].strip().partition("/")
        message.add_attachment(
            attachment.content,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    return message
