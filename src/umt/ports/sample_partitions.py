"""The SamplePartitions port: the upkeep of the raw metric samples' storage. PostgreSQL keeps
them in monthly partitions made ahead of time and drops whole months past the retention;
other backends keep one table and delete the same months' rows. The rollups stay."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class SamplePartitions(Protocol):
    async def prepare(self, *, now: datetime, months_ahead: int) -> list[str]:
        """Make sure the months from ``now``'s to ``months_ahead`` later have their storage,
        and give the samples that landed in the catch-all storage a month of their own; the
        names of the partitions created (none where the backend has no partitions)."""
        ...

    async def drop_before(self, cutoff: datetime) -> int:
        """Remove the raw samples of every month that ended by ``cutoff``'s month start
        (whole months: a sample of ``cutoff``'s own month stays); how many months of storage
        were dropped (zero where the backend deletes rows instead)."""
        ...
