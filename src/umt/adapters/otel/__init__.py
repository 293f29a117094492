"""OpenTelemetry: the Tracer port on the OpenTelemetry API (spans go to whatever provider)."""
