"""Build the embedded demo: schema, reference data, example content and a demo user.

Every step is idempotent, so ``make demo`` can be run again on an existing ``./var``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management import call_command
from rich.console import Console

DEMO_USERNAME = "demo"


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str


def _migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)


def _load_organisations() -> None:
    call_command("load_organisations", verbosity=0)


def _load_strategies() -> None:
    # Imported here so that the demo module loads before the apps are ready.
    from fardplan.web.strategies.services import import_example_strategies

    import_example_strategies()


def _load_example_plans() -> None:
    # After organisations and strategies: plans point at both, and skip a county without them.
    call_command("load_example_plans", verbosity=0)


def demo_steps() -> list[tuple[str, Callable[[], None]]]:
    """Return the build steps in order, each a label and a function."""
    return [
        ("Creating the database schema", _migrate),
        ("Loading regions, municipalities and example organisations", _load_organisations),
        ("Loading the three counties' strategies", _load_strategies),
        ("Loading example action plans", _load_example_plans),
    ]


def create_demo_user() -> Credentials:
    """Create (or reset) the demo user with a fresh random password and return its login."""
    password = secrets.token_urlsafe(9)
    user, _ = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
    user.is_staff = True
    user.is_superuser = True
    user.set_password(password)
    user.save()
    return Credentials(DEMO_USERNAME, password)


def build_demo(console: Console) -> Credentials:
    """Run every demo step with a status line each; return the demo user's login."""
    for label, step in demo_steps():
        with console.status(label):
            step()
        console.print(f"[green]✓[/] {label}")
    return create_demo_user()
