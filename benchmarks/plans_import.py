"""Time the plan import at its limit (5 000 activities) against a file ten times smaller.

Prints, per file: its size packed and unpacked, the whole import's time and peak memory, and
how long the import's one write transaction held the database (from its first statement to
its last). Runs on a fresh SQLite database in a temporary directory (or ``DATABASE_URL``).
Run: ``PYTHONPATH=src .venv/bin/python benchmarks/plans_import.py [SIZE …]`` (default 500 and
5 000 activities).

``plan_file`` and ``transaction_time`` are shared with tests/web/plans/test_import_scale.py.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from io import BytesIO
from typing import Any

from openpyxl import Workbook

SIZES = (500, 5_000)
WORDS = ["mobilt", "team", "sköra", "äldre", "gemensam", "ingång", "hälsocentral", "SIP",
         "rutin", "digital", "första", "linje", "skolhälsa", "barn", "unga", "psykisk", "trygg",
         "ohälsa", "hemgång", "utskrivning", "fast", "läkarkontakt", "kronisk"]  # fmt: skip


def plan_file(
    count: int, owner: str, items: Sequence[str], organisations: Sequence[str], seed: int = 3
) -> bytes:
    """Return an import file of ``count`` activities, each with a 300-character description,
    two participants and one indicator; written in openpyxl's write-only mode (fast)."""
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    plan = book.create_sheet("Plan")
    plan.append(["Fält", "Värde"])
    for row in [["Typ av plan", "Intern handlingsplan"], ["Titel", f"Plan med {count}"],
                ["Ägare", owner], ["Start", "2025-01-01"], ["Slut", "2027-12-31"]]:  # fmt: skip
        plan.append(row)
    activities, indicators = book.create_sheet("Aktiviteter"), book.create_sheet("Indikatorer")
    activities.append(["Nr", "Titel"])
    indicators.append(["Aktivitet nr", "Indikator"])
    for number in range(1, count + 1):
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
        description = " ".join(rng.choice(WORDS) for _ in range(40))[:300]
        activities.append([
            number, f"{' '.join(rng.sample(WORDS, 4)).capitalize()} {number}",
            "; ".join(rng.sample(list(items), 2)), description, rng.choice(organisations),
            "; ".join(rng.sample(list(organisations), 2)), "Äldre med omfattande behov",
            start, start + timedelta(days=rng.randrange(30, 400)), "Planerad",
        ])  # fmt: skip
        indicators.append([number, "avoidable_admissions", "Minska", ""])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@contextmanager
def transaction_time(connection: Any) -> Iterator[list[float]]:
    """Yield a list that holds, after the block, the seconds from the first to the last
    statement run inside a transaction deeper than the one open at the start, and their count."""
    depth = len(connection.atomic_blocks)
    spans: list[float] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        inside = len(connection.atomic_blocks) > depth
        result = execute(sql, params, many, context)
        if inside:
            spans.append(time.perf_counter())
        return result

    started: list[float] = []
    with connection.execute_wrapper(timed):
        yield started
    if spans:
        started.extend([spans[-1] - spans[0], float(len(spans))])


def _setup() -> tuple[Any, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fardplan.web.settings")
    directory = tempfile.mkdtemp(prefix="fardplan-import-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{directory}/bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return _world()


def _world() -> tuple[Any, Any]:
    from django.contrib.auth import get_user_model

    from fardplan.web.access.models import Membership, Role
    from fardplan.web.organisations.models import County, Organisation, OrganisationKind
    from fardplan.web.strategies.models import Section, Strategy, StrategyItem

    county = County.objects.create(code="25", name="Norrbottens län", short_name="Norrbotten")
    region = Organisation.objects.create(
        county=county, kind=OrganisationKind.REGION, code="25", name="Region Norrbotten"
    )
    for number in range(14):
        Organisation.objects.create(county=county, kind=OrganisationKind.MUNICIPALITY,
                                    code=f"25{number:02d}", name=f"Kommun {number}")  # fmt: skip
    strategy = Strategy.objects.create(
        county=county, slug="bench", kind="strategi", title="S", period_start=2021,
        period_end=2030, status="adopted",
    )  # fmt: skip
    for position in range(1, 7):
        StrategyItem.objects.create(strategy=strategy, section=Section.DIRECTION_CHANGE,
                                    position=position, title=f"Riktning {position}")  # fmt: skip
    user = get_user_model().objects.create_user(username="samordnare")
    Membership.objects.create(user=user, organisation=region, role=Role.COORDINATOR)
    return user, strategy


def _measure(user: Any, strategy: Any, content: bytes) -> tuple[float, float, float, float]:
    from django.db import connection

    from fardplan.web.plans.importer import import_plan
    from fardplan.web.plans.models import Plan

    started = time.perf_counter()
    with transaction_time(connection) as held:
        import_plan(user, strategy, content)
    elapsed = time.perf_counter() - started
    Plan.objects.all().delete()
    tracemalloc.start()
    import_plan(user, strategy, content)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    Plan.objects.all().delete()
    return elapsed, peak, held[0], held[1]


def _unpacked(content: bytes) -> int:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return sum(member.file_size for member in archive.infolist())


def main(sizes: Sequence[int] = SIZES) -> None:
    user, strategy = _setup()
    from fardplan.web.organisations.models import Organisation

    names = list(Organisation.objects.values_list("name", flat=True))
    items = list(strategy.items.values_list("title", flat=True))
    header = ("activities", "file KiB", "unpacked", "time s", "peak MiB", "tx s", "tx stmts",
              "vs base")  # fmt: skip
    print(" ".join(f"{title:>10}" for title in header))
    baseline = None
    for count in sizes:
        content = plan_file(count, "Region Norrbotten", items, names)
        elapsed, peak, held, statements = _measure(user, strategy, content)
        baseline = baseline or elapsed
        cells = (count, len(content) // 1024, f"{_unpacked(content) // 1024} KiB",
                 f"{elapsed:.2f}", f"{peak:.1f}", f"{held:.3f}", int(statements),
                 f"{elapsed / baseline:.1f}")  # fmt: skip
        print(" ".join(f"{cell:>10}" for cell in cells))


if __name__ == "__main__":
    main([int(size) for size in sys.argv[1:]] or SIZES)
