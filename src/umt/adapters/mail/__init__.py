"""Outbound mail: SMTP, and .eml files for development (the embedded default)."""
