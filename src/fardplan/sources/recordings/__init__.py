"""Recorded Kolada answers (``kolada-demo.json``: illustrative values, see docs/sources.md)."""
