"""Tracing (OpenTelemetry) and metrics (Prometheus) of the HTTP app and the agent workers."""
