"""A draft's plain-text body as HTML for the channels that publish HTML (WordPress, Mailchimp).

Drafts are plain text: every character the writer typed is escaped, so ``<script>`` in a draft
shows as text and never runs. Blank lines separate paragraphs, single line breaks become
``<br />``, and http(s) URLs become links (their ``href`` escaped too). The result always starts
with ``<p>``, which the publishers take as HTML to keep as it is: a draft that itself starts
with ``<`` can therefore never reach them unescaped.

Drafts written in HTML would need sanitizing, and the domain has only the standard library,
which has no sanitizer: such a body is refused (``render_for_channel`` with ``BodyFormat.HTML``)
rather than passed through.
"""

from __future__ import annotations

import html
import re

from umt.domain.content.compliance.text import URL

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
#: Something a reader would take for an HTML tag or entity: shown literally once escaped.
MARKUP = re.compile(r"<[A-Za-z/!][^<>]{0,200}>|&[A-Za-z]{2,10};|&#\d{1,7};")


def _inline(text: str) -> str:
    parts: list[str] = []
    position = 0
    for match in URL.finditer(text):
        parts.append(html.escape(text[position : match.start()], quote=False))
        url = match.group(0)
        href = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
        parts.append(
            f'<a href="{html.escape(href, quote=True)}">{html.escape(url, quote=False)}</a>'
        )
        position = match.end()
    parts.append(html.escape(text[position:], quote=False))
    return "".join(parts).replace("\n", "<br />\n")


def paragraphs_html(text: str) -> str:
    """The text as escaped ``<p>`` paragraphs (``""`` for a blank text)."""
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [block.strip() for block in _PARAGRAPH_BREAK.split(normalized)]
    return "\n".join(f"<p>{_inline(block)}</p>" for block in blocks if block)


def looks_like_markup(text: str) -> bool:
    """Whether the text holds something that looks like an HTML tag or entity."""
    return MARKUP.search(text) is not None
