"""Demo history on the sandbox: published posts and their metrics for the README tour."""
