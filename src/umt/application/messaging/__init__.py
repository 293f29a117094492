"""The inter-agent message envelope (task, event, response, heartbeat, system)."""
