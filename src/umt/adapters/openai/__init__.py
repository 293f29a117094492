"""The OpenAI-compatible content generator (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio)."""

from umt.adapters.openai.generator import OpenAiConfig, OpenAiContentGenerator

__all__ = ["OpenAiConfig", "OpenAiContentGenerator"]
