"""Webhooks: platforms' deliveries in (verified, stored, announced) and events out to the
URLs organizations subscribe. See docs/webhooks.md."""
