"""The generation pipeline around the ContentGenerator port (docs/generation-pipeline.md):
diversity plan, concurrent variants, compliance repair, de-duplication, ranking, the response
cache and the metered, budgeted calls."""
