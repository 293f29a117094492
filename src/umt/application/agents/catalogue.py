"""The five agents of umt and the tasks each serves so far.

The agents themselves are declared here; their tasks and the events they follow come from the
bounded contexts' modules (each task from the ``use_case`` of the command it runs). An agent
answers a task it does not serve with the typed ``task_not_implemented`` error, never with a
fake success.
"""

from __future__ import annotations

from umt.application.agents.definition import AgentDefinition
from umt.application.agents.names import Agent
from umt.application.context_module import ContextModule, subscriptions_of, task_routes_of
from umt.application.modules import MODULES

DESCRIPTIONS: dict[Agent, str] = {
    Agent.AUTH_INTEGRATION: (
        "Users, organizations, roles, tokens; platform connections and credentials."
    ),
    Agent.BRAND_PROJECT: "Brands, voice and styling, audiences, competitors, projects.",
    Agent.CONTENT_STRATEGY: (
        "Performance analysis, competitor research, recommendations, calendars."
    ),
    Agent.CONTENT_CREATION: (
        "On-brand generation, variants, brand-voice compliance, A/B/n experiments."
    ),
    Agent.CONTENT_AD_MANAGEMENT: "Scheduling and publishing, ad campaigns, budgets, metric sync.",
}


def agents_of(modules: tuple[ContextModule, ...]) -> dict[str, AgentDefinition]:
    """Every agent with the tasks and subscriptions the modules give it, by name."""
    tasks = task_routes_of(modules)
    subscriptions = subscriptions_of(modules)
    return {
        agent.value: AgentDefinition(
            name=agent.value,
            description=description,
            tasks=tasks.get(agent, {}),
            subscriptions=subscriptions.get(agent, {}),
        )
        for agent, description in DESCRIPTIONS.items()
    }


AGENTS: dict[str, AgentDefinition] = agents_of(MODULES)
AUTH_INTEGRATION = AGENTS[Agent.AUTH_INTEGRATION]
BRAND_PROJECT = AGENTS[Agent.BRAND_PROJECT]
CONTENT_STRATEGY = AGENTS[Agent.CONTENT_STRATEGY]
CONTENT_CREATION = AGENTS[Agent.CONTENT_CREATION]
CONTENT_AD_MANAGEMENT = AGENTS[Agent.CONTENT_AD_MANAGEMENT]


def agent_for_task(task_type: str) -> AgentDefinition | None:
    """The agent that serves ``task_type``, if any does."""
    return next((a for a in AGENTS.values() if task_type in a.tasks), None)
