"""The publishing context: channel accounts, publications and the calendar, ad campaigns."""
