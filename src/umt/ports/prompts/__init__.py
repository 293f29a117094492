"""Versioned prompt templates for the model-backed generators, and their output schemas.

``PROMPT_VERSION`` names the wording in use; every generated draft records it in its provenance
(``GeneratedDraft.prompt_version``). Everything here is a pure function of a
``GenerationRequest``: no I/O, no library of a provider.
"""

from umt.ports.prompts.draft import (
    PROMPT_VERSION,
    messages,
    system_message,
    user_message,
)
from umt.ports.prompts.limits import Limits, limits_for, target_words
from umt.ports.prompts.schema import (
    FIELDS_BY_TYPE,
    MalformedOutput,
    output_schema,
    parse_output,
    response_format,
    schema_name,
)

__all__ = [
    "FIELDS_BY_TYPE",
    "PROMPT_VERSION",
    "Limits",
    "MalformedOutput",
    "limits_for",
    "messages",
    "output_schema",
    "parse_output",
    "response_format",
    "schema_name",
    "system_message",
    "target_words",
    "user_message",
]
