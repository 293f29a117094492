"""SQL storage of the analytics insights and the brands' alert rules."""
