"""Jinja2, sandboxed and in worker processes: the TemplateRenderer for content templates.

A template is user input, so it is compiled and rendered twice guarded (docs/security.md):

- in a hardened sandbox (sandbox.py): no access to Python internals, ``StrictUndefined``
  (a name the caller did not supply is an error), nothing evaluated at compile time, bounds on
  numbers, strings, lists, format widths and macro depth, output capped at ``max_output``;
- in a pool of worker processes (pool.py, worker.py) with a CPU-time and a memory limit each,
  so whatever the sandbox misses costs a worker, never the server's event loop.

Autoescaping is off: templates produce plain marketing text, not HTML. Every failure is a
content error (422): ``TemplateRenderFailed``, ``TemplateVariableMissing`` or
``TemplateTooExpensive``; a pool with no free worker for too long is ``StorageUnavailable``
(503 with Retry-After).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from umt.adapters.jinja.limits import MAX_OUTPUT
from umt.adapters.jinja.pool import WorkerBusy, WorkerLost, WorkerPool
from umt.domain.content.errors import (
    TemplateRenderFailed,
    TemplateTooExpensive,
    TemplateVariableMissing,
)
from umt.domain.shared.errors import DomainError
from umt.ports.errors import StorageUnavailable
from umt.ports.template_renderer import TemplateRenderer

_ERRORS: dict[str, type[DomainError]] = {
    e.code: e for e in (TemplateRenderFailed, TemplateTooExpensive, TemplateVariableMissing)
}


class JinjaTemplateRenderer(TemplateRenderer):
    """Renders in ``workers`` reusable processes, each allowed ``cpu_seconds`` of CPU time and
    ``memory_mb`` of address space per template. Start-up is lazy (a process on first use);
    ``close()`` ends them."""

    def __init__(
        self,
        *,
        workers: int = 2,
        cpu_seconds: int = 2,
        memory_mb: int = 512,
        max_output: int = MAX_OUTPUT,
    ) -> None:
        self._pool = WorkerPool(
            size=workers, cpu_seconds=cpu_seconds, memory_mb=memory_mb, max_output=max_output
        )

    async def variables_in(self, body: str) -> frozenset[str]:
        return frozenset(await self._ask({"op": "names", "body": body}))

    async def render(self, body: str, values: Mapping[str, str]) -> str:
        text: str = await self._ask({"op": "render", "body": body, "values": dict(values)})
        return text

    @property
    def worker_pids(self) -> frozenset[int]:
        """The running worker processes (tests check none is left behind)."""
        return self._pool.pids

    def close(self) -> None:
        """End the worker processes; blocks up to a few seconds (run it off the event loop)."""
        self._pool.close()

    async def _ask(self, request: dict[str, Any]) -> Any:
        try:
            reply = await self._pool.ask(request)
        except WorkerLost as exc:
            raise TemplateTooExpensive(str(exc), field="body") from None
        except WorkerBusy as exc:
            raise StorageUnavailable(f"template rendering is busy: {exc}", retry_after=5) from None
        error = reply.get("error")
        if error is not None:
            raise _ERRORS.get(error, TemplateRenderFailed)(reply["message"], field=reply["field"])
        return reply["ok"]
