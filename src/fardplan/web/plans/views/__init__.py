"""Views of the plans app, one module per page family."""
