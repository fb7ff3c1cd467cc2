"""The ``fardplan`` command line: one Typer app, commands grouped by capability."""
