"""The bounded contexts of umt: the one list a new context adds its module to."""

from __future__ import annotations

from umt.application.audit import module as audit
from umt.application.brand import module as brand
from umt.application.content import module as content
from umt.application.context_module import ContextModule
from umt.application.experiments import module as experiments
from umt.application.identity import module as identity
from umt.application.integration import module as integration
from umt.application.webhooks import module as webhooks

MODULES: tuple[ContextModule, ...] = (
    identity.MODULE,
    brand.MODULE,
    content.MODULE,
    experiments.MODULE,
    integration.MODULE,
    webhooks.MODULE,
    audit.MODULE,
)
