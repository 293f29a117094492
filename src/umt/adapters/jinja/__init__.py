"""Content templates rendered in jinja2's sandbox."""
