"""Competitor research: the sources read, the documents found, topic clusters and gaps."""
