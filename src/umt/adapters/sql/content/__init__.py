"""SQL adapters of the content context: pieces, templates and the generation usage ledger."""
