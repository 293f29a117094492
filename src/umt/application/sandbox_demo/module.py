"""The sandbox demo context: a brand's past publications recorded on its sandbox account (the
history ``umt sandbox seed-history`` gives a demo; the metrics go through the analytics
ingestion)."""

from __future__ import annotations

from umt.application.context_module import ContextModule
from umt.application.sandbox_demo import record_history

MODULE = ContextModule(name="sandbox_demo", handlers=(record_history.record_published_history,))
