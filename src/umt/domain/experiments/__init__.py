"""The Experiments context: A/B/n tests of content versions and their assignment."""
