"""PasswordStrength by zxcvbn: the estimator Dropbox wrote, in its maintained Python port.

It counts the guesses an attacker needs, knowing the common and breached passwords (its
bundled lists of the most frequent ones), English words, names, keyboard walks, repeats,
sequences, dates and l33t substitutions, and the person's own words. Score 3 ("safely
unguessable: moderate protection from an offline slow-hash scenario", at least 10^8 guesses)
is the least accepted, which argon2 in front of it makes expensive to reach.
"""

from __future__ import annotations

from collections.abc import Sequence

from umt.ports.password_strength import PasswordStrength

MIN_SCORE = 3  # of 0..4
# zxcvbn refuses more than 72 characters and its work grows faster than the length; a
# password whose first 32 characters are strong is strong, so only those are estimated
ESTIMATED_CHARS = 32
USER_INPUT_CHARS = 100


class ZxcvbnPasswordStrength(PasswordStrength):
    def __init__(self, *, min_score: int = MIN_SCORE) -> None:
        self._min_score = min_score

    def weakness(self, password: str, *, user_inputs: Sequence[str]) -> str | None:
        # imported on the first password set, not by every process that wires this adapter:
        # its word lists are 13 MiB of a fresh API server's memory (docs/benchmarks.md)
        from zxcvbn import zxcvbn

        inputs = _words(user_inputs)
        result = zxcvbn(password[:ESTIMATED_CHARS], user_inputs=inputs)
        if result["score"] >= self._min_score:
            return None
        feedback = result["feedback"]
        hint = feedback["warning"] or "add more words or characters that are hard to guess"
        return hint.rstrip(".")


def _words(user_inputs: Sequence[str]) -> list[str]:
    """Each input whole and word by word (an organization name is a few words an attacker
    tries one by one), cut to a bounded length."""
    words: list[str] = []
    for text in user_inputs:
        words.append(text[:USER_INPUT_CHARS])
        words.extend(part for part in text[:USER_INPUT_CHARS].replace("@", " ").split() if part)
    return words
