"""Entry point of the ``fardplan`` command."""

from __future__ import annotations

import os

import typer

from fardplan.cli import engine, fhir, kolada, protocol, refresh, report, spc, synth, web
from fardplan.cli.failure import guard_every_command

app = typer.Typer(
    help="Färdplan: plan and follow up the transition to god och nära vård.",
    no_args_is_help=True,
    add_completion=False,
)
web.register(app)
synth.register(app)
engine.register(app)
spc.register(app)
protocol.register(app)
report.register(app)
kolada.register(app)
fhir.register(app)
refresh.register(app)
# Last: an error a command does not refuse by name is a bug, logged with its traceback.
guard_every_command(app)


# Files this command writes: the web database, the analytics store, care data.
OWNER_ONLY = 0o077


def main() -> None:
    """Run the command with files created readable by the owner only: the embedded store
    holds pseudonymised health data, which no other account of the machine may read."""
    os.umask(OWNER_ONLY)
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
