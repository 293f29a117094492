"""Platform adapters: one PlatformConnector per external platform, plus the sandbox."""
