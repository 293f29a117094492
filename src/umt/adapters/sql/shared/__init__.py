"""SQL adapters every context relies on: outbox, inbox, idempotency keys, jobs, audit log."""
