"""The integration context: connections to external platforms, their health and credentials."""
