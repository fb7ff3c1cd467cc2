"""File formats for the platform's own content (strategies as YAML), independent of the web."""
