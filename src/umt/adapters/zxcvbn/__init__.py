"""Password strength estimated by zxcvbn."""
