"""Build the embedded demo: schema, reference data, example content and a demo user.

Every step is idempotent, so ``make demo`` can be run again on an existing ``./var``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from rich.console import Console

from fardplan import config

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


# The demo's care data: the three example counties, three years, full scale. Luleå gets a known
# change (avoidable admissions −20 % from June 2024) so that follow-up charts show a real effect.
@dataclass(frozen=True)
class CareDataParameters:
    counties: tuple[str, ...] = ("22", "24", "25")
    years: tuple[int, ...] = (2023, 2024, 2025)
    scale: float = 1.0
    seed: int = 7
    effects: tuple[str, ...] = ("2580:avoidable_admissions:-20%:2024-06",)


DEMO_CARE_DATA = CareDataParameters()


def care_data_dir() -> Path:
    """Return the folder of the demo's synthetic care data."""
    return config.data_dir() / "care-data"


def _generate_care_data() -> None:
    # The generator is deterministic: a folder made with the same parameters is kept as it is.
    from fardplan.synth import generate, parse_effect

    target = care_data_dir()
    stamp = target / "demo-parameters.json"
    wanted = json.dumps(asdict(DEMO_CARE_DATA), sort_keys=True)
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return
    generate(
        target,
        counties=DEMO_CARE_DATA.counties,
        years=DEMO_CARE_DATA.years,
        scale=DEMO_CARE_DATA.scale,
        seed=DEMO_CARE_DATA.seed,
        effects=[parse_effect(spec) for spec in DEMO_CARE_DATA.effects],
        overwrite=True,
    )
    stamp.write_text(wanted, encoding="utf-8")


def _compute_indicators() -> None:
    # A stored run of the same files with the same catalogue is current already: keep it.
    from fardplan.catalogue import load_catalogue
    from fardplan.engine import compute
    from fardplan.engine.dataset import fingerprint, locate
    from fardplan.engine.store import current_run, save_run

    data = care_data_dir()
    stored = current_run()
    if (
        stored is not None
        and stored.fingerprint == fingerprint(locate(data))
        and stored.catalogue_version == load_catalogue().version
    ):
        return
    save_run(compute(data))


def demo_steps() -> list[tuple[str, Callable[[], None]]]:
    """Return the build steps in order, each a label and a function."""
    return [
        ("Creating the database schema", _migrate),
        ("Loading regions, municipalities and example organisations", _load_organisations),
        ("Loading the three counties' strategies", _load_strategies),
        ("Loading example action plans", _load_example_plans),
        ("Generating synthetic care data for the three counties", _generate_care_data),
        ("Computing the indicators (DuckDB)", _compute_indicators),
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
