"""Our reference inside a post that has no field for it: an invisible marker in the text.

Facebook Pages, Instagram, LinkedIn and X keep no client-supplied id on a post, and none of
them documents an idempotency key. To find a post again after an unknown outcome (a timeout
after sending, a dropped connection, a 5xx), the publishing adapters append a marker derived
from our reference to the post's text (a Page post's message, an Instagram caption, a LinkedIn
commentary, an X post's text), and ``find`` lists the account's recent posts and looks for it.

The marker is a zero-width space followed by 21 characters from {ZERO WIDTH SPACE, ZERO WIDTH
NON-JOINER, ZERO WIDTH JOINER} that spell the first 32 bits of SHA-256(reference) in base 3:
invisible when rendered, not a little-text reserved character (LinkedIn), one weighted
character each in X's count (U+2000-U+200D weigh 1), so it costs ``MARKER_LENGTH`` characters
of a post's limit, which the renderer reserves. 32 bits make a false match among the few
hundred recent posts ``find`` scans about one in ten million. Matching the text alone is not
enough: the same text is legitimately posted twice (a recycled evergreen post).
"""

from __future__ import annotations

import hashlib

ZERO_WIDTH_SPACE = "\u200b"
DIGITS = ("\u200b", "\u200c", "\u200d")
DIGEST_BITS = 32
DIGIT_COUNT = 21  # 3**21 > 2**32
MARKER_LENGTH = 1 + DIGIT_COUNT


def marker(reference: str) -> str:
    """The invisible marker of ``reference`` (always ``MARKER_LENGTH`` characters)."""
    value = int.from_bytes(hashlib.sha256(reference.encode()).digest()[: DIGEST_BITS // 8])
    digits = []
    for _ in range(DIGIT_COUNT):
        value, digit = divmod(value, 3)
        digits.append(DIGITS[digit])
    return ZERO_WIDTH_SPACE + "".join(digits)


def with_marker(text: str, reference: str) -> str:
    """``text`` with the marker of ``reference`` appended (once)."""
    mark = marker(reference)
    return text if text.endswith(mark) else text + mark


def carries(text: object, reference: str) -> bool:
    """Whether a post's text (as the platform gives it back) carries our reference."""
    return isinstance(text, str) and marker(reference) in text
