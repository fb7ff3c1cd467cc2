"""Reference data shipped with Färdplan: Sweden's regions (län), municipalities, population and
boundaries, copied from Statistics Sweden (SCB, CC0). See ``data/SOURCES.md``."""
