"""Strategies: a county's target picture (målbild), roadmap (färdplan) or strategy, with its
ordered content (vision, target areas, prerequisites, direction changes, perspectives)."""
