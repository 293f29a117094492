"""The Content context: pieces, their immutable versions, review, templates and compliance."""
