"""Coalesced acks: one multiple-ack per burst, never an ack for a tag still running."""

from __future__ import annotations

import asyncio
from typing import Any

from umt.adapters.rabbitmq.acks import ChannelAcks


class RecordingChannel:
    is_closed = False

    def __init__(self) -> None:
        self.frames: list[tuple[int, bool]] = []

    async def basic_ack(self, tag: int, multiple: bool = False, wait: bool = True) -> None:
        self.frames.append((tag, multiple))


def acks_on(channel: RecordingChannel) -> ChannelAcks:
    fake: Any = channel
    return ChannelAcks(fake)


async def test_a_burst_of_finished_tags_is_one_multiple_ack() -> None:
    channel = RecordingChannel()
    acks = acks_on(channel)
    for tag in (3, 1, 2, 4):
        acks.ack(tag)
    await acks.flush()
    assert channel.frames == [(4, True)]


async def test_tags_beyond_a_running_one_are_acked_one_by_one_then_the_run_resumes() -> None:
    channel = RecordingChannel()
    acks = acks_on(channel)
    for tag in (1, 2, 4, 5):  # 3 is still running
        acks.ack(tag)
    await acks.flush()
    assert channel.frames == [(2, True), (4, False), (5, False)]
    acks.ack(3)
    acks.ack(6)
    await acks.flush()
    # 3 closes the gap, 4 and 5 are settled, 6 extends the run: one multiple-ack up to 6
    # covers exactly the outstanding 3 and 6
    assert channel.frames[3:] == [(6, True)]


async def test_a_nacked_tag_does_not_hold_back_the_run() -> None:
    channel = RecordingChannel()
    acks = acks_on(channel)
    acks.settled(2)  # requeued by a nack
    acks.ack(1)
    acks.ack(3)
    await acks.flush()
    assert channel.frames == [(3, True)]


async def test_acks_of_one_loop_turn_wait_for_no_more_than_that_turn() -> None:
    channel = RecordingChannel()
    acks = acks_on(channel)
    acks.ack(1)
    assert channel.frames == []  # not yet: others finishing in this turn may join
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert channel.frames == [(1, True)]


async def test_a_closed_channel_gets_no_frames() -> None:
    channel = RecordingChannel()
    acks = acks_on(channel)
    acks.ack(1)
    channel.is_closed = True
    await acks.flush()
    assert channel.frames == []
