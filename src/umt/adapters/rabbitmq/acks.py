"""Acks of one channel, coalesced: one ``basic.ack multiple`` per burst instead of one frame
per delivery.

Tasks finish at nearly the same time in bursts (a prefetch window of fast handlers); each ack
frame costs a socket write and its encoding. Acks requested in the same event-loop turn are
sent together: the longest run of finished delivery tags above everything already settled
goes as one ``multiple`` ack, and finished tags beyond a gap (a slower task still running
below them) are acked one by one, so a slow task never holds back the others' acks. An ack
waits at most one loop turn; the runtime flushes them before it closes a channel (a
subscription's ``stop``, the broker's ``close``). A channel that fails first loses them, and
the broker redelivers those messages, which the runtime's inbox and idempotency store
recognise (as for any lost ack).
"""

from __future__ import annotations

import asyncio
import weakref

import aiormq.abc


class ChannelAcks:
    def __init__(self, channel: aiormq.abc.AbstractChannel) -> None:
        self._channel = channel
        self._floor = 0  # every delivery tag up to here is settled (tags start at 1)
        self._finished: set[int] = set()  # to ack
        self._settled: set[int] = set()  # above the floor, settled already (acked or nacked)
        self._flushing: asyncio.Task[None] | None = None

    def ack(self, tag: int) -> None:
        self._finished.add(tag)
        if self._flushing is None:
            self._flushing = asyncio.get_running_loop().create_task(self._flush_soon())

    def settled(self, tag: int) -> None:
        """``tag`` was settled another way (nacked): it no longer gaps the run."""
        self._settled.add(tag)

    async def flush(self) -> None:
        """Send every pending ack now (before the channel closes), including those of
        deliveries that finish while it waits."""
        while (task := self._flushing) is not None:
            await task

    async def _flush_soon(self) -> None:
        await asyncio.sleep(0)  # let the other deliveries finishing in this turn join
        self._flushing = None
        finished, self._finished = self._finished, set()
        if self._channel.is_closed or not finished:
            return
        top, last = self._floor, None
        while top + 1 in finished or top + 1 in self._settled:
            top += 1
            if top in finished:
                finished.discard(top)
                last = top
            else:
                self._settled.discard(top)
        self._floor = top
        if last is not None:
            await self._channel.basic_ack(last, multiple=True, wait=False)
        for tag in sorted(finished):  # beyond a gap: one by one
            await self._channel.basic_ack(tag, wait=False)
            self._settled.add(tag)


_BY_CHANNEL: weakref.WeakKeyDictionary[aiormq.abc.AbstractChannel, ChannelAcks] = (
    weakref.WeakKeyDictionary()
)


def acks_of(channel: aiormq.abc.AbstractChannel) -> ChannelAcks:
    acks = _BY_CHANNEL.get(channel)
    if acks is None:
        acks = _BY_CHANNEL[channel] = ChannelAcks(channel)
    return acks


def pending_acks(channel: aiormq.abc.AbstractChannel | None) -> ChannelAcks | None:
    return None if channel is None else _BY_CHANNEL.get(channel)
