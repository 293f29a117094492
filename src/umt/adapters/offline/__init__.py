"""The offline content generator: a deterministic, seeded composer (the embedded default)."""
