"""``manage.py load_example_plans``: load the example action plans (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fardplan.web.plans.examples import load_examples


class Command(BaseCommand):
    help = (
        "Load example action plans for Norrbotten, Västerbotten and Västernorrland. Run after "
        "the organisations and strategies are loaded; plans that exist are left as they are."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created, messages = load_examples()
        if options["verbosity"] < 1:
            return
        for message in messages:
            self.stdout.write(message)
        self.stdout.write(self.style.SUCCESS(f"{created} example plans created."))
