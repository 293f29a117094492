"""The agents' instances as the heartbeats show them, for the stale-agent alerts."""

from __future__ import annotations

from prometheus_client.core import GaugeMetricFamily, Metric

from umt.application.agents.directory import AgentDirectory


def agent_instances(directory: AgentDirectory) -> Metric:
    """``umt_agent_instances{agent,state}``: per agent, its instances heard from lately
    (``live``) and gone silent (``stale``); both states for every agent, zeros included, so
    that an agent with no live instance shows as 0 rather than as no sample."""
    instances = GaugeMetricFamily(
        "umt_agent_instances",
        "Agent instances known from their heartbeats, by agent and state (live, stale).",
        labels=["agent", "state"],
    )
    for agent in directory.agents():
        stale = sum(1 for instance in agent.instances if instance.stale)
        instances.add_metric([agent.name, "live"], len(agent.instances) - stale)
        instances.add_metric([agent.name, "stale"], stale)
    return instances
