"""The composition root: the only package that imports dependency-injector.

It picks adapters from the settings: the embedded defaults (SQLite under ./var, the
in-process broker, process memory for caches, the offline generator, the sandbox platform)
or the real services (PostgreSQL, RabbitMQ, Redis, an OpenAI-compatible API, the platform
APIs), and ``memory://`` for a throwaway in-process store. Connection pools are ``Resource``
providers, started and stopped with the application's lifespan (lifecycle.py).

One container per concern, wired together by the root container (root.py):

- core.py: clock, ids, circuit breakers, telemetry and metrics;
- storage.py: the storage backend, ``SqlStorage`` or ``MemoryStorage`` (memory_storage.py),
  chosen once;
- shared_state.py: what instances share through Redis or keep in memory (cache, idempotency
  keys, rate limits, sign-in lockouts, ended sessions);
- security.py: passwords, tokens, the credential cipher, mail;
- platforms.py and webhooks.py: the platform connector registry, the sandbox, webhooks;
- generation.py: the content generator chain, templates, the generation pipeline;
- messaging.py: the broker, jobs, the outbox relay, the scheduler;
- agents.py: the agent workers of a process.

The wiring helpers (resilience.py, content_generator.py, and the functions of each module)
are plain functions: only the container classes touch dependency-injector.
"""

from umt.adapters.imports import hiding

# first, before any module of the package: dependency-injector's wiring imports werkzeug when
# it is installed (for Flask's proxies, unused here; several MiB per process)
with hiding("werkzeug"):
    import dependency_injector.wiring  # noqa: F401  # imported for the side effect above

from umt.entrypoints.container.agents import agent_host  # after the import above
from umt.entrypoints.container.lifecycle import start_resources, stop_resources
from umt.entrypoints.container.platforms import platform_network_policy
from umt.entrypoints.container.root import Container, build_container
from umt.entrypoints.container.security import credential_cipher

__all__ = [
    "Container",
    "agent_host",
    "build_container",
    "credential_cipher",
    "platform_network_policy",
    "start_resources",
    "stop_resources",
]
