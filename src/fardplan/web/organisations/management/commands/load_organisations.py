"""``manage.py load_organisations``: load counties, regions, municipalities and examples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fardplan.web.organisations.examples import ExampleDataError
from fardplan.web.organisations.loading import EXAMPLES, load_organisations


class Command(BaseCommand):
    help = (
        "Load the 21 counties, 21 regions and 290 municipalities from the SCB reference data "
        "and the example organisations of Norrbotten, Västerbotten and Västernorrland. "
        "Safe to run again: existing rows are updated, never duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--examples",
            type=Path,
            help="YAML file of example organisations (default: the shipped examples.yaml).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        examples = options["examples"] or EXAMPLES
        try:
            summary = load_organisations(examples)
        except (ExampleDataError, OSError) as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] == 0:
            return
        counts = ", ".join(f"{kind}: {count}" for kind, count in summary.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded ({summary.created} new). {counts}"))
