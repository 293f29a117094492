"""The agent runtime: agents as task handlers and event subscribers on the message broker."""
