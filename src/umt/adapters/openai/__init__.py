"""The OpenAI-compatible content generator (the openai SDK, async)."""
