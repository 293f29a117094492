"""AMQP topic matching, shared by the in-process broker and the agents' event routing."""

from __future__ import annotations

from functools import cache


@cache
def topic_matches(pattern: str, key: str) -> bool:
    """AMQP topic matching: ``*`` is exactly one dotted word, ``#`` zero or more."""
    return _match(tuple(pattern.split(".")), tuple(key.split(".")))


def _match(pattern: tuple[str, ...], words: tuple[str, ...]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        return any(_match(rest, words[i:]) for i in range(len(words) + 1))
    if not words:
        return False
    return (head in ("*", words[0])) and _match(rest, words[1:])
