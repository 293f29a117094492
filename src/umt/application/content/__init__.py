"""Use cases of the content library: pieces, versions, review, templates."""
