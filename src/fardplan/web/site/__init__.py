"""The site frame: base layout, start page, language switching."""
