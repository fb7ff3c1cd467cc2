"""Entry point of the ``fardplan`` command."""

from __future__ import annotations

import typer

from fardplan.cli import engine, synth, web

app = typer.Typer(
    help="Färdplan: plan and follow up the transition to god och nära vård.",
    no_args_is_help=True,
    add_completion=False,
)
web.register(app)
synth.register(app)
engine.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
