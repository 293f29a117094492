"""The integration context: platform connections, their authorization and maintenance."""

from __future__ import annotations

from umt.application.agents.names import Agent
from umt.application.context_module import BackgroundLoop, ContextModule
from umt.application.integration import authorize, connect_form, disconnect, maintenance, queries
from umt.application.integration.scheduler import run_integration_scheduler

MODULE = ContextModule(
    name="integration",
    handlers=(
        maintenance.refresh_integration_tokens,
        maintenance.check_integration_health,
        queries.get_integration,
        queries.list_integrations,
        queries.list_platforms,
        authorize.start_authorization,
        authorize.complete_authorization,
        connect_form.connect_with_form,
        disconnect.disconnect_integration,
    ),
    loops=(
        BackgroundLoop("integration-scheduler", Agent.AUTH_INTEGRATION, run_integration_scheduler),
    ),
)
