"""The pure domain model: one package per bounded context plus the shared kernel.

Standard library only; no I/O, no clock, no randomness.
"""
