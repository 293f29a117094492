"""Use cases of the integration context: connecting platforms, the credential vault, refresh
and health checks (docs/integrations.md)."""
