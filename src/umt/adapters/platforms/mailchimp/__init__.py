"""Mailchimp through the Marketing API 3.0, authenticated with an API key."""

from umt.adapters.platforms.mailchimp.connector import MailchimpConnector

__all__ = ["MailchimpConnector"]
