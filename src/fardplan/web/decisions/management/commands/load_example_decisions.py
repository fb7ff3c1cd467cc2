"""``manage.py load_example_decisions``: record the example decisions (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fardplan.content.decisions import DecisionFileError
from fardplan.web.decisions.examples import load_example_decisions


class Command(BaseCommand):
    help = (
        "Record the example decisions of Norrbotten, Västerbotten and Västernorrland on their "
        "strategies. Run after the organisations and strategies are loaded; decisions already "
        "recorded are left as they are."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_example_decisions()
        except DecisionFileError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] < 1:
            return
        for message in report.messages:
            self.stdout.write(message)
        self.stdout.write(self.style.SUCCESS(f"{report.created} example decisions recorded."))
