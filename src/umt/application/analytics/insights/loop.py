"""The ``insight-detection`` loop of the content-strategy agent: every
``UMT_INSIGHTS_DETECTION_SECONDS``, from one interval after the process starts (processes
restarted together do not all judge every brand at once; a detection on demand needs no
loop), each brand with recent rollups judged (``detection.py``). Safe with several
processes: an insight is unique per brand and key, so a second detector over the same brand
and day stores and announces nothing."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from umt.application.analytics.insights.detection import InsightDetection

log = logging.getLogger(__name__)


async def run_insight_detection(
    stop: asyncio.Event, *, insight_detection: InsightDetection, insight_detection_seconds: float
) -> None:
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(insight_detection_seconds):
                await stop.wait()
        if stop.is_set():
            return
        try:
            raised = await insight_detection.tick()
            if raised:
                log.info("insights raised", extra={"raised": raised})
        except Exception:
            log.exception("insight detection failed")
