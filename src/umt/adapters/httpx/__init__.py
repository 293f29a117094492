"""Outbound HTTP with httpx: webhook deliveries."""
