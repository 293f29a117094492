"""Helpers shared by test folders (plain modules, not conftests)."""
