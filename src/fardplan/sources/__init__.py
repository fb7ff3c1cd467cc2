"""Data from other sources: indicator values others publish (Kolada) or a region uploads."""
