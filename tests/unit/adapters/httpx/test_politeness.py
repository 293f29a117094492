"""The host pacer on a fake clock: one request at a time per host, each the host's delay
after the previous answer began (or the previous request ended, without an answer); other
hosts do not wait."""

from __future__ import annotations

import asyncio

from umt.adapters.httpx.politeness import HostPacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


async def test_the_delay_counts_from_the_answer_and_hosts_are_apart() -> None:
    time = FakeTime()
    pacer = HostPacer(clock=time.clock, sleep=time.sleep)
    async with pacer.turn("http://a:80", 2.0) as turn:
        time.now += 0.3  # the request travels
        turn.answered()  # the answer's head arrives at 100.3
        time.now += 5.0  # a slow body: not counted
    async with pacer.turn("http://b:80", 2.0):
        pass  # another host: no wait
    async with pacer.turn("http://a:80", 2.0):
        pass  # at 105.3: more than 2 s after 100.3, no wait
    assert time.slept == []
    time.now += 0.5  # 105.8: 0.5 s after the last request to a ended (no answer noted)
    async with pacer.turn("http://a:80", 2.0):  # waits the 1.5 s left
        time.now += 0.25  # no answer noted: the block's end (107.55) counts
    async with pacer.turn("http://a:80", 2.0):
        pass
    assert time.slept == [1.5, 2.0]


async def test_one_request_at_a_time_per_host() -> None:
    pacer = HostPacer()
    inside = 0
    most = 0

    async def request() -> None:
        nonlocal inside, most
        async with pacer.turn("http://a:80", 0.0):
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0)
            inside -= 1

    await asyncio.gather(*(request() for _ in range(5)))
    assert most == 1
