"""The publishing calendar: scheduling content versions to channel accounts, and reading it."""
