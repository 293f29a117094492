"""SQL storage of the channel accounts."""
