"""The audit log: entries for committed domain events and authentication events, and the query."""
