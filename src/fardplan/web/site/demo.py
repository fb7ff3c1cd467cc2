"""Build the embedded demo: schema, reference data, example content and a demo user.

Every step is idempotent, so ``make demo`` can be run again on an existing ``./var``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.management import call_command
from rich.console import Console

from fardplan import config

if TYPE_CHECKING:
    from fardplan.web.site.demo_users import Login

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


def _load_example_decisions() -> None:
    # After the strategies: each county's decisions are about its strategy.
    call_command("load_example_decisions", verbosity=0)


def _create_personas(logins: list[Login]) -> Callable[[], None]:
    def create() -> None:
        from fardplan.web.site.demo_users import create_demo_users

        logins[:] = create_demo_users()

    return create


def _load_example_plans() -> None:
    # After organisations and strategies: plans point at both, and skip a county without them.
    call_command("load_example_plans", verbosity=0)


# The demo's care data: the three example counties, full scale, the three full years before
# the year of the build (so the newest data is at most a year old, as published data is). Luleå
# gets a known change (avoidable admissions −35 % from June of the middle year) so that
# follow-up charts show a real effect.
@dataclass(frozen=True)
class CareDataParameters:
    counties: tuple[str, ...] = ("22", "24", "25")
    years: tuple[int, ...] = (2023, 2024, 2025)
    scale: float = 1.0
    seed: int = 7
    effects: tuple[str, ...] = ("2580:avoidable_admissions:-35%:2024-06",)

    @classmethod
    def for_year(cls, this_year: int) -> CareDataParameters:
        """Return the parameters for a build in ``this_year``: years ``this_year - 3`` to
        ``this_year - 1``, Luleå's change in June of the middle one."""
        years = (this_year - 3, this_year - 2, this_year - 1)
        return cls(years=years, effects=(f"2580:avoidable_admissions:-35%:{years[1]}-06",))


DEMO_CARE_DATA = CareDataParameters.for_year(date.today().year)


def care_data_dir() -> Path:
    """Return the folder of the demo's synthetic care data."""
    return config.data_dir() / "care-data"


def _link_indicators() -> None:
    # After the strategies: the county overview lists the indicators linked to their items.
    from fardplan.web.followup.demo_links import load_demo_links

    load_demo_links()


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


IMPORT_STEP = "Fetching the imported indicators from a recorded Kolada (illustrative values)"
FIRST_IMPORTED_YEAR = 2019


def _fetch_imported_indicators() -> None:
    # The demo has no internet: the shipped recording is served on loopback and fetched with
    # the real client, as `fardplan kolada fetch --recording` does. Its values are invented.
    from fardplan.catalogue import load_catalogue
    from fardplan.sources.kolada import KoladaClient
    from fardplan.sources.kolada_import import fetch_county
    from fardplan.sources.kolada_replay import DEMO_FETCHER, serve_recording

    kpis = [entry.kolada_id for entry in load_catalogue().imported if entry.kolada_id]
    years = range(FIRST_IMPORTED_YEAR, date.today().year)
    with serve_recording() as base, KoladaClient(base, min_interval=0) as client:
        for county in DEMO_CARE_DATA.counties:
            fetch_county(kpis, county, years, fetched_by=DEMO_FETCHER, client=client)


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


def _load_demo_reports() -> None:
    # After the personas (who write them) and the run (whose numbers they quote).
    from fardplan.web.reports.demo import load_demo_reports

    load_demo_reports()


def demo_steps(logins: list[Login] | None = None) -> list[tuple[str, Callable[[], None]]]:
    """Return the build steps in order, each a label and a function. The personas' step puts
    their logins in ``logins``; it comes before the plans, whose updates they write."""
    return [
        ("Creating the database schema", _migrate),
        ("Loading regions, municipalities and example organisations", _load_organisations),
        ("Loading the three counties' strategies", _load_strategies),
        ("Recording the strategies' example decisions", _load_example_decisions),
        (
            "Creating the demo's coordinators, editors and viewers",
            _create_personas([] if logins is None else logins),
        ),
        ("Loading example action plans", _load_example_plans),
        (
            "Linking indicators to the strategies' target areas and direction changes",
            _link_indicators,
        ),
        ("Generating synthetic care data for the three counties", _generate_care_data),
        ("Computing the indicators (DuckDB)", _compute_indicators),
        (IMPORT_STEP, _fetch_imported_indicators),
        ("Writing Norrbotten's example reports (2024T2 and this tertial)", _load_demo_reports),
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


def build_demo(console: Console) -> tuple[Credentials, list[Login]]:
    """Run every demo step with a status line each; return the demo user's login and the
    personas' logins (passwords new on each build, for the screen only)."""
    logins: list[Login] = []
    for label, step in demo_steps(logins):
        with console.status(label):
            step()
        console.print(f"[green]✓[/] {label}")
    return create_demo_user(), logins
