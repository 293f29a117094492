"""Id generators."""

from __future__ import annotations

import os
import threading
import time
from uuid import UUID

from umt.ports.id_generator import IdGenerator


class UuidV7Generator(IdGenerator):
    """RFC 9562 UUIDv7: a millisecond timestamp then randomness, so ids sort by creation time
    and index inserts stay append-mostly. A counter keeps ids monotonic within a millisecond.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = 0
        self._counter = 0

    def new_id(self) -> UUID:
        random_bytes = os.urandom(9)  # one system call per id
        with self._lock:
            ms = time.time_ns() // 1_000_000
            if ms <= self._last_ms:
                ms = self._last_ms
                self._counter += 1
                if self._counter > 0xFFF:  # 12-bit counter exhausted: borrow the next ms
                    ms += 1
                    self._counter = 0
            else:
                self._counter = random_bytes[0] << 3 & 0x7FF  # a random start, room to count up
            self._last_ms = ms
            counter = self._counter
        rand_b = int.from_bytes(random_bytes[1:], "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= counter << 64
        value |= 0b10 << 62
        value |= rand_b
        return UUID(int=value)
