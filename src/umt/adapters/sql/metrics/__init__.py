"""The metrics context in SQL: the remote-object index, the metric samples, the sync states."""
