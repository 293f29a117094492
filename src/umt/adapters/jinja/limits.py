"""Size bounds shared by the server side (renderer, pool) and the worker processes.

A module of its own so that the server imports them without importing jinja2: the compiler
lives only in the worker processes, and the server's start-up stays light."""

from __future__ import annotations

MAX_OUTPUT = 100_000  # characters a render may produce
MAX_SOURCE = 100_000  # the domain keeps bodies far smaller; this is the worker's own bound
