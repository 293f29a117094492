"""The template worker: compiles and renders templates in its own process, under limits.

``python -m umt.adapters.jinja.worker --cpu-seconds 2 --memory-mb 512`` reads one request per
line on stdin (JSON: ``{"op": "names" | "render", "body": ..., "values": {...}}``) and writes
one reply per line on stdout (``{"ok": ...}`` or ``{"error": code, "message": ..., "field":
...}``, plus ``"retire": true`` when the worker stops after this reply).

Before each request the worker allows itself ``--cpu-seconds`` more CPU time (``RLIMIT_CPU``):
a template that runs longer is killed by the kernel, whatever it is doing, and the pool
(pool.py) reports ``template_too_expensive`` and starts a fresh worker. Its address space is
capped (``RLIMIT_AS``), so a memory bomb ends in ``MemoryError`` here rather than in the
server. It imports only jinja2 and the content errors, and stops at end of input (when the
server closes the pipe, or dies).

``TemplateRunner`` is the part that does the work; tests call it in-process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, BinaryIO

from jinja2 import Template, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from umt.adapters.jinja.limits import MAX_OUTPUT, MAX_SOURCE
from umt.adapters.jinja.sandbox import BoundedSandbox, BudgetExceeded
from umt.domain.content.errors import (
    TemplateRenderFailed,
    TemplateTooExpensive,
    TemplateVariableMissing,
)
from umt.domain.shared.errors import DomainError

_CACHED = 128  # compiled templates kept: rendering the same body again skips the compiler


class TemplateRunner:
    """Compiles (cached) and renders in the bounded sandbox; raises the content errors."""

    def __init__(self, *, max_output: int = MAX_OUTPUT) -> None:
        self._env = BoundedSandbox()
        self._max_output = max_output
        self._compiled: OrderedDict[str, Template] = OrderedDict()
        self.exhausted = False  # a MemoryError happened: this process should not go on

    def names(self, body: str) -> frozenset[str]:
        """The names ``body`` reads from the caller's values."""
        _check_source(body)
        try:
            return self._env.names_read(body)
        except TemplateSyntaxError as exc:
            raise _syntax_error(exc) from None
        except RecursionError:
            raise TemplateTooExpensive("the template nests too deep", field="body") from None

    def render(self, body: str, values: Mapping[str, str]) -> str:
        """``body`` with ``values``; at most ``max_output`` characters."""
        _check_source(body)
        try:
            chunks: list[str] = []
            size = 0
            for chunk in self._template(body).generate(**values):
                size += len(chunk)
                if size > self._max_output:
                    raise TemplateRenderFailed(
                        f"the rendered text would exceed {self._max_output} characters",
                        field="body",
                    )
                chunks.append(chunk)
        except BudgetExceeded as exc:
            raise TemplateTooExpensive(f"{exc}", field="body") from None
        except RecursionError:
            raise TemplateTooExpensive("the template nests too deep", field="body") from None
        except MemoryError:
            self.exhausted = True
            raise TemplateTooExpensive(
                "the template needs more memory than rendering may take", field="body"
            ) from None
        except SecurityError as exc:
            raise TemplateRenderFailed(f"sandbox violation: {exc}", field="body") from None
        except UndefinedError as exc:
            raise TemplateVariableMissing(f"{exc.message}", field="variables") from None
        except TemplateSyntaxError as exc:
            raise _syntax_error(exc) from None
        except TemplateError as exc:
            raise TemplateRenderFailed(f"the template failed: {exc}", field="body") from None
        except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
            raise TemplateRenderFailed(f"the template failed: {exc}", field="body") from None
        return "".join(chunks)

    def handle(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """One request of the line protocol, answered (errors included) as a reply."""
        try:
            if request.get("op") == "names":
                return {"ok": sorted(self.names(request["body"]))}
            return {"ok": self.render(request["body"], request.get("values") or {})}
        except DomainError as exc:
            return {"error": exc.code, "message": exc.message, "field": exc.field}

    def _template(self, body: str) -> Template:
        template = self._compiled.get(body)
        if template is None:
            template = self._env.from_string(body)
            self._compiled[body] = template
            if len(self._compiled) > _CACHED:
                self._compiled.popitem(last=False)
        else:
            self._compiled.move_to_end(body)
        return template


def _check_source(body: str) -> None:
    if len(body) > MAX_SOURCE:
        raise TemplateTooExpensive(
            f"a template holds at most {MAX_SOURCE} characters", field="body"
        )


def _syntax_error(exc: TemplateSyntaxError) -> TemplateRenderFailed:
    return TemplateRenderFailed(
        f"template syntax error on line {exc.lineno}: {exc.message}", field="body"
    )


def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a CPU-limit kill leaves no core file


def _allow_cpu(seconds: int) -> None:
    """Let the next request use ``seconds`` more CPU time; past that SIGXCPU kills us."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1  # the limit counts whole seconds
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = used + seconds if hard == resource.RLIM_INFINITY else min(used + seconds, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def serve(runner: TemplateRunner, requests: BinaryIO, replies: BinaryIO, cpu_seconds: int) -> None:
    """Answer requests until end of input, or until one ran out of memory (a fresh worker is
    cheaper than trusting a process that did)."""
    for line in requests:
        _allow_cpu(cpu_seconds)
        try:
            reply = runner.handle(json.loads(line))
        except MemoryError:
            runner.exhausted = True
            reply = {
                "error": TemplateTooExpensive.code,
                "message": "out of memory",
                "field": "body",
            }
        if runner.exhausted:
            reply["retire"] = True  # the pool starts a fresh worker rather than reuse this one
        replies.write(json.dumps(reply).encode() + b"\n")
        replies.flush()
        if runner.exhausted:
            return


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cpu-seconds", type=int, default=2)
    parser.add_argument("--memory-mb", type=int, default=512)
    parser.add_argument("--max-output", type=int, default=MAX_OUTPUT)
    args = parser.parse_args(argv)
    _limit_memory(args.memory_mb)
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # nothing else may write into the reply stream
    serve(TemplateRunner(max_output=args.max_output), sys.stdin.buffer, replies, args.cpu_seconds)


if __name__ == "__main__":
    main()
