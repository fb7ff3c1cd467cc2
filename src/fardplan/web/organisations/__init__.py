"""Counties (län) and the organisations that act in them: regions, municipalities, care units,
collaboration bodies."""
