"""``manage.py load_organisations``: load counties, regions, municipalities and examples."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fardplan.web.organisations.examples import ExampleDataError
from fardplan.web.organisations.loading import load_organisations


class Command(BaseCommand):
    help = (
        "Load the 21 counties, 21 regions and 290 municipalities from the SCB reference data "
        "and the example organisations of Norrbotten, Västerbotten and Västernorrland. "
        "Safe to run again: existing rows are updated, never duplicated."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_organisations()
        except ExampleDataError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] == 0:
            return
        counts = ", ".join(f"{kind}: {count}" for kind, count in summary.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded ({summary.created} new). {counts}"))
