"""The metrics context: syncing a platform's cumulative totals for umt's subjects."""
